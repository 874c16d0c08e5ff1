// `check [--deploy]`: is this configuration able to serve? Configuration, database connectivity
// and migrations (E1xx), plus the production audit with --deploy (see deploy-checks.ts).
import pg from 'pg';
import { ConfigError, maskedConfig, type Config } from '../config.ts';
import { Migrator } from '../platform/db/migrations.ts';
import { config, print, quietLogger, withDatabaseServer, type Command } from './command.ts';
import { deployChecks, formatReport, type CheckMessage } from './deploy-checks.ts';

const CONNECT_TIMEOUT_MS = 5_000;

function describeServer(cfg: Config): string {
  return cfg.databaseUrl === undefined ? `the embedded PostgreSQL under ${cfg.dataDir}` : `${maskedConfig(cfg).databaseUrl}`;
}

async function probe(url: string): Promise<void> {
  // A bounded connect, so an unreachable host is reported instead of hanging for a TCP timeout.
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: 'ledgerline-check' });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function migrationChecks(url: string, migrationsDir: string): Promise<CheckMessage[]> {
  const status = await new Migrator(url, migrationsDir).status();
  const names = (state: string) =>
    status
      .filter((s) => s.state === state)
      .map((s) => `${s.version}_${s.name}`)
      .join(', ');
  const out: CheckMessage[] = [];
  if (names('pending')) {
    out.push({ id: 'E103', level: 'error', message: `Unapplied migrations: ${names('pending')}.`, hint: 'Run `ledgerline migrate`.' });
  }
  for (const state of ['modified', 'missing'] as const) {
    if (names(state)) {
      out.push({
        id: 'E104',
        level: 'error',
        message: `Applied migrations ${state === 'modified' ? 'edited since they ran' : 'whose files are gone'}: ${names(state)}.`,
        hint: 'Restore the applied files and write a new migration for the change; see `ledgerline migrate:status`.',
      });
    }
  }
  return out;
}

async function databaseChecks(cfg: Config, migrationsDir: string): Promise<CheckMessage[]> {
  try {
    return await withDatabaseServer(cfg, quietLogger(cfg), async (url) => {
      try {
        await probe(url);
      } catch (err) {
        return [{ id: 'E102', level: 'error', message: `Cannot connect to ${describeServer(cfg)}: ${(err as Error).message}` }];
      }
      return migrationChecks(url, migrationsDir);
    });
  } catch (err) {
    // Starting the embedded server failed (or the connection broke mid-way).
    return [{ id: 'E102', level: 'error', message: `Database unavailable (${describeServer(cfg)}): ${(err as Error).message}` }];
  }
}

export const checkCommand: Command = {
  name: 'check',
  summary: 'check configuration, database connectivity and migrations; --deploy adds the production audit',
  args: '[--deploy]',
  details: ['--deploy   also audit production settings (E001…E006 errors, W001…W007 warnings; see docs/DEPLOY_CHECKS.md).'],
  options: { deploy: { type: 'boolean' } },
  async run(flags, _positionals, ctx) {
    const messages: CheckMessage[] = [];
    let cfg: Config | undefined;
    try {
      cfg = config(ctx);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      messages.push(...err.problems.map((p): CheckMessage => ({ id: 'E101', level: 'error', message: `Invalid configuration: ${p}` })));
    }
    if (cfg !== undefined) {
      if (flags['deploy'] === true) messages.push(...deployChecks(cfg));
      messages.push(...(await databaseChecks(cfg, ctx.migrationsDir)));
    }
    const failed = messages.some((m) => m.level === 'error');
    print(failed ? ctx.io.stderr : ctx.io.stdout, formatReport(messages));
    return failed ? 1 : 0;
  },
};
