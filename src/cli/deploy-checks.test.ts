import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { deployChecks, formatReport } from './deploy-checks.ts';

const production = (secret: string) => loadConfig({ APP_ENV: 'production', SECRET_KEY: secret });
const ids = (secret: string) => deployChecks(production(secret)).map((m) => m.id);

describe('deploy checks', () => {
  it('E001: a production SECRET_KEY under 50 characters or under 5 distinct characters', () => {
    expect(ids('aB3$x'.repeat(9))).toEqual(['E001']); // 45 characters
    expect(ids('abcd'.repeat(20))).toEqual(['E001']); // 4 distinct
    expect(ids('abcde'.repeat(10))).toEqual([]); // exactly 50 and 5
  });

  it('W001: the audit of a non-production configuration', () => {
    expect(deployChecks(loadConfig({ APP_ENV: 'development' })).map((m) => m.id)).toEqual(['W001']);
  });

  it('formats like Django: errors, then warnings, then the count', () => {
    const report = formatReport(deployChecks(production('short')));
    expect(report).toMatch(/^System check identified some issues:\n\nERRORS:\nE001: /);
    expect(report).toContain('System check identified 1 issue.');
    expect(report).not.toContain('short');
    expect(formatReport([])).toBe('System check identified no issues.\n');
  });
});
