import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, maskedConfig } from '../../src/config.ts';

describe('loadConfig', () => {
  it('has working defaults for development', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ appEnv: 'development', port: 8080, baseCurrency: 'USD', signupOpen: true, databaseUrl: undefined });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('closes sign-up and requires SECRET_KEY in production', () => {
    expect(() => loadConfig({ APP_ENV: 'production' })).toThrow(/SECRET_KEY is required/);
    expect(loadConfig({ APP_ENV: 'production', SECRET_KEY: 'k'.repeat(60) }).signupOpen).toBe(false);
  });

  it('parses ALLOWED_ORIGINS as exact origins', () => {
    expect(loadConfig({ ALLOWED_ORIGINS: 'https://a.example.com, http://localhost:3000' }).allowedOrigins).toEqual(['https://a.example.com', 'http://localhost:3000']);
    expect(loadConfig({}).allowedOrigins).toEqual([]);
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'https://a.example.com/path' })).toThrow(/ALLOWED_ORIGINS/);
  });

  it('limits writes by default only in production, and caps payments and e-mails everywhere but under test', () => {
    const production = loadConfig({ APP_ENV: 'production', SECRET_KEY: 'k'.repeat(60) });
    expect(production).toMatchObject({ writeRatePerUserPerMinute: 6000, writeRatePerAddressPerMinute: 30_000 });
    expect(production).toMatchObject({ cardPaymentsPerUserPerMinute: 10, emailsPerUserPerMinute: 60 });
    expect(loadConfig({})).toMatchObject({ writeRatePerUserPerMinute: 0, writeRatePerAddressPerMinute: 0 });
    expect(loadConfig({})).toMatchObject({ cardPaymentsPerUserPerMinute: 10, emailsPerUserPerMinute: 60 });
    expect(loadConfig({ APP_ENV: 'test' })).toMatchObject({
      writeRatePerUserPerMinute: 0,
      writeRatePerAddressPerMinute: 0,
      cardPaymentsPerUserPerMinute: 0,
      emailsPerUserPerMinute: 0,
    });
    expect(loadConfig({ CARD_PAYMENTS_PER_USER_PER_MINUTE: '0', EMAILS_PER_USER_PER_MINUTE: '5' })).toMatchObject({ cardPaymentsPerUserPerMinute: 0, emailsPerUserPerMinute: 5 });
    expect(() => loadConfig({ CARD_PAYMENTS_PER_USER_PER_MINUTE: '-1' })).toThrow(/CARD_PAYMENTS_PER_USER_PER_MINUTE/);
    expect(() => loadConfig({ EMAILS_PER_USER_PER_MINUTE: '2.5' })).toThrow(/EMAILS_PER_USER_PER_MINUTE/);
  });

  it('reports every invalid setting at once, naming what to set', () => {
    try {
      loadConfig({ PORT: 'eighty', BASE_CURRENCY: 'JPY', SIGNUP_OPEN: 'maybe', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems).toHaveLength(4);
      for (const name of ['PORT', 'BASE_CURRENCY', 'SIGNUP_OPEN', 'DATABASE_URL']) expect((err as Error).message).toContain(name);
    }
  });

  it('masks secrets and URL passwords when printed', () => {
    const c = loadConfig({ SECRET_KEY: 's3cr3t-value', DATABASE_URL: 'postgres://app:hunter2@db/app', SMTP_URL: 'smtp://u:pw@mail:25' });
    const text = JSON.stringify(maskedConfig(c));
    expect(text).not.toMatch(/s3cr3t-value|hunter2|:pw@/);
    expect(text).toContain('postgres://app:****@db/app');
  });
});
