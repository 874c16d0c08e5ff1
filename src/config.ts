// The only module that reads the environment. loadConfig() validates every setting once, at
// start-up, and returns a frozen value that is passed to whatever needs it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

export type AppEnv = 'development' | 'production' | 'test';
export type Currency = 'USD' | 'EUR' | 'GBP';
export const CURRENCIES: readonly Currency[] = ['USD', 'EUR', 'GBP'];

export interface Config {
  readonly appEnv: AppEnv;
  readonly host: string;
  readonly port: number;
  /** External PostgreSQL; when absent an embedded server is started under dataDir. */
  readonly databaseUrl: string | undefined;
  readonly databaseReplicaUrl: string | undefined;
  readonly databasePoolSize: number;
  readonly dataDir: string;
  readonly secretKey: string;
  readonly publicUrl: string;
  readonly trustProxy: boolean;
  readonly signupOpen: boolean;
  readonly baseCurrency: Currency;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly paymentGateway: string;
  readonly workerConcurrency: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly metricsToken: string | undefined;
  /** Lifetime of API tokens, in seconds. */
  readonly tokenTtlSeconds: number;
  /**
   * How long a web process may reuse an authenticated principal (0 = never). Entries are evicted
   * by database notifications as soon as a token or user changes; this is only a backstop.
   */
  readonly authCacheTtlSeconds: number;
  /** How long a graceful shutdown waits for in-flight requests, in milliseconds. */
  readonly shutdownGraceMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/** Reads `.env` in the working directory, if present; real environment variables win. */
export function readEnv(cwd = process.cwd(), env: Env = process.env): Env {
  const file = path.join(cwd, '.env');
  if (!existsSync(file)) return { ...env };
  return { ...parseEnv(readFileSync(file, 'utf8')), ...env };
}

const DEV_SECRET = 'insecure-development-secret-key-change-me-in-production-0123456789';

export function loadConfig(env: Env = readEnv()): Config {
  const problems: string[] = [];
  const str = (name: string, fallback: string): string => {
    const v = env[name];
    return v === undefined || v === '' ? fallback : v;
  };
  const optional = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = optional(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const bool = (name: string, fallback: boolean): boolean => {
    const raw = optional(name);
    if (raw === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${name} must be true or false (got "${raw}")`);
    return fallback;
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const raw = str(name, fallback);
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    problems.push(`${name} must be one of ${allowed.join(', ')} (got "${raw}")`);
    return fallback;
  };

  const appEnv = oneOf<AppEnv>('APP_ENV', ['development', 'production', 'test'], 'development');
  const production = appEnv === 'production';
  const port = int('PORT', 8080, 0, 65535);
  const host = str('HOST', production ? '0.0.0.0' : '127.0.0.1');
  const secretKey = optional('SECRET_KEY');
  if (production && secretKey === undefined) problems.push('SECRET_KEY is required when APP_ENV=production');

  const databaseUrl = optional('DATABASE_URL');
  for (const name of ['DATABASE_URL', 'DATABASE_REPLICA_URL']) {
    const v = optional(name);
    if (v !== undefined && !/^postgres(ql)?:\/\//.test(v)) problems.push(`${name} must be a postgres:// URL`);
  }
  const smtpUrl = optional('SMTP_URL');
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');

  const config: Config = {
    appEnv,
    host,
    port,
    databaseUrl,
    databaseReplicaUrl: optional('DATABASE_REPLICA_URL'),
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 1000),
    dataDir: path.resolve(str('DATA_DIR', './var')),
    secretKey: secretKey ?? DEV_SECRET,
    publicUrl: str('PUBLIC_URL', `http://localhost:${port}`).replace(/\/+$/, ''),
    trustProxy: bool('TRUST_PROXY', false),
    signupOpen: bool('SIGNUP_OPEN', !production),
    baseCurrency: oneOf<Currency>('BASE_CURRENCY', CURRENCIES, 'USD'),
    smtpUrl,
    mailFrom: str('MAIL_FROM', 'Ledgerline <no-reply@localhost>'),
    paymentGateway: oneOf('PAYMENT_GATEWAY', ['simulated'], 'simulated'),
    workerConcurrency: int('WORKER_CONCURRENCY', 4, 1, 1000),
    logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], appEnv === 'test' ? 'silent' : 'info'),
    metricsToken: optional('METRICS_TOKEN'),
    tokenTtlSeconds: int('TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    // Off by default under test, where tests change credentials behind the API's back with SQL
    // and expect the very next request to see it; the cache's own tests turn it on.
    authCacheTtlSeconds: int('AUTH_CACHE_TTL_SECONDS', appEnv === 'test' ? 0 : 30, 0, 3600),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

/** A copy safe to log: secrets and passwords inside URLs are masked. */
export function maskedConfig(config: Config): Record<string, unknown> {
  const maskUrl = (u: string | undefined) => u?.replace(/\/\/([^:/@]*):([^@]*)@/, '//$1:****@');
  return {
    ...config,
    secretKey: '****',
    metricsToken: config.metricsToken === undefined ? undefined : '****',
    databaseUrl: maskUrl(config.databaseUrl),
    databaseReplicaUrl: maskUrl(config.databaseReplicaUrl),
    smtpUrl: maskUrl(config.smtpUrl),
  };
}
