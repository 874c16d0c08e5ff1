// The composition root: config → database → services → HTTP. Every object is built here with
// `new X(deps)`, top to bottom; nothing else constructs services or reads configuration.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { Database } from './platform/db/db.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './platform/db/embedded.ts';
import { Migrator, readMigrations } from './platform/db/migrations.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { createApp, type App } from './platform/http/app.ts';
import { authHooks } from './platform/http/auth.ts';
import { healthRoutes, type Readiness } from './platform/http/health.ts';
import { Idempotency } from './platform/http/idempotency.ts';
import { RequestStats } from './platform/http/request-stats.ts';
import { RateLimitBuckets } from './platform/http/rate-limit.ts';
import { SharedBucketHits } from './platform/http/shared-bucket-hits.ts';
import { CardPaymentCap, EmailCap } from './platform/side-effect-caps.ts';
import { Registry } from 'prom-client';
import { Metrics } from './platform/observability/metrics.ts';
import { metricsRoutes } from './platform/observability/metrics.http.ts';
import { openApiRoutes, packageVersion } from './platform/observability/openapi.ts';
import { UserService } from './features/users/user.service.ts';
import { TokenService } from './features/users/token.service.ts';
import { LoginThrottle } from './features/users/login-throttle.ts';
import { PrincipalCache } from './features/users/principal-cache.ts';
import { NotificationListener } from './platform/db/notifications.ts';
import { ResponseCache } from './platform/http/response-cache.ts';
import { ValidatedResponseCache } from './platform/http/validated-cache.ts';
import { userRoutes } from './features/users/user.http.ts';
import { PasswordResetService } from './features/users/password-reset.service.ts';
import { passwordResetRoutes } from './features/users/password-reset.http.ts';
import { createMailer, type MailSetup } from './platform/mail/create-mailer.ts';
import { NotificationService } from './features/notifications/notification.service.ts';
import { EmailJobs } from './features/notifications/email.jobs.ts';
import { orderConfirmationsTask, type OrderConfirmationsTask } from './features/notifications/order-confirmations.task.ts';
import { sendEmailTask, type SendEmailTask } from './features/notifications/send-email.task.ts';
import { CustomerService } from './features/customers/customer.service.ts';
import { customerRoutes } from './features/customers/customer.http.ts';
import { InvoiceService } from './features/invoices/invoice.service.ts';
import { invoiceRoutes } from './features/invoices/invoice.http.ts';
import { CatalogService } from './features/catalog/catalog.service.ts';
import { catalogRoutes } from './features/catalog/catalog.http.ts';
import { BalanceService } from './features/balance/balance.service.ts';
import { balanceRoutes } from './features/balance/balance.http.ts';
import { OrderService } from './features/orders/order.service.ts';
import { JobOrderEvents } from './features/orders/order.events.ts';
import { OrderPayments } from './features/orders/order.payments.ts';
import { PaymentService } from './features/payments/payment.service.ts';
import { SimulatedGateway } from './features/payments/simulated.gateway.ts';
import { orderRoutes } from './features/orders/order.http.ts';
import { UsageService } from './features/usage/usage.service.ts';
import { usageRoutes } from './features/usage/usage.http.ts';
import { DashboardService } from './features/dashboard/dashboard.service.ts';
import { dashboardRoutes } from './features/dashboard/dashboard.http.ts';
import { adminRoutes } from './admin/plugin.ts';
import { adminSettings } from './admin/context.ts';
import { AdminSessions } from './admin/sessions.ts';
import { checkRegistry } from './admin/checks.ts';
import type { AdminRegistry } from './admin/registry.ts';
import { auditLogAdmin } from './admin/audit.admin.ts';
import { jobsPage, JOBS_AUDIT_MODEL } from './admin/jobs.ts';
import { outboxPage } from './admin/outbox.ts';
import { JobAdmin } from './platform/jobs/job-admin.ts';
import { userAdmin } from './features/users/user.admin.ts';
import { customerAdmin } from './features/customers/customer.admin.ts';
import { invoiceAdmin } from './features/invoices/invoice.admin.ts';
import { categoryAdmin } from './features/catalog/category.admin.ts';
import { productAdmin } from './features/catalog/product.admin.ts';
import { orderAdmin } from './features/orders/order.admin.ts';
import { ledgerAdmin } from './features/balance/ledger.admin.ts';
import { PgBossJobQueue } from './platform/jobs/queue.ts';
import type { JobQueue } from './platform/jobs/task.ts';
import { TaskRegistry, type Registration } from './platform/jobs/registry.ts';
import { Worker } from './platform/jobs/worker.ts';
import { housekeepingTasks, purgeTask } from './platform/jobs/schedule.ts';
import { noopTask, sleepTask } from './platform/jobs/diagnostics.ts';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', 'migrations');
const PACKAGE_JSON = path.resolve(import.meta.dirname, '..', 'package.json');

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
  /** Enqueues background jobs inside the caller's transaction (platform/jobs/task.ts). */
  jobs: JobQueue;
  users: UserService;
  tokens: TokenService;
  loginThrottle: LoginThrottle;
  passwordResets: PasswordResetService;
  /** Staff admin sessions (server-side); a password reset ends the user's, housekeeping purges them. */
  adminSessions: AdminSessions;
  /** The Mailer chosen by SMTP_URL, and the outbox directory's lister when there is no server. */
  mail: MailSetup;
  /** The send_email task (registered in `tasks`; orders and payments enqueue it). */
  sendEmail: SendEmailTask;
  orderConfirmations: OrderConfirmationsTask;
  notifications: NotificationService;
  customers: CustomerService;
  invoices: InvoiceService;
  catalog: CatalogService;
  balance: BalanceService;
  orders: OrderService;
  /** Card payments; its `tasks` (process_payment, refund_payment) are registered in `tasks`. */
  payments: PaymentService;
  /** Metered events: written to the primary, summed on the read pool. */
  usage: UsageService;
  /** Reads only, all on the read pool. */
  dashboard: DashboardService;
  /** Per-minute counters shared by the write rate limits and the side-effect caps. */
  rateLimitBuckets: RateLimitBuckets;
}

export interface ServiceOptions {
  clock?: Clock;
  principalCache?: PrincipalCache;
  /** Serves read-only work (dashboard, usage sums): the replica's pool; `db` itself by default. */
  readDb?: Database;
  /** Called in this process once a catalog write has returned (the web app drops cached pages). */
  onCatalogChange?: () => void;
  /** Where a failed worker wake-up is reported (the job itself is committed; workers poll for it). */
  logger?: Logger;
}

export function buildServices(config: Config, db: Database, options: ServiceOptions = {}): Services {
  const { clock = systemClock, principalCache, readDb = db, logger } = options;
  // Features enqueue through it, in their own transactions; it creates a task's queue on first use.
  const jobs = new PgBossJobQueue({ leaseSeconds: config.jobs.leaseSeconds, ...(logger ? { logger } : {}) });
  const users = new UserService({ db, clock });
  const loginThrottle = new LoginThrottle({ db, clock });
  const tokens = new TokenService({ db, clock, users, throttle: loginThrottle, ttlSeconds: config.tokenTtlSeconds, cache: principalCache });
  // E-mail goes out over SMTP when SMTP_URL is set, else into DATA_DIR/mail as .eml files. The
  // send_email task looks its NotificationService up when a job runs: that service reads orders
  // and resets, whose services enqueue send_email themselves, so it is built last (below).
  const mail = createMailer(config, clock);
  const sendEmail = sendEmailTask(() => notifications);
  // Per-user caps on card payments and e-mails, counted on the business transaction (the same
  // buckets as the write limits); an e-mail over its cap is deferred, a card order refused.
  const buckets = new RateLimitBuckets({ db, clock });
  const orderPayments = new OrderPayments({ db });
  const emails = new EmailJobs({
    queue: jobs,
    task: sendEmail,
    cap: { perUser: new EmailCap({ buckets, perMinute: config.emailsPerUserPerMinute }), orders: orderPayments },
  });
  // A set of balance orders writes one job for its confirmations; this task enqueues each e-mail.
  const orderConfirmations = orderConfirmationsTask({ db, emails });
  const adminSessions = new AdminSessions({ db, clock, settings: adminSettings(config) });
  const passwordResets = new PasswordResetService({
    db,
    clock,
    users,
    tokens,
    events: emails,
    secretKey: config.secretKey,
    ttlSeconds: config.passwordResetTtlSeconds,
    otherCredentials: [adminSessions],
  });
  const customers = new CustomerService({ db });
  // Invoices check customer ownership inside their own INSERT (see InvoiceService.create).
  const invoices = new InvoiceService({ db });
  const catalog = new CatalogService({ db, onChange: options.onCatalogChange });
  // Writes users.balance_cents by a conditional UPDATE and a ledger row in one statement; the
  // statement placing balance orders debits by the same rules (OrderService.placeBalance).
  const balance = new BalanceService({ db });
  // Card payments through the gateway (PAYMENT_GATEWAY: only `simulated` so far, which keeps its
  // records in tables of its own). Built before orders: orders enqueue its tasks, and it changes
  // orders through OrderPayments, which needs nothing OrderService needs.
  const gateway = new SimulatedGateway({ db, settings: config.simulatedGateway });
  const payments = new PaymentService({ db, gateway, orders: orderPayments, jobs, emails, settings: config.payments });
  // A set of balance orders is one statement that prices, debits, writes the orders and enqueues
  // one order_confirmations job, whose run enqueues their e-mails (JobOrderEvents.balanceOrderJobs
  // gives the statement the job's settings); card orders are priced and written in a transaction
  // of their own, which enqueues their confirmation and payment jobs (JobOrderEvents);
  // cancellations refund through the balance or the gateway.
  const orders = new OrderService({
    db,
    balance,
    events: new JobOrderEvents({ jobs, emails, orderConfirmations, payments: payments.tasks }),
    currency: config.baseCurrency,
    cardPayments: new CardPaymentCap({ buckets, perMinute: config.cardPaymentsPerUserPerMinute }),
    ...(logger ? { logger } : {}),
  });
  const notifications = new NotificationService({ db, clock, mailer: mail.mailer, orders, passwordResets, publicUrl: config.publicUrl });
  const usage = new UsageService({ db, readDb, clock });
  // Every part of the dashboard reads from readDb: the same services, on the read pool.
  const dashboard = new DashboardService({
    invoices: invoices.withDb(readDb),
    balance: balance.withDb(readDb),
    orders: orders.withDb(readDb),
    usage,
    clock,
    currency: config.baseCurrency,
  });
  return {
    jobs,
    users,
    tokens,
    loginThrottle,
    passwordResets,
    adminSessions,
    mail,
    sendEmail,
    orderConfirmations,
    notifications,
    customers,
    invoices,
    catalog,
    balance,
    orders,
    payments,
    usage,
    dashboard,
    rateLimitBuckets: buckets,
  };
}

/** The services on a small pool of their own, for CLI commands (no HTTP); close `db` when done. */
export function buildCliServices(config: Config, databaseUrl: string): { db: Database; services: Services } {
  const db = new Database({ connectionString: databaseUrl, poolSize: 2, applicationName: 'ledgerline-cli' });
  return { db, services: buildServices(config, db) };
}

// ---- background jobs -------------------------------------------------------------------------

/**
 * Every task a worker runs, registered here and nowhere else: one line per task — a
 * TaskDefinition, or `scheduled(task, cron, payload)` (platform/jobs/registry.ts) for one that
 * also runs on a cron schedule. Duplicate names stop the worker at start-up.
 */
export function tasks(services: Services, db: Database, logger: Logger): Registration[] {
  const idempotency = new Idempotency(db);
  return [
    ...housekeepingTasks(
      {
        expiredTokens: (signal) => services.tokens.purgeExpired(signal),
        idempotencyKeys: (signal) => idempotency.purgeExpired(signal),
        loginFailures: (signal) => services.loginThrottle.purgeOld(signal),
      },
      logger,
    ),
    services.sendEmail,
    services.orderConfirmations,
    purgeTask('purge_admin_sessions', '*/15 * * * *', (signal) => services.adminSessions.deleteExpired(signal), logger),
    purgeTask('purge_password_resets', '27 * * * *', (signal) => services.passwordResets.purgeExpired(signal), logger),
    purgeTask('purge_rate_limit_buckets', '*/10 * * * *', (signal) => services.rateLimitBuckets.purgeOld(signal), logger),
    purgeTask('purge_sent_emails', '37 3 * * *', (signal) => services.notifications.purgeOld(signal), logger),
    services.payments.tasks.processPayment,
    services.payments.tasks.refundPayment,
    noopTask(),
    sleepTask,
  ];
}

export interface WorkerHandle {
  worker: Worker;
  registry: TaskRegistry;
  db: Database;
  services: Services;
  /** Graceful stop (WORKER_SHUTDOWN_GRACE_MS), then closes the worker's pool. */
  stop(): Promise<void>;
}

/** A worker on a pool of its own (`ledgerline worker`, and next to the web server in `start`). */
export function buildWorker(config: Config, logger: Logger, databaseUrl: string, clock: Clock = systemClock): WorkerHandle {
  const db = new Database({
    connectionString: databaseUrl,
    // Every running handler may hold a connection; fetches, heartbeats and outcomes need a few more.
    poolSize: Math.max(config.databasePoolSize, config.workerConcurrency + 3),
    applicationName: 'ledgerline-worker',
    connectionTimeoutMs: 30_000,
    onError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  const services = buildServices(config, db, { clock, logger });
  const registry = new TaskRegistry(tasks(services, db, logger));
  const worker = new Worker({ db, databaseUrl, registry, logger, concurrency: config.workerConcurrency, settings: config.jobs });
  return {
    worker,
    registry,
    db,
    services,
    async stop() {
      try {
        await worker.stop();
      } finally {
        await db.close();
      }
    },
  };
}

// ---- admin -----------------------------------------------------------------------------------

/** Every model in the staff admin, in navigation order; a bad registration fails start-up here. */
export function adminRegistry(config: Config, services: Services): AdminRegistry {
  const currency = config.baseCurrency;
  const models = [
    userAdmin({ users: services.users, tokens: services.tokens, balance: services.balance, currency }),
    customerAdmin({ customers: services.customers }),
    invoiceAdmin(),
    categoryAdmin({ catalog: services.catalog }),
    productAdmin({ catalog: services.catalog, currency }),
    orderAdmin({ currency }),
    ledgerAdmin({ currency }),
  ];
  // The Jobs page records its changes in the audit log too, under a model name of its own.
  return checkRegistry([...models, auditLogAdmin([...models.map((m) => m.name), JOBS_AUDIT_MODEL])]);
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

interface WebCaches {
  principals?: PrincipalCache;
  catalog?: ResponseCache;
  /** Keeps both fresh (migrations 0007 and 0014); absent when both are off. */
  listener?: NotificationListener;
}

/**
 * The web process's caches (AUTH_CACHE_TTL_SECONDS, CATALOG_CACHE_TTL_SECONDS; 0 turns one off)
 * and the one LISTEN connection whose notifications evict their entries.
 */
async function webCaches(config: Config, databaseUrl: string, logger: Logger, clock: Clock): Promise<WebCaches> {
  if (config.authCacheTtlSeconds === 0 && config.catalogCacheTtlSeconds === 0) return {};
  let listener: NotificationListener | undefined = undefined;
  const isLive = () => listener?.connected === true;
  const principals =
    config.authCacheTtlSeconds === 0 ? undefined : new PrincipalCache({ ttlMs: config.authCacheTtlSeconds * 1000, maxEntries: 100_000, clock, isLive });
  // At most 8 MB of pages per process, however many query strings clients make up.
  const catalog =
    config.catalogCacheTtlSeconds === 0
      ? undefined
      : new ResponseCache({ ttlMs: config.catalogCacheTtlSeconds * 1000, maxEntries: 1_000, maxChars: 8 * 1024 * 1024, clock, isLive });
  listener = new NotificationListener({
    connectionString: databaseUrl,
    channels: [...(principals ? ['ledgerline_auth'] : []), ...(catalog ? ['ledgerline_catalog'] : [])],
    onNotification: (payload, channel) => (channel === 'ledgerline_auth' ? principals?.applyNotification(payload) : catalog?.clear()),
    onReset: () => {
      principals?.clear();
      catalog?.clear();
    },
    onError: (err) => logger.warn({ err }, 'cache notification connection lost; caches unused until it is back'),
  });
  await listener.start();
  return { principals, catalog, listener };
}

/**
 * ORDER_PAGE_CACHE_MB of rendered orders pages (none at 0), each kept at most ten minutes, so an
 * idle process gives the memory back.
 */
function orderPageCache(config: Config, clock: Clock): ValidatedResponseCache | undefined {
  if (config.orderPageCacheMb === 0) return undefined;
  return new ValidatedResponseCache({ ttlMs: 10 * 60 * 1000, maxEntries: 10_000, maxBytes: config.orderPageCacheMb * 1024 * 1024, clock });
}

/** The HTTP application on an open database; it does not listen (callers decide). */
export async function buildWebApp(config: Config, logger: Logger, databaseUrl: string, clock: Clock = systemClock): Promise<WebApp> {
  const stats = new RequestStats();
  const db = new Database({
    connectionString: databaseUrl,
    poolSize: config.databasePoolSize,
    applicationName: 'ledgerline-web',
    // Requests only: the worker's pool has no statement timeout (each task has its own time limit).
    statementTimeoutMs: config.databaseStatementTimeoutMs,
    connectionTimeoutMs: config.databasePoolTimeoutMs,
    onStatement: stats.observe,
    onError: (err) => logger.warn({ err }, 'idle database connection failed'),
  });
  const caches = await webCaches(config, databaseUrl, logger, clock);
  // Read-only work goes to DATABASE_REPLICA_URL when set (a pool of its own), else to the primary.
  const readDb =
    config.databaseReplicaUrl === undefined
      ? db
      : new Database({
          connectionString: config.databaseReplicaUrl,
          poolSize: config.databasePoolSize,
          applicationName: 'ledgerline-web-replica',
          statementTimeoutMs: config.databaseStatementTimeoutMs,
          connectionTimeoutMs: config.databasePoolTimeoutMs,
          onStatement: stats.observe,
          onError: (err) => logger.warn({ err }, 'idle replica connection failed'),
        });
  const catalogCache = caches.catalog;
  const services = buildServices(config, db, {
    clock,
    principalCache: caches.principals,
    readDb,
    onCatalogChange: catalogCache && (() => catalogCache.clear()),
    logger,
  });
  const auth = authHooks(services.tokens);
  const idempotency = new Idempotency(db);
  // A registry of this app's own (never prom-client's global one); jobs are counted at scrape time.
  const metrics = new Metrics({ registry: new Registry(), pool: db.pool, ...(readDb === db ? {} : { replicaPool: readDb.pool }), jobsDb: db });
  const app = await createApp({
    logger,
    production: config.appEnv === 'production',
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    writeRateLimit: {
      // Concurrent writes of this process share their counters' upsert.
      hits: new SharedBucketHits(services.rateLimitBuckets),
      limits: { perUser: config.writeRatePerUserPerMinute, perAddress: config.writeRatePerAddressPerMinute },
    },
    stats,
    observer: metrics,
    routes: [
      // First: the OpenAPI document is built from the routes registered after it.
      openApiRoutes({ version: packageVersion(PACKAGE_JSON), serverUrl: config.publicUrl, auth }),
      healthRoutes(migrationReadiness(db)),
      metricsRoutes({ metrics, token: config.metricsToken }),
      userRoutes({ config, auth, users: services.users, tokens: services.tokens }),
      passwordResetRoutes({ passwordResets: services.passwordResets }),
      customerRoutes({ auth, customers: services.customers }),
      invoiceRoutes({ auth, idempotency, invoices: services.invoices }),
      catalogRoutes({ config, auth, catalog: services.catalog, cache: catalogCache }),
      balanceRoutes({ config, auth, idempotency, balance: services.balance }),
      orderRoutes({ auth, idempotency, orders: services.orders, pageCache: orderPageCache(config, clock) }),
      usageRoutes({ auth, usage: services.usage }),
      dashboardRoutes({ auth, dashboard: services.dashboard }),
      adminRoutes({
        settings: adminSettings(config),
        db,
        clock,
        registry: adminRegistry(config, services),
        users: services.users,
        throttle: services.loginThrottle,
        sessions: services.adminSessions,
        // Pages of their own, after the models: pg-boss's jobs (uuid keys) and DATA_DIR/mail.
        pages: [jobsPage(new JobAdmin({ db, leaseSeconds: config.jobs.leaseSeconds })), outboxPage(services.mail.outbox)],
      }),
    ],
  });
  app.addHook('onClose', async () => {
    await caches.listener?.stop();
    await db.close();
    if (readDb !== db) await readDb.close();
  });
  return { app, db, services };
}
