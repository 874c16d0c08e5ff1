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
  /** Per process: with WEB_CONCURRENCY web processes, each has a pool of this size. */
  readonly databasePoolSize: number;
  /** Web processes: PostgreSQL's statement_timeout per connection, in ms (0 = none). Not the worker's. */
  readonly databaseStatementTimeoutMs: number;
  /** How long a request waits for a pooled connection before it gets a 503, in ms. */
  readonly databasePoolTimeoutMs: number;
  /** Web processes `start`/`web` run (Node cluster workers sharing the port); 1 = in-process. */
  readonly webConcurrency: number;
  readonly dataDir: string;
  readonly secretKey: string;
  readonly publicUrl: string;
  readonly trustProxy: boolean;
  readonly signupOpen: boolean;
  readonly baseCurrency: Currency;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly paymentGateway: 'simulated';
  /** Card payments (process_payment, refund_payment): attempts, backoff, limits. */
  readonly payments: PaymentSettings;
  /** The built-in `simulated` gateway's behaviour (SPEC §4); ignored by any other gateway. */
  readonly simulatedGateway: SimulatedGatewaySettings;
  readonly workerConcurrency: number;
  /** The job queue and its workers: leases, recovery of a dead worker's jobs, polling, shutdown. */
  readonly jobs: JobSettings;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly metricsToken: string | undefined;
  /** Lifetime of API tokens, in seconds. */
  readonly tokenTtlSeconds: number;
  /** How long a password reset link works, in seconds. */
  readonly passwordResetTtlSeconds: number;
  /**
   * How long a web process may reuse an authenticated principal (0 = never). Entries are evicted
   * by database notifications as soon as a token or user changes; this is only a backstop.
   */
  readonly authCacheTtlSeconds: number;
  /**
   * How long a web process may reuse a serialized public catalog response (0 = never). Dropped
   * by database notifications as soon as a product or category changes; this is only a backstop.
   */
  readonly catalogCacheTtlSeconds: number;
  /**
   * MiB of rendered orders pages a web process keeps (0 = none). A page is sent again only after
   * one primary-key lookup shows the user's orders unchanged, so it is never stale.
   */
  readonly orderPageCacheMb: number;
  /**
   * How far a server process's heap may grow past its live size between full collections, in
   * percent (0 = V8's adaptive default, up to 300 %). Trades a little CPU for a bounded RSS.
   */
  readonly heapGrowthPercent: number;
  /** How long a graceful shutdown waits for in-flight requests, in milliseconds. */
  readonly shutdownGraceMs: number;
  /** An admin session ends after this many seconds without a request. */
  readonly adminSessionIdleSeconds: number;
  /** An admin session ends this many seconds after login, however active. */
  readonly adminSessionAbsoluteSeconds: number;
  /** Exact browser origins allowed to call /api/v1 cross-origin (CORS); empty = no CORS headers. */
  readonly allowedOrigins: readonly string[];
  /** Writes (POST/PATCH/PUT/DELETE under /api/v1) per user per minute; 0 = unlimited. */
  readonly writeRatePerUserPerMinute: number;
  /** Writes per client address per minute; 0 = unlimited. */
  readonly writeRatePerAddressPerMinute: number;
  /** Card orders (charges at the gateway) per user per minute; over it, 429. 0 = unlimited. */
  readonly cardPaymentsPerUserPerMinute: number;
  /** E-mails a user's actions cause per minute; over it, they are deferred to later minutes. 0 = unlimited. */
  readonly emailsPerUserPerMinute: number;
  /** `__Host-ledgerline_admin` in production (Secure, host-only), `ledgerline_admin` otherwise. */
  readonly adminCookieName: string;
}

export interface PaymentSettings {
  /** Attempts of process_payment and refund_payment before the job is kept as failed (SPEC: 10). */
  readonly maxAttempts: number;
  /** Backoff base: attempt n+1 waits about base × 2^(n-1), ±20%, capped at 10 minutes (SPEC: 1 s). */
  readonly backoffBaseMs: number;
  /** Time limit of one attempt; its signal aborts the gateway call and the attempt's statements. */
  readonly timeLimitMs: number;
  /** How long one gateway call may take before it counts as timed out (and is retried). */
  readonly gatewayTimeoutMs: number;
}

export interface SimulatedGatewaySettings {
  readonly latencyMs: number;
  /** Probability (0..1) that a call fails before the gateway records anything. */
  readonly failRate: number;
  /** Probability (0..1) that a call is processed and recorded, but its answer never arrives. */
  readonly timeoutRate: number;
}

export interface JobSettings {
  /**
   * How long a running job stays claimed without a heartbeat. A live worker renews the claim every
   * third of it; a dead worker's (kill -9, OOM, power loss) lapses, and the job runs again.
   */
  readonly leaseSeconds: number;
  /** How often each worker releases lapsed claims. A dead worker's job is runnable again within leaseSeconds + this. */
  readonly sweepIntervalSeconds: number;
  /** Fallback poll for due jobs (retries whose delay ended, cron jobs, missed notifications). */
  readonly pollIntervalMs: number;
  /** On SIGTERM a worker waits this long for running jobs, then releases the rest for another worker. */
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
  const rate = (name: string): number => {
    const raw = optional(name);
    if (raw === undefined) return 0;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 1) {
      problems.push(`${name} must be a number from 0 to 1 (got "${raw}")`);
      return 0;
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

  const allowedOrigins = (optional('ALLOWED_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '');
  for (const origin of allowedOrigins) {
    // Browsers send the bare origin (scheme://host[:port]); anything else could never match.
    if (origin !== '*' && !isOrigin(origin)) problems.push(`ALLOWED_ORIGINS entries must be origins like https://app.example.com (got "${origin}")`);
  }

  const paymentTimeLimitMs = int('PAYMENT_TIME_LIMIT_MS', 30_000, 10, 3_600_000);
  const config: Config = {
    appEnv,
    host,
    port,
    databaseUrl,
    databaseReplicaUrl: optional('DATABASE_REPLICA_URL'),
    databasePoolSize: int('DATABASE_POOL_SIZE', 10, 1, 1000),
    databaseStatementTimeoutMs: int('DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
    databasePoolTimeoutMs: int('DATABASE_POOL_TIMEOUT_MS', 5_000, 1, 600_000),
    webConcurrency: int('WEB_CONCURRENCY', 1, 1, 256),
    dataDir: path.resolve(str('DATA_DIR', './var')),
    secretKey: secretKey ?? DEV_SECRET,
    publicUrl: str('PUBLIC_URL', `http://localhost:${port}`).replace(/\/+$/, ''),
    trustProxy: bool('TRUST_PROXY', false),
    signupOpen: bool('SIGNUP_OPEN', !production),
    baseCurrency: oneOf<Currency>('BASE_CURRENCY', CURRENCIES, 'USD'),
    smtpUrl,
    mailFrom: str('MAIL_FROM', 'Ledgerline <no-reply@localhost>'),
    // Only `simulated` exists so far; `check --deploy` warns (W004) when production runs on it.
    paymentGateway: oneOf('PAYMENT_GATEWAY', ['simulated'], 'simulated'),
    payments: Object.freeze({
      maxAttempts: int('PAYMENT_MAX_ATTEMPTS', 10, 1, 100),
      backoffBaseMs: int('PAYMENT_BACKOFF_BASE_MS', 1_000, 0, 600_000),
      timeLimitMs: paymentTimeLimitMs,
      // Default: 10 s, or half a shorter time limit, so a timed-out call still leaves the attempt
      // time to end cleanly (and be retried) before its limit.
      gatewayTimeoutMs: int('PAYMENT_GATEWAY_TIMEOUT_MS', Math.min(10_000, Math.max(1, Math.floor(paymentTimeLimitMs / 2))), 1, 3_600_000),
    }),
    simulatedGateway: Object.freeze({
      latencyMs: int('SIMULATED_GATEWAY_LATENCY_MS', 50, 0, 600_000),
      failRate: rate('SIMULATED_GATEWAY_FAIL_RATE'),
      timeoutRate: rate('SIMULATED_GATEWAY_TIMEOUT_RATE'),
    }),
    // 10: as many jobs as the default pool has connections (the worker's pool is concurrency + 3,
    // main.ts); handlers wait on I/O (SMTP, the gateway), so ten at once cost one process little.
    workerConcurrency: int('WORKER_CONCURRENCY', 10, 1, 1000),
    jobs: Object.freeze({
      leaseSeconds: int('JOB_LEASE_SECONDS', 30, 2, 3600),
      sweepIntervalSeconds: int('JOB_SWEEP_INTERVAL_SECONDS', 5, 1, 600),
      pollIntervalMs: int('JOB_POLL_INTERVAL_MS', 1_000, 10, 60_000),
      shutdownGraceMs: int('WORKER_SHUTDOWN_GRACE_MS', 30_000, 0, 3_600_000),
    }),
    logLevel: oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], appEnv === 'test' ? 'silent' : 'info'),
    metricsToken: optional('METRICS_TOKEN'),
    tokenTtlSeconds: int('TOKEN_TTL_SECONDS', 30 * 24 * 3600, 60, 365 * 24 * 3600),
    passwordResetTtlSeconds: int('PASSWORD_RESET_TTL_SECONDS', 3600, 60, 7 * 24 * 3600),
    // Off by default under test, where tests change credentials behind the API's back with SQL
    // and expect the very next request to see it; the cache's own tests turn it on.
    authCacheTtlSeconds: int('AUTH_CACHE_TTL_SECONDS', appEnv === 'test' ? 0 : 30, 0, 3600),
    // Off under test for the same reason (tests write products with SQL, not only through the
    // service); the cache's own tests turn it on.
    catalogCacheTtlSeconds: int('CATALOG_CACHE_TTL_SECONDS', appEnv === 'test' ? 0 : 30, 0, 3600),
    // On under test too: every page is checked against the database before it is reused.
    orderPageCacheMb: int('ORDER_PAGE_CACHE_MB', 8, 0, 1024),
    heapGrowthPercent: int('HEAP_GROWTH_PERCENT', 30, 0, 1000),
    shutdownGraceMs: int('SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    adminSessionIdleSeconds: int('ADMIN_SESSION_IDLE_SECONDS', 1800, 60, 7 * 24 * 3600),
    adminSessionAbsoluteSeconds: int('ADMIN_SESSION_ABSOLUTE_SECONDS', 43_200, 60, 30 * 24 * 3600),
    allowedOrigins: Object.freeze(allowedOrigins),
    // On by default in production only, at ceilings no ordinary client reaches (6,000 a minute is
    // Stripe's 100 requests a second); development is off like test, whose suites and load tests
    // send thousands of writes from one address. The rate limit's own tests set small numbers.
    writeRatePerUserPerMinute: int('WRITE_RATE_PER_USER_PER_MINUTE', production ? 6000 : 0, 0, 1_000_000),
    writeRatePerAddressPerMinute: int('WRITE_RATE_PER_ADDRESS_PER_MINUTE', production ? 30_000 : 0, 0, 1_000_000),
    // Side-effect caps: on in development too (they guard money and mail, not throughput); off
    // under test, where suites place many orders as one user. Their own tests turn them on.
    cardPaymentsPerUserPerMinute: int('CARD_PAYMENTS_PER_USER_PER_MINUTE', appEnv === 'test' ? 0 : 10, 0, 1_000_000),
    emailsPerUserPerMinute: int('EMAILS_PER_USER_PER_MINUTE', appEnv === 'test' ? 0 : 60, 0, 1_000_000),
    // Browsers accept a __Host- cookie only when Secure, so the prefix needs HTTPS (production).
    adminCookieName: production ? '__Host-ledgerline_admin' : 'ledgerline_admin',
  };
  if (config.payments.gatewayTimeoutMs >= config.payments.timeLimitMs) {
    // Otherwise the attempt is killed before the call can time out on its own, every time.
    problems.push('PAYMENT_GATEWAY_TIMEOUT_MS must be less than PAYMENT_TIME_LIMIT_MS');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(config);
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === value;
  } catch {
    return false;
  }
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
