// Forward-only SQL migrations: `migrations/NNNN_name.sql`, applied in order, each recorded with a
// checksum so that editing an applied file is caught. One runner at a time (advisory lock).
// A file whose first line is `-- ledgerline:no-transaction` runs outside a transaction, statement
// by statement, so that `CREATE INDEX CONCURRENTLY` works. Pending files must pass the linter
// (migration-lint.ts), and every statement waits at most lock_timeout for its locks, then the
// migration is retried (docs/MIGRATIONS.md).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { formatFinding, LINT_BASELINE, lintMigrations, runsConcurrently } from './migration-lint.ts';

export const NO_TRANSACTION_MARKER = '-- ledgerline:no-transaction';
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** pg_advisory_lock key: the ASCII of "llmigrat" as a bigint, so no other lock collides with it. */
const LOCK_KEY = '7885359486262485364';

// A statement queued behind a lock it cannot get makes every later query on that table queue
// behind it too, so a migration gives up after a short wait rather than stall the application,
// and tries again a little later. Constants, as config.ts has no migration settings; tests and
// benches pass shorter ones through MigratorOptions.
/** How long one statement may wait for a lock: the longest a migration can stall other queries. */
export const MIGRATION_LOCK_TIMEOUT_MS = 5_000;
/** Attempts in all (the first and the retries) before the migration fails. */
export const MIGRATION_ATTEMPTS = 5;
/** Wait before the first retry; it doubles on each further one (1 s, 2 s, 4 s, 8 s). */
export const MIGRATION_RETRY_DELAY_MS = 1_000;
const LOCK_NOT_AVAILABLE = '55P03';

export interface MigratorOptions {
  lockTimeoutMs?: number;
  attempts?: number;
  retryDelayMs?: number;
  /** Pending files up to this version are not linted (default LINT_BASELINE). */
  lintBaseline?: string;
}

export interface MigrationFile {
  version: string;
  name: string;
  file: string;
  sql: string;
  checksum: string;
  transactional: boolean;
}

export interface MigrationStatus {
  version: string;
  name: string;
  state: 'applied' | 'pending' | 'modified' | 'missing';
  appliedAt: Date | null;
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export function readMigrations(dir: string): MigrationFile[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<string>();
  return files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new MigrationError(`migration file name "${file}" must look like 0001_snake_case_name.sql`);
    const [, version, name] = match as unknown as [string, string, string];
    if (seen.has(version)) throw new MigrationError(`two migrations share version ${version}`);
    seen.add(version);
    const sql = readFileSync(path.join(dir, file), 'utf8');
    return {
      version,
      name,
      file,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
      transactional: !sql.trimStart().startsWith(NO_TRANSACTION_MARKER),
    };
  });
}

const BOOKKEEPING = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version     text PRIMARY KEY,
    name        text NOT NULL,
    checksum    text NOT NULL,
    applied_at  timestamptz NOT NULL DEFAULT now(),
    duration_ms integer NOT NULL
  )`;

interface AppliedRow {
  version: string;
  name: string;
  checksum: string;
  applied_at: Date;
}

async function applied(client: pg.ClientBase): Promise<Map<string, AppliedRow>> {
  const exists = await client.query(`SELECT to_regclass('schema_migrations') IS NOT NULL AS ok`);
  if (!(exists.rows[0] as { ok: boolean }).ok) return new Map();
  const { rows } = await client.query<AppliedRow>('SELECT version, name, checksum, applied_at FROM schema_migrations');
  return new Map(rows.map((r) => [r.version, r]));
}

export function statusOf(files: MigrationFile[], done: Map<string, AppliedRow>): MigrationStatus[] {
  const out: MigrationStatus[] = files.map((f) => {
    const row = done.get(f.version);
    if (!row) return { version: f.version, name: f.name, state: 'pending', appliedAt: null };
    return { version: f.version, name: f.name, state: row.checksum === f.checksum ? 'applied' : 'modified', appliedAt: row.applied_at };
  });
  for (const row of done.values()) {
    if (!files.some((f) => f.version === row.version)) {
      out.push({ version: row.version, name: row.name, state: 'missing', appliedAt: row.applied_at });
    }
  }
  return out.sort((a, b) => a.version.localeCompare(b.version));
}

/** Splits a non-transactional migration into statements (on `;` at line ends, outside quotes). */
export function splitStatements(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const ch = sql[i]!;
    if (quote === null && ch === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end;
      current += '\n';
      continue;
    }
    if (quote === null && (ch === "'" || ch === '"')) quote = ch;
    else if (quote === ch) quote = null;
    else if (quote === null && ch === '$') {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i))?.[0];
      if (tag) {
        const end = sql.indexOf(tag, i + tag.length);
        const stop = end === -1 ? sql.length : end + tag.length;
        current += sql.slice(i, stop);
        i = stop - 1;
        continue;
      }
    }
    if (quote === null && ch === ';') {
      if (current.trim()) out.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim()) out.push(current.trim());
  return out;
}

export interface MigrateResult {
  applied: string[];
}

const isLockTimeout = (err: unknown) => (err as { code?: string }).code === LOCK_NOT_AVAILABLE;

export class Migrator {
  private readonly lockTimeoutMs: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly lintBaseline: string;

  constructor(
    private readonly connectionString: string,
    private readonly dir: string,
    private readonly log: (line: string) => void = () => undefined,
    options: MigratorOptions = {},
  ) {
    this.lockTimeoutMs = options.lockTimeoutMs ?? MIGRATION_LOCK_TIMEOUT_MS;
    this.attempts = Math.max(1, options.attempts ?? MIGRATION_ATTEMPTS);
    this.retryDelayMs = options.retryDelayMs ?? MIGRATION_RETRY_DELAY_MS;
    this.lintBaseline = options.lintBaseline ?? LINT_BASELINE;
  }

  private async withClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'ledgerline-migrate' });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.end();
    }
  }

  async status(): Promise<MigrationStatus[]> {
    const files = readMigrations(this.dir);
    return this.withClient(async (c) => statusOf(files, await applied(c)));
  }

  /** Applies every pending migration; refuses to run when an applied file has been edited. */
  async migrate(): Promise<MigrateResult> {
    const files = readMigrations(this.dir);
    return this.withClient(async (c) => {
      await c.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
      try {
        await c.query(BOOKKEEPING);
        const status = statusOf(files, await applied(c));
        const modified = status.filter((s) => s.state === 'modified');
        if (modified.length > 0) {
          throw new MigrationError(
            `applied migration(s) edited since they ran: ${modified.map((m) => `${m.version}_${m.name}`).join(', ')}. ` +
              'Write a new migration instead of editing an applied one.',
          );
        }
        const pending = files.filter((f) => status.find((s) => s.version === f.version)?.state === 'pending');
        if (pending.length > 0) await this.refuseUnsafe(files, pending);
        // Session settings, after the advisory lock (whose wait lock_timeout would also cut short).
        await c.query('SET statement_timeout = 0');
        await c.query(`SET lock_timeout = ${Math.round(this.lockTimeoutMs)}`);
        for (const m of pending) await this.applyOne(c, m);
        return { applied: pending.map((m) => m.file) };
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    });
  }

  /** Lints every file (a pending one may rely on what an applied one did); errors in pending ones stop the run. */
  private async refuseUnsafe(files: MigrationFile[], pending: MigrationFile[]): Promise<void> {
    const names = new Set(pending.filter((m) => m.version > this.lintBaseline).map((m) => m.file));
    if (names.size === 0) return;
    const findings = await lintMigrations(files, { baseline: this.lintBaseline });
    const errors = findings.filter((f) => f.severity === 'error' && names.has(f.file));
    if (errors.length === 0) return;
    throw new MigrationError(
      `pending migration(s) would lock a busy table; nothing was applied (see \`ledgerline migrate:lint\`):\n` +
        errors.map((f) => formatFinding(f, this.dir)).join('\n') +
        '\nFix them, or opt out with `-- ledgerline:allow <rule-id> <reason>` before the statement (docs/MIGRATIONS.md).',
    );
  }

  /**
   * Runs fn again when it fails on lock_timeout, with a doubling pause. Only for work that leaves
   * nothing behind when it fails: a rolled-back transaction, or one plain statement.
   */
  private async retryOnLockTimeout(what: string, fn: () => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        if (!isLockTimeout(err)) throw err;
        if (attempt >= this.attempts) {
          throw new MigrationError(
            `could not get its locks within lock_timeout (${this.lockTimeoutMs} ms) in ${this.attempts} attempt(s) ` +
              `(${(err as Error).message}). A long transaction, or a session idle in transaction, holds a conflicting ` +
              'lock on a table it changes: find it in pg_stat_activity (pg_blocking_pids), let it finish or end it, then run `ledgerline migrate` again.',
            { cause: err },
          );
        }
        const pause = this.retryDelayMs * 2 ** (attempt - 1);
        this.log(`${what}: lock_timeout after ${this.lockTimeoutMs} ms (attempt ${attempt} of ${this.attempts}); retrying in ${pause} ms`);
        await sleep(pause);
      }
    }
  }

  private async applyOne(c: pg.Client, m: MigrationFile): Promise<void> {
    const started = performance.now();
    const record = (ms: number) =>
      c.query('INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ($1, $2, $3, $4)', [
        m.version,
        m.name,
        m.checksum,
        Math.round(ms),
      ]);
    try {
      if (m.transactional) {
        await this.retryOnLockTimeout(m.file, async () => {
          await c.query('BEGIN');
          try {
            await c.query(m.sql);
            await record(performance.now() - started);
            await c.query('COMMIT');
          } catch (err) {
            await c.query('ROLLBACK');
            throw err;
          }
        });
      } else {
        // Each statement commits on its own, so only the one that failed is retried.
        for (const statement of splitStatements(m.sql)) await this.runStatement(c, m.file, statement);
        await record(performance.now() - started);
      }
    } catch (err) {
      throw new MigrationError(`migration ${m.file} failed: ${(err as Error).message}`, { cause: err });
    }
    this.log(`applied ${m.file} (${Math.round(performance.now() - started)} ms)`);
  }

  /**
   * One statement of a no-transaction file. CONCURRENTLY statements run without lock_timeout: they
   * hold only a SHARE UPDATE EXCLUSIVE lock, which ordinary reads and writes never wait for, while
   * they wait for older transactions, so waiting costs nothing; a timeout would leave an INVALID index.
   */
  private async runStatement(c: pg.Client, file: string, statement: string): Promise<void> {
    if (!(await runsConcurrently(statement))) {
      await this.retryOnLockTimeout(file, async () => void (await c.query(statement)));
      return;
    }
    await c.query('SET lock_timeout = 0');
    try {
      await c.query(statement);
    } finally {
      await c.query(`SET lock_timeout = ${Math.round(this.lockTimeoutMs)}`);
    }
  }

  /** True when every migration file is applied unchanged (used by /readyz). */
  static isComplete(status: MigrationStatus[]): boolean {
    return status.every((s) => s.state === 'applied');
  }
}

/** Creates `migrations/NNNN_name.sql` with the next version number; returns its path. */
export function newMigration(dir: string, rawName: string): string {
  const name = rawName.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) throw new MigrationError('a migration needs a name, e.g. `migrate:new add_invoice_due_date`');
  const last = readMigrations(dir).at(-1);
  const version = String(Number(last?.version ?? '0') + 1).padStart(4, '0');
  const file = path.join(dir, `${version}_${name}.sql`);
  writeFileSync(
    file,
    `-- ${name.replace(/_/g, ' ')}\n-- Forward-only. For CREATE INDEX CONCURRENTLY, make the first line:\n-- ${NO_TRANSACTION_MARKER}\n` +
      '-- `ledgerline migrate:lint` checks that it locks no busy table (docs/MIGRATIONS.md).\n\n',
    { flag: 'wx' },
  );
  return file;
}
