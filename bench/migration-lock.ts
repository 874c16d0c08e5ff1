// Scale check of the zero-downtime migration rules: does a linter-approved migration on a big,
// busy table keep writes flowing? Not part of `npm test`.
//   npm run bench:migration                       (ROWS=10000000 by default)
//   ROWS=1000000 npm run bench:migration -- [--unsafe-rows 1000000] [--baseline-seconds 2]
// On its own embedded PostgreSQL under var/bench-migration (default durability: fsync on), or on
// the server of DATABASE_URL, in a fresh database `bench_migration_lock` of its own. It fills a
// table set-based (generate_series), starts a writer inserting one row per transaction back to
// back, and times every insert while the real migration runner applies
//   CREATE INDEX CONCURRENTLY, CREATE UNIQUE INDEX CONCURRENTLY, ADD CONSTRAINT … UNIQUE USING INDEX
// Target: the writer's worst insert under 200 ms. For contrast it then applies the unsafe variant
// (plain CREATE INDEX and ADD CONSTRAINT … UNIQUE, opted out of the linter) on a smaller table.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { formatFinding, hasErrors, lintMigrations } from '../src/platform/db/migration-lint.ts';
import { Migrator, readMigrations } from '../src/platform/db/migrations.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DB_NAME = 'bench_migration_lock';
const TARGET_MS = 200;
const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: process.env.ROWS ?? '10000000' },
    'unsafe-rows': { type: 'string', default: process.env.UNSAFE_ROWS ?? '1000000' },
    'baseline-seconds': { type: 'string', default: '2' },
  },
});
const ROWS = Number(args.rows);
const UNSAFE_ROWS = Math.min(Number(args['unsafe-rows']), ROWS);
const BASELINE_MS = Number(args['baseline-seconds']) * 1000;

const SAFE = `-- ledgerline:no-transaction
-- Each index build first drops an INVALID index an interrupted earlier run may have left.
DROP INDEX CONCURRENTLY IF EXISTS events_account_created_idx;
CREATE INDEX CONCURRENTLY events_account_created_idx ON events (account_id, created_at);
DROP INDEX CONCURRENTLY IF EXISTS events_code_key;
CREATE UNIQUE INDEX CONCURRENTLY events_code_key ON events (code);
ALTER TABLE events ADD CONSTRAINT events_code_key UNIQUE USING INDEX events_code_key;
`;
const UNSAFE_STATEMENTS = `CREATE INDEX events_small_account_created_idx ON events_small (account_id, created_at);
ALTER TABLE events_small ADD CONSTRAINT events_small_code_key UNIQUE (code);
`;
const UNSAFE = `-- ledgerline:allow-file index-not-concurrent the unsafe variant on purpose, for contrast
-- ledgerline:allow-file unique-not-using-index the unsafe variant on purpose, for contrast
${UNSAFE_STATEMENTS}`;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Sample {
  start: number;
  ms: number;
}

/** One session inserting a row per transaction, back to back, timing each insert. */
class Writer {
  readonly samples: Sample[] = [];
  private running = true;
  private done: Promise<void> = Promise.resolve();

  constructor(
    private readonly client: pg.Client,
    private readonly table: string,
  ) {}

  start(): void {
    this.done = (async () => {
      for (let i = 0; this.running; i++) {
        const start = performance.now();
        await this.client.query(`INSERT INTO ${this.table} (account_id, code) VALUES ($1, $2)`, [i % 10_000, `w-${this.table}-${i}`]);
        this.samples.push({ start, ms: performance.now() - start });
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  /** Inserts that overlapped [from, to]. */
  between(from: number, to: number): Sample[] {
    return this.samples.filter((s) => s.start <= to && s.start + s.ms >= from);
  }
}

/** Latency figures, and when the three slowest inserts started (ms after `origin`). */
function describe(label: string, samples: Sample[], origin: number): string {
  if (samples.length === 0) return `${label}: no inserts`;
  const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
  const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 3);
  return (
    `${label}: ${ms.length} inserts, p50 ${percentile(ms, 50).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms` +
    ` (slowest at ${slowest.map((s) => `${Math.round(s.start - origin)} ms: ${s.ms.toFixed(0)} ms`).join(', ')})`
  );
}

const worstOf = (samples: Sample[]) => Math.max(...samples.map((s) => s.ms));

async function fill(client: pg.Client, table: string, rows: number): Promise<void> {
  const started = performance.now();
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(`CREATE TABLE ${table} (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id bigint      NOT NULL,
    code       text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`);
  // Set-based, in slices so one statement's WAL and memory stay modest.
  const slice = 2_000_000;
  for (let from = 1; from <= rows; from += slice) {
    await client.query(
      `INSERT INTO ${table} (account_id, code, created_at)
       SELECT g % 10000, 'c-' || g, timestamptz '2024-01-01' + g * interval '1 second'
         FROM generate_series($1::bigint, $2::bigint) g`,
      [from, Math.min(rows, from + slice - 1)],
    );
  }
  await client.query(`VACUUM ANALYZE ${table}`);
  // So that the writer's figures do not include flushing the fill's dirty pages.
  await client.query('CHECKPOINT');
  console.log(`filled ${table} with ${rows.toLocaleString('en')} rows in ${seconds(performance.now() - started)}`);
}

/** Applies the pending files of `dir` through the real runner while a writer inserts into `table`. */
async function underLoad(url: string, dir: string, table: string): Promise<{ origin: number; migrationMs: number; before: Sample[]; during: Sample[] }> {
  const writerClient = new pg.Client({ connectionString: url, application_name: 'bench-writer' });
  await writerClient.connect();
  const writer = new Writer(writerClient, table);
  try {
    writer.start();
    const baselineFrom = performance.now();
    await new Promise((r) => setTimeout(r, BASELINE_MS));
    const from = performance.now();
    const result = await new Migrator(url, dir, (line) => console.log(`  runner: ${line}`), { lintBaseline: '0000' }).migrate();
    const to = performance.now();
    await new Promise((r) => setTimeout(r, 200));
    await writer.stop();
    if (result.applied.length === 0) throw new Error('the runner applied nothing');
    return { origin: from, migrationMs: to - from, before: writer.between(baselineFrom, from), during: writer.between(from, to) };
  } finally {
    await writer.stop();
    await writerClient.end();
  }
}

async function openServer(): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  const external = process.env.DATABASE_URL;
  const embedded = external === undefined ? await startEmbeddedPostgres({ dataDir: path.join(ROOT, 'var', 'bench-migration') }) : undefined;
  const serverUrl = embedded?.urlFor('postgres') ?? external!;
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  await server.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await server.query(`CREATE DATABASE ${DB_NAME}`);
  await server.end();
  if (embedded !== undefined) return { url: embedded.urlFor(DB_NAME), embedded };
  const url = new URL(external!);
  url.pathname = `/${DB_NAME}`;
  return { url: url.toString() };
}

const { url, embedded } = await openServer();
const dir = mkdtempSync(path.join(tmpdir(), 'ledgerline-bench-migrations-'));
const admin = new pg.Client({ connectionString: url });
await admin.connect();
let failed = false;
try {
  console.log(`migration lock bench: ${ROWS.toLocaleString('en')} rows (unsafe contrast on ${UNSAFE_ROWS.toLocaleString('en')}), writer one insert per transaction`);
  await fill(admin, 'events', ROWS);
  await fill(admin, 'events_small', UNSAFE_ROWS);

  // The migrations must be what the linter approves (the safe one) and rejects (the unsafe one).
  const bare = [
    { file: '0001_safe.sql', version: '0001', sql: SAFE, transactional: false },
    { file: '0002_unsafe.sql', version: '0002', sql: UNSAFE_STATEMENTS, transactional: true },
  ];
  const findings = await lintMigrations(bare, { baseline: '0000' });
  if (findings.some((f) => f.file === '0001_safe.sql')) throw new Error(`the safe migration has findings:\n${findings.map((f) => formatFinding(f)).join('\n')}`);
  console.log(`linter: safe variant clean; unsafe variant without opt-outs: ${findings.map((f) => f.rule).join(', ')}`);

  writeFileSync(path.join(dir, '0001_events_indexes.sql'), SAFE);
  console.log('\nsafe migration (CONCURRENTLY, then UNIQUE USING INDEX) on events:');
  const safe = await underLoad(url, dir, 'events');
  console.log(`  migration took ${seconds(safe.migrationMs)}`);
  console.log(`  ${describe('writer before', safe.before, safe.origin)}`);
  console.log(`  ${describe('writer during', safe.during, safe.origin)}`);
  const worst = worstOf(safe.during);
  console.log(`  target: worst insert < ${TARGET_MS} ms: ${worst < TARGET_MS ? 'met' : 'MISSED'} (${worst.toFixed(1)} ms)`);
  failed = !(worst < TARGET_MS);

  writeFileSync(path.join(dir, '0002_events_small_unsafe.sql'), UNSAFE);
  if (hasErrors(await lintMigrations(readMigrations(dir), { baseline: '0000' }))) throw new Error('the opted-out unsafe migration still fails the linter');
  console.log('\nunsafe migration (plain CREATE INDEX, ADD CONSTRAINT … UNIQUE) on events_small, for contrast:');
  const unsafe = await underLoad(url, dir, 'events_small');
  console.log(`  migration took ${seconds(unsafe.migrationMs)}`);
  console.log(`  ${describe('writer before', unsafe.before, unsafe.origin)}`);
  console.log(`  ${describe('writer during', unsafe.during, unsafe.origin)}`);
} finally {
  await admin.end();
  rmSync(dir, { recursive: true, force: true });
  await embedded?.stop();
}
process.exitCode = failed ? 1 : 0;
