// The long-running processes: `ledgerline start` / `web` (HTTP, and the worker in-process for
// `start`) and `ledgerline worker`, with their start-up and signal handling. The objects they run
// are built by the composition root in main.ts.
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { maskedConfig } from './config.ts';
import { buildWebApp, buildWorker, migrator, openDatabaseServer } from './main.ts';
import { MigrationError } from './platform/db/migrations.ts';
import { limitHeapGrowth } from './platform/heap.ts';
import { isClusterWorker, startWebCluster } from './web-cluster.ts';

export interface ServeOptions {
  /**
   * `apply` (`ledgerline start`): migrate, then serve. `require` (`ledgerline web`): refuse to serve
   * unless every migration is already applied, so that many web processes starting at once never
   * race to change the schema; deployments run `ledgerline migrate` once, as its own step.
   */
  migrations: 'apply' | 'require';
  /**
   * Run a worker in the same process. Default: with `apply` (`ledgerline start`, the one-command
   * local setup), not with `require` (`ledgerline web`; production runs `ledgerline worker`).
   */
  worker?: boolean;
}

/** Resolves with the first of `signals` (default SIGINT or SIGTERM); the listeners are removed then. */
function untilSignal(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      for (const s of signals) process.removeListener(s, on);
      resolve(signal);
    };
    for (const s of signals) process.on(s, on);
  });
}

/** Stops accepting, drains in-flight requests, and cuts what is left after SHUTDOWN_GRACE_MS. */
async function drain(app: Awaited<ReturnType<typeof buildWebApp>>['app'], config: Config, logger: Logger): Promise<void> {
  const force = setTimeout(() => {
    logger.warn('grace period over; closing remaining connections');
    app.server.closeAllConnections();
  }, config.shutdownGraceMs);
  await app.close().catch((err: unknown) => logger.error({ err }, 'error while closing the HTTP server'));
  clearTimeout(force);
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

/** `start` applies pending migrations; `web` refuses to serve a database that needs some. */
async function prepareSchema(databaseUrl: string, logger: Logger, options: ServeOptions): Promise<void> {
  if (options.migrations === 'apply') await migrator(databaseUrl, logger).migrate();
  else await requireMigrated(databaseUrl, logger);
}

/** Where a browser on this machine reaches the server. */
const localUrl = (config: Config): string => `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;

/**
 * `ledgerline start` / `web`: migrate, serve, and shut down cleanly on SIGINT/SIGTERM
 * (stop accepting, drain in-flight requests, close the pool, stop the embedded database).
 */
export async function serve(config: Config, logger: Logger, options: ServeOptions = { migrations: 'apply' }): Promise<void> {
  limitHeapGrowth(config.heapGrowthPercent);
  if (isClusterWorker()) return serveWebProcess(config, logger);
  if (config.webConcurrency > 1) return serveCluster(config, logger, options);
  const started = performance.now();
  logger.info({ config: maskedConfig(config) }, 'starting ledgerline');
  const server = await openDatabaseServer(config, logger);
  try {
    await prepareSchema(server.url, logger, options);
    const { app } = await buildWebApp(config, logger, server.url);
    await app.listen({ host: config.host, port: config.port });
    // Listen for SIGINT/SIGTERM before the worker starts: /readyz already answers.
    const stopSignal = untilSignal();
    const worker = (options.worker ?? options.migrations === 'apply') ? buildWorker(config, logger, server.url) : undefined;
    await worker?.worker.start().catch(async (err: unknown) => {
      await Promise.all([app.close(), worker.db.close()]);
      throw err;
    });
    const url = localUrl(config);
    logger.info({ ms: Math.round(performance.now() - started), worker: worker !== undefined }, `ledgerline is ready at ${url}`);
    printWelcome(url, config);
    const signal = await stopSignal;
    logger.info({ signal }, 'shutting down: draining in-flight requests and running jobs');
    await Promise.all([drain(app, config, logger), worker?.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping the worker'))]);
  } finally {
    await server.stop();
    logger.info('stopped');
  }
}

/**
 * WEB_CONCURRENCY > 1: this process supervises (database server, migrations, the job worker of
 * `start`) and WEB_CONCURRENCY cluster workers serve HTTP on the shared port.
 */
async function serveCluster(config: Config, logger: Logger, options: ServeOptions): Promise<void> {
  const started = performance.now();
  logger.info({ config: maskedConfig(config) }, 'starting ledgerline');
  const server = await openDatabaseServer(config, logger);
  try {
    await prepareSchema(server.url, logger, options);
    const stopSignal = untilSignal();
    const web = startWebCluster({ size: config.webConcurrency, databaseUrl: server.url, logger, shutdownGraceMs: config.shutdownGraceMs });
    const worker = (options.worker ?? options.migrations === 'apply') ? buildWorker(config, logger, server.url) : undefined;
    try {
      await web.ready;
      await worker?.worker.start();
      const url = localUrl(config);
      logger.info({ ms: Math.round(performance.now() - started), web_processes: config.webConcurrency, worker: worker !== undefined }, `ledgerline is ready at ${url}`);
      printWelcome(url, config);
      const signal = await Promise.race([stopSignal, web.failed]);
      logger.info({ signal }, 'shutting down: draining the web processes and running jobs');
    } finally {
      await Promise.all([
        web.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping the web processes')),
        worker?.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping the worker')),
      ]);
    }
  } finally {
    await server.stop();
    logger.info('stopped');
  }
}

/**
 * One web process of a cluster: HTTP only, on the database its primary chose. It stops on the
 * primary's SIGTERM; a terminal's Ctrl-C (SIGINT to the whole process group) is left to the
 * primary, which then stops every web process in order.
 */
async function serveWebProcess(config: Config, logger: Logger): Promise<void> {
  if (config.databaseUrl === undefined) throw new Error('a web process needs the DATABASE_URL its primary passes');
  process.on('SIGINT', () => undefined);
  const { app } = await buildWebApp(config, logger, config.databaseUrl);
  const stopSignal = untilSignal(['SIGTERM']);
  await app.listen({ host: config.host, port: config.port });
  await stopSignal;
  await drain(app, config, logger);
}

/**
 * `ledgerline worker`: runs jobs until SIGINT/SIGTERM, then stops taking jobs, lets running ones
 * finish within WORKER_SHUTDOWN_GRACE_MS, releases the rest and returns. Never migrates.
 */
export async function runWorker(config: Config, logger: Logger): Promise<void> {
  limitHeapGrowth(config.heapGrowthPercent);
  logger.info({ config: maskedConfig(config) }, 'starting ledgerline worker');
  const server = await openDatabaseServer(config, logger);
  try {
    await requireMigrated(server.url, logger);
    const handle = buildWorker(config, logger, server.url);
    try {
      await handle.worker.start();
      const signal = await untilSignal();
      logger.info({ signal }, 'worker shutting down');
    } finally {
      await handle.stop();
    }
  } finally {
    await server.stop();
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
      `    API docs   ${url}/docs   ${url}/openapi.json   (metrics: ${url}/metrics)`,
      `  Create a staff user:  npm run cli -- createsuperuser`,
      `  Sign up over the API: curl -X POST ${url}/api/v1/users -H 'content-type: application/json' \\`,
      `                          -d '{"email":"you@example.com","password":"a long passphrase","name":"You"}'`,
      `  Stop with Ctrl-C.`,
      '',
    ].join('\n') + '\n',
  );
}
