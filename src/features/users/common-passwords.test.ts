import { describe, expect, it } from 'vitest';
import { longCommonPasswords } from '../../../scripts/common-passwords.ts';
import { COMMON_PASSWORDS } from './common-passwords.ts';
import { PasswordPolicy } from './password-policy.ts';

describe('the common-password list', () => {
  it('is exactly the long entries of the zxcvbn list (npx tsx scripts/common-passwords.ts regenerates it)', () => {
    expect(COMMON_PASSWORDS).toEqual(longCommonPasswords());
  });

  it('is what the default policy refuses', () => {
    expect(new PasswordPolicy().problems('Q1W2E3R4T5Y6', 'someone@example.com')).toContain('This password is too common.');
  });
});
