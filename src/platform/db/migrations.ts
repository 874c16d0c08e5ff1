// Forward-only SQL migrations: `migrations/NNNN_name.sql`, applied in order, each recorded with a
// checksum so that editing an applied file is caught. One runner at a time (advisory lock).
// A file whose first line is `-- ledgerline:no-transaction` runs outside a transaction, statement
// by statement, so that `CREATE INDEX CONCURRENTLY` works.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';

export const NO_TRANSACTION_MARKER = '-- ledgerline:no-transaction';
const FILE_PATTERN = /^(\d{4})_([a-z0-9_]+)\.sql$/;
/** pg_advisory_lock key: the ASCII of "llmigrat" as a bigint, so no other lock collides with it. */
const LOCK_KEY = '7885359486262485364';

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

export class Migrator {
  constructor(
    private readonly connectionString: string,
    private readonly dir: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

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
        for (const m of pending) await this.applyOne(c, m);
        return { applied: pending.map((m) => m.file) };
      } finally {
        await c.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
      }
    });
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
        await c.query('BEGIN');
        try {
          await c.query(m.sql);
          await record(performance.now() - started);
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK');
          throw err;
        }
      } else {
        for (const statement of splitStatements(m.sql)) await c.query(statement);
        await record(performance.now() - started);
      }
    } catch (err) {
      throw new MigrationError(`migration ${m.file} failed: ${(err as Error).message}`, { cause: err });
    }
    this.log(`applied ${m.file} (${Math.round(performance.now() - started)} ms)`);
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
    `-- ${name.replace(/_/g, ' ')}\n-- Forward-only. For CREATE INDEX CONCURRENTLY, make the first line:\n-- ${NO_TRANSACTION_MARKER}\n\n`,
    { flag: 'wx' },
  );
  return file;
}
