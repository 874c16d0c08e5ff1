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
