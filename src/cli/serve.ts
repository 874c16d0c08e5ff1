// `start` (local: embedded database unless DATABASE_URL, migrates, serves) and `web` (production
// processes: external database only, never migrates). Both log JSON at LOG_LEVEL.
import type { Config } from '../config.ts';
import { serve, type ServeOptions } from '../processes.ts';
import { createLogger } from '../platform/log.ts';
import { config, print, type CliIo, type Command } from './command.ts';
import { deployChecks, formatReport } from './deploy-checks.ts';

/** In production, any deploy-check error stops the boot (SPEC §9), with the same report as `check --deploy`. */
function refusesToBoot(cfg: Config, io: CliIo): boolean {
  if (cfg.appEnv !== 'production') return false;
  const errors = deployChecks(cfg).filter((m) => m.level === 'error');
  if (errors.length === 0) return false;
  print(io.stderr, formatReport(errors));
  print(io.stderr, 'Refusing to start in production with these errors; `ledgerline check --deploy` lists them.');
  return true;
}

async function boot(cfg: Config, io: CliIo, options: ServeOptions): Promise<number> {
  if (refusesToBoot(cfg, io)) return 1;
  await serve(cfg, createLogger(cfg.logLevel), options);
  return 0;
}

export const startCommand: Command = {
  name: 'start',
  summary: 'apply pending migrations, then serve (embedded PostgreSQL unless DATABASE_URL is set)',
  details: ['HOST and PORT choose the address; Ctrl-C or SIGTERM drains requests and stops the embedded database.'],
  run: (_flags, _positionals, ctx) => boot(config(ctx), ctx.io, { migrations: 'apply' }),
};

export const webCommand: Command = {
  name: 'web',
  summary: 'serve for production: needs DATABASE_URL, never migrates, refuses pending migrations',
  details: [
    'Run `ledgerline migrate` once per deployment before starting any number of `web` processes:',
    'web never applies migrations itself, so processes starting together cannot race on the schema,',
    'and it exits with an error rather than serve a schema older than its code.',
  ],
  async run(_flags, _positionals, ctx) {
    const cfg = config(ctx);
    if (cfg.databaseUrl === undefined) {
      print(
        ctx.io.stderr,
        'Error: `ledgerline web` needs DATABASE_URL (postgres://…); it never starts an embedded database.\n' +
          'For local development use `ledgerline start`, which does.',
      );
      return 1;
    }
    return boot(cfg, ctx.io, { migrations: 'require' });
  },
};
