// The long-running processes: `ledgerline start` / `web` (HTTP, and the worker in-process for
// `start`) and `ledgerline worker`, with their start-up and signal handling. The objects they run
// are built by the composition root in main.ts.
import type { Logger } from 'pino';
import type { Config } from './config.ts';
import { maskedConfig } from './config.ts';
import { buildWebApp, buildWorker, migrator, openDatabaseServer } from './main.ts';
import { MigrationError } from './platform/db/migrations.ts';

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

/** Resolves with the first SIGINT or SIGTERM (the listeners are removed then). */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.removeListener('SIGINT', on);
      process.removeListener('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
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
    // Listen for SIGINT/SIGTERM before the worker starts: /readyz already answers.
    const stopSignal = untilSignal();
    const worker = (options.worker ?? options.migrations === 'apply') ? buildWorker(config, logger, server.url) : undefined;
    await worker?.worker.start().catch(async (err: unknown) => {
      await Promise.all([app.close(), worker.db.close()]);
      throw err;
    });
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
    logger.info({ ms: Math.round(performance.now() - started), worker: worker !== undefined }, `ledgerline is ready at ${url}`);
    printWelcome(url, config);
    const signal = await stopSignal;
    logger.info({ signal }, 'shutting down: draining in-flight requests and running jobs');
    const force = setTimeout(() => {
      logger.warn('grace period over; closing remaining connections');
      app.server.closeAllConnections();
    }, config.shutdownGraceMs);
    await Promise.all([
      app.close().catch((err: unknown) => logger.error({ err }, 'error while closing the HTTP server')),
      worker?.stop().catch((err: unknown) => logger.error({ err }, 'error while stopping the worker')),
    ]);
    clearTimeout(force);
  } finally {
    await server.stop();
    logger.info('stopped');
  }
}

/**
 * `ledgerline worker`: runs jobs until SIGINT/SIGTERM, then stops taking jobs, lets running ones
 * finish within WORKER_SHUTDOWN_GRACE_MS, releases the rest and returns. Never migrates.
 */
export async function runWorker(config: Config, logger: Logger): Promise<void> {
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
