import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { DEPLOY_CHECKS, deployChecks, formatReport } from './deploy-checks.ts';

const STRONG = randomBytes(48).toString('base64url');
/** A production configuration that passes every check, to vary one setting at a time. */
const GOOD: Record<string, string> = {
  APP_ENV: 'production',
  SECRET_KEY: STRONG,
  PUBLIC_URL: 'https://ledgerline.example.com',
  DATABASE_URL: 'postgres://app@db.example.com/ledgerline',
  SMTP_URL: 'smtps://mail.example.com',
  METRICS_TOKEN: 'scrape-me',
  ALLOWED_ORIGINS: 'https://app.example.com',
};
const ids = (env: Record<string, string>) => deployChecks(loadConfig({ ...GOOD, ...env })).map((m) => m.id);
const levels = (env: Record<string, string>) => deployChecks(loadConfig({ ...GOOD, ...env })).map((m) => `${m.id}:${m.level}`);

describe('deploy checks', () => {
  it('a sound production configuration only hears about the simulated payment gateway', () => {
    expect(levels({})).toEqual(['W004:warning']);
  });

  it('E001: a production SECRET_KEY under 50 characters or under 5 distinct characters', () => {
    expect(ids({ SECRET_KEY: 'aB3$x'.repeat(9) })).toEqual(['E001', 'W004']); // 45 characters
    expect(ids({ SECRET_KEY: 'abcd'.repeat(20) })).toEqual(['E001', 'W004']); // 4 distinct
    expect(ids({ SECRET_KEY: 'abcde'.repeat(10) })).toEqual(['W004']); // exactly 50 and 5
  });

  it('E002: a production PUBLIC_URL that is not https', () => {
    expect(levels({ PUBLIC_URL: 'http://ledgerline.example.com' })).toContain('E002:error');
  });

  it('E003: ALLOWED_ORIGINS with * in production', () => {
    expect(levels({ ALLOWED_ORIGINS: 'https://app.example.com,*' })).toContain('E003:error');
  });

  it('E004: production on the embedded database (no DATABASE_URL)', () => {
    expect(levels({ DATABASE_URL: '' })).toContain('E004:error');
  });

  it('E005: debug output (LOG_LEVEL debug or trace) in production', () => {
    expect(levels({ LOG_LEVEL: 'debug' })).toContain('E005:error');
    expect(levels({ LOG_LEVEL: 'trace' })).toContain('E005:error');
    expect(ids({ LOG_LEVEL: 'warn' })).not.toContain('E005');
  });

  it('warns about a trusted proxy, open sign-up, no SMTP, no metrics token and disabled write limits or caps', () => {
    expect(levels({ TRUST_PROXY: 'true' })).toContain('W002:warning');
    expect(levels({ SIGNUP_OPEN: 'true' })).toContain('W003:warning');
    expect(levels({ SMTP_URL: '' })).toContain('W005:warning');
    expect(levels({ METRICS_TOKEN: '' })).toContain('W006:warning');
    expect(levels({ WRITE_RATE_PER_USER_PER_MINUTE: '0' })).toContain('W007:warning');
    expect(levels({ CARD_PAYMENTS_PER_USER_PER_MINUTE: '0' })).toContain('W008:warning');
    expect(levels({ EMAILS_PER_USER_PER_MINUTE: '0' })).toContain('W008:warning');
  });

  it('W008 names each side-effect cap that is off, and production defaults keep both on', () => {
    const w008 = (env: Record<string, string>) => deployChecks(loadConfig({ ...GOOD, ...env })).find((m) => m.id === 'W008')?.message;
    expect(w008({})).toBeUndefined();
    expect(w008({ EMAILS_PER_USER_PER_MINUTE: '0' })).toContain('EMAILS_PER_USER_PER_MINUTE (e-mails) set to 0');
    expect(w008({ EMAILS_PER_USER_PER_MINUTE: '0' })).not.toContain('CARD_PAYMENTS');
    expect(w008({ CARD_PAYMENTS_PER_USER_PER_MINUTE: '0', EMAILS_PER_USER_PER_MINUTE: '0' })).toContain(
      'CARD_PAYMENTS_PER_USER_PER_MINUTE (card payments) and EMAILS_PER_USER_PER_MINUTE (e-mails) set to 0',
    );
  });

  it('W001 alone: the audit of a non-production configuration skips the production checks', () => {
    expect(deployChecks(loadConfig({ APP_ENV: 'development', LOG_LEVEL: 'debug' })).map((m) => m.id)).toEqual(['W001']);
  });

  it('every check id is unique and documented in docs/DEPLOY_CHECKS.md', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../docs/DEPLOY_CHECKS.md', import.meta.url), 'utf8');
    const everything = loadConfig({ APP_ENV: 'production', SECRET_KEY: 'x', PUBLIC_URL: 'http://h', ALLOWED_ORIGINS: '*', LOG_LEVEL: 'debug', TRUST_PROXY: 'on', SIGNUP_OPEN: 'on', WRITE_RATE_PER_USER_PER_MINUTE: '0', EMAILS_PER_USER_PER_MINUTE: '0' });
    const found = DEPLOY_CHECKS.flatMap((check) => check(everything)).map((m) => m.id);
    expect(new Set(found).size).toBe(found.length);
    expect(found.length).toBe(DEPLOY_CHECKS.length - 2); // all but W001 (production) and E006 (derived by code)
    for (const id of [...found, 'W001', 'E006']) expect(doc).toMatch(new RegExp(`^### ${id}\\b`, 'm'));
  });

  it('formats like Django: errors, then warnings, then the count, never printing the secret', () => {
    const report = formatReport(deployChecks(loadConfig({ ...GOOD, SECRET_KEY: 'short' })));
    expect(report).toMatch(/^System check identified some issues:\n\nERRORS:\nE001: /);
    expect(report).toMatch(/WARNINGS:\nW004: /);
    expect(report).toContain('System check identified 2 issues.');
    expect(report).not.toContain('short');
    expect(formatReport([])).toBe('System check identified no issues.\n');
  });
});
