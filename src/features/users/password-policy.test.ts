import { describe, expect, it } from 'vitest';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, PasswordPolicy, similarity } from './password-policy.ts';

const policy = new PasswordPolicy();
const email = 'jane.doe@example.com';

describe('PasswordPolicy', () => {
  it('accepts a long passphrase unrelated to the e-mail', () => {
    expect(policy.problems('violet staircase 42 lanterns', email)).toEqual([]);
  });

  it('counts Unicode characters, not UTF-16 code units', () => {
    expect(policy.problems('🔐'.repeat(PASSWORD_MIN_LENGTH), email)).toEqual([]);
    expect(policy.problems('🔐'.repeat(PASSWORD_MIN_LENGTH - 1), email)).toEqual([expect.stringMatching(/too short/)]);
    expect(policy.problems('🔐'.repeat(PASSWORD_MAX_LENGTH), email)).toEqual([]);
    expect(policy.problems('🔐'.repeat(PASSWORD_MAX_LENGTH + 1), email)).toEqual([expect.stringMatching(/at most 128/)]);
  });

  it('rejects a password made only of digits', () => {
    expect(policy.problems('839201746352918', email)).toEqual(['This password is entirely numeric.']);
  });

  it('rejects the e-mail address itself, in any case, and passwords containing it', () => {
    expect(policy.problems('Jane.Doe@Example.com', email)).toContain('This password is too similar to the e-mail address.');
    expect(policy.problems('xx jane.doe@example.com xx', email)).toContain('This password is too similar to the e-mail address.');
  });

  it('rejects passwords close to the local part of the e-mail address', () => {
    expect(policy.problems('JANE.DOE.2024', email)).toContain('This password is too similar to the e-mail address.');
    expect(policy.problems('janedoe12345', email)).toContain('This password is too similar to the e-mail address.');
  });

  it('rejects well-known common passwords whatever their case', () => {
    expect(policy.problems('qazwsxedcrfv', email)).toEqual(['This password is too common.']);
    expect(policy.problems('Password1234', email)).toEqual(['This password is too common.']);
  });

  it('reports every broken rule at once', () => {
    expect(policy.problems('123456789012', email)).toEqual(['This password is entirely numeric.', 'This password is too common.']);
  });

  it('can be given its own list of common passwords', () => {
    const custom = new PasswordPolicy(['correct horse battery staple']);
    expect(custom.problems('Correct Horse Battery Staple', email)).toEqual(['This password is too common.']);
    expect(custom.problems('qazwsxedcrfv', email)).toEqual([]);
  });
});

describe('similarity', () => {
  it('is 1 for equal strings and 0 for strings with nothing in common', () => {
    expect(similarity('abc', 'abc')).toBe(1);
    expect(similarity('abc', 'xyz')).toBe(0);
    expect(similarity('abcd', 'abxy')).toBe(0.5);
  });
});
