// The composition root: config → database → services → HTTP. Every object is built here with
// `new X(deps)`, top to bottom; nothing else constructs services or reads configuration.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { maskedConfig } from './config.ts';
import { Database } from './platform/db/db.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './platform/db/embedded.ts';
import { MigrationError, Migrator, readMigrations } from './platform/db/migrations.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { createApp, type App } from './platform/http/app.ts';
import { authHooks } from './platform/http/auth.ts';
import { healthRoutes, type Readiness } from './platform/http/health.ts';
import { Idempotency } from './platform/http/idempotency.ts';
import { RequestStats } from './platform/http/request-stats.ts';
import { UserService } from './features/users/user.service.ts';
import { TokenService } from './features/users/token.service.ts';
import { LoginThrottle } from './features/users/login-throttle.ts';
import { PrincipalCache } from './features/users/principal-cache.ts';
import { NotificationListener } from './platform/db/notifications.ts';
import { userRoutes } from './features/users/user.http.ts';
import { CustomerService } from './features/customers/customer.service.ts';
import { customerRoutes } from './features/customers/customer.http.ts';
import { InvoiceService } from './features/invoices/invoice.service.ts';
import { invoiceRoutes } from './features/invoices/invoice.http.ts';
import { CatalogService } from './features/catalog/catalog.service.ts';
import { catalogRoutes } from './features/catalog/catalog.http.ts';
import { BalanceService } from './features/balance/balance.service.ts';
import { balanceRoutes } from './features/balance/balance.http.ts';
import { OrderService } from './features/orders/order.service.ts';
import { NoJobQueueYet } from './features/orders/order.events.ts';
import { orderRoutes } from './features/orders/order.http.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', 'migrations');

// ---- database --------------------------------------------------------------------------------

export interface DatabaseHandle {
  /** Connection string of the primary (the embedded server's when DATABASE_URL is unset). */
  url: string;
  embedded: EmbeddedPostgres | undefined;
  stop(): Promise<void>;
}

/** DATABASE_URL when set; otherwise the embedded PostgreSQL under DATA_DIR. */
export async function openDatabaseServer(config: Config, logger: Logger): Promise<DatabaseHandle> {
  if (config.databaseUrl !== undefined) {
    return { url: config.databaseUrl, embedded: undefined, stop: async () => undefined };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, log: (line) => logger.info(line) });
  return { url: embedded.url, embedded, stop: () => embedded.stop() };
}

export function migrator(url: string, logger: Logger): Migrator {
  return new Migrator(url, MIGRATIONS_DIR, (line) => logger.info(line));
}

// ---- services --------------------------------------------------------------------------------

export interface Services {
  users: UserService;
  tokens: TokenService;
  loginThrottle: LoginThrottle;
  customers: CustomerService;
  invoices: InvoiceService;
  catalog: CatalogService;
  balance: BalanceService;
  orders: OrderService;
}

export function buildServices(config: Config, db: Database, clock: Clock = systemClock, principalCache?: PrincipalCache): Services {
  const users = new UserService({ db, clock });
  const loginThrottle = new LoginThrottle({ db, clock });
  const tokens = new TokenService({ db, clock, users, throttle: loginThrottle, ttlSeconds: config.tokenTtlSeconds, cache: principalCache });
  const customers = new CustomerService({ db });
  // Invoices check customer ownership inside their own INSERT (see InvoiceService.create).
  const invoices = new InvoiceService({ db });
  const catalog = new CatalogService({ db });
  // The only writer of users.balance_cents (conditional UPDATE + ledger row in one statement).
  const balance = new BalanceService({ db });
  // Orders price through the catalog and pay through the balance, inside their own transaction.
  // NoJobQueueYet: the background-jobs issue replaces it with the implementation that enqueues the
  // confirmation e-mail, card payments and gateway refunds (until then card orders stay pending).
  const orders = new OrderService({ db, catalog, balance, events: new NoJobQueueYet(), currency: config.baseCurrency });
  return { users, tokens, loginThrottle, customers, invoices, catalog, balance, orders };
}

/** The services on a small pool of their own, for CLI commands (no HTTP); close `db` when done. */
export function buildCliServices(config: Config, databaseUrl: string): { db: Database; services: Services } {
  const db = new Database({ connectionString: databaseUrl, poolSize: 2, applicationName: 'ledgerline-cli' });
  return { db, services: buildServices(config, db) };
}

// ---- HTTP ------------------------------------------------------------------------------------

function migrationReadiness(db: Database): Readiness {
  const expected = readMigrations(MIGRATIONS_DIR);
  return {
    async check(signal) {
      const rows = await db.query<{ version: string; checksum: string }>(
        `SELECT version, checksum FROM schema_migrations`,
        [],
        signal,
      );
      const applied = new Map(rows.map((r) => [r.version, r.checksum]));
      const missing = expected.filter((m) => applied.get(m.version) !== m.checksum);
      return missing.length === 0 ? { ready: true } : { ready: false, reason: `${missing.length} migration(s) not applied` };
    },
  };
}

export interface WebApp {
  app: App;
  db: Database;
  services: Services;
}

/** The principal cache and the listener that keeps it fresh (none when AUTH_CACHE_TTL_SECONDS=0). */
async function principalCache(
  config: Config,
  databaseUrl: string,
  logger: Logger,
  clock: Clock,
): Promise<{ cache: PrincipalCache; listener: NotificationListener } | undefined> {
  if (config.authCacheTtlSeconds === 0) return undefined;
  let listener: NotificationListener | undefined = undefined;
  const cache = new PrincipalCache({
    ttlMs: config.authCacheTtlSeconds * 1000,
    maxEntries: 100_000,
    clock,
    isLive: () => listener?.connected === true,
  });
  listener = new NotificationListener({
    connectionString: databaseUrl,
    channel: 'ledgerline_auth',
    onNotification: (payload) => cache.applyNotification(payload),
    onReset: () => cache.clear(),
    onError: (err) => logger.warn({ err }, 'auth notification connection lost; authenticating every request until it is back'),
  });
  await listener.start();
  return { cache, listener };
}

/** The HTTP application on an open database; it does not listen (callers decide). */
export async function buildWebApp(config: Config, logger: Logger, databaseUrl: string, clock: Clock = systemClock): Promise<WebApp> {
  const stats = new RequestStats();
  const db = new Database({
    connectionString: databaseUrl,
    poolSize: config.databasePoolSize,
    applicationName: 'ledgerline-web',
    onStatement: stats.observe,
    onError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  const principals = await principalCache(config, databaseUrl, logger, clock);
  const services = buildServices(config, db, clock, principals?.cache);
  const auth = authHooks(services.tokens);
  const idempotency = new Idempotency(db);
  const app = await createApp({
    logger,
    production: config.appEnv === 'production',
    trustProxy: config.trustProxy,
    stats,
    routes: [
      healthRoutes(migrationReadiness(db)),
      userRoutes({ config, auth, users: services.users, tokens: services.tokens }),
      customerRoutes({ auth, customers: services.customers }),
      invoiceRoutes({ auth, idempotency, invoices: services.invoices }),
      catalogRoutes({ config, auth, catalog: services.catalog }),
      balanceRoutes({ config, auth, idempotency, balance: services.balance }),
      orderRoutes({ auth, idempotency, orders: services.orders }),
    ],
  });
  app.addHook('onClose', async () => {
    await principals?.listener.stop();
    await db.close();
  });
  return { app, db, services };
}

// ---- processes -------------------------------------------------------------------------------

export interface ServeOptions {
  /**
   * `apply` (`ledgerline start`): migrate, then serve. `require` (`ledgerline web`): refuse to serve
   * unless every migration is already applied, so that many web processes starting at once never
   * race to change the schema; deployments run `ledgerline migrate` once, as its own step.
   */
  migrations: 'apply' | 'require';
}

async function requireMigrated(url: string, logger: Logger): Promise<void> {
  const status = await migrator(url, logger).status();
  const notApplied = status.filter((s) => s.state !== 'applied');
  if (notApplied.length > 0) {
    throw new MigrationError(
      `the database is not fully migrated (${notApplied.map((s) => `${s.version}_${s.name}: ${s.state}`).join(', ')}); ` +
        'run `ledgerline migrate` first (`ledgerline web` never migrates on its own).',
    );
  }
}

/**
 * `ledgerline start` / `web`: migrate, serve, and shut down cleanly on SIGINT/SIGTERM
 * (stop accepting, drain in-flight requests, close the pool, stop the embedded database).
 */
export async function serve(config: Config, logger: Logger, options: ServeOptions = { migrations: 'apply' }): Promise<void> {
  const started = performance.now();
  logger.info({ config: maskedConfig(config) }, 'starting ledgerline');
  const server = await openDatabaseServer(config, logger);
  try {
    if (options.migrations === 'apply') await migrator(server.url, logger).migrate();
    else await requireMigrated(server.url, logger);
    const { app } = await buildWebApp(config, logger, server.url);
    await app.listen({ host: config.host, port: config.port });
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    logger.info({ ms: Math.round(performance.now() - started) }, `ledgerline is ready at ${url}`);
    printWelcome(url, config);
    await new Promise<void>((resolve) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'shutting down: draining in-flight requests');
        const force = setTimeout(() => {
          logger.warn('grace period over; closing remaining connections');
          app.server.closeAllConnections();
        }, config.shutdownGraceMs);
        app.close().then(
          () => {
            clearTimeout(force);
            resolve();
          },
          (err: unknown) => {
            logger.error({ err }, 'error while closing the HTTP server');
            resolve();
          },
        );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    });
  } finally {
    await server.stop();
    logger.info('stopped');
  }
}

function printWelcome(url: string, config: Config): void {
  if (config.appEnv === 'test') return;
  process.stdout.write(
    [
      '',
      `  Ledgerline is running.`,
      `    API        ${url}/api/v1`,
      `    Health     ${url}/healthz   ${url}/readyz`,
      `  Create a staff user:  npm run cli -- createsuperuser`,
      `  Sign up over the API: curl -X POST ${url}/api/v1/users -H 'content-type: application/json' \\`,
      `                          -d '{"email":"you@example.com","password":"a long passphrase","name":"You"}'`,
      `  Stop with Ctrl-C.`,
      '',
    ].join('\n') + '\n',
  );
}
