// The migration runner against a busy table: a short lock_timeout with retries, and the linter
// standing between a pending migration and the database.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Migrator, MigrationError, type MigratorOptions } from '../../src/platform/db/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

let db: TestDatabase;
let dir: string;
let holder: pg.Client;
beforeEach(async () => {
  db = await createTestDatabase();
  await db.admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
  holder = new pg.Client({ connectionString: db.url });
  await holder.connect();
});
afterEach(async () => {
  await holder.end();
  await db.drop();
});

const write = (file: string, sql: string) => writeFileSync(path.join(dir, file), sql);
// Short timings so that a test waits well under a second per attempt. The baseline 0000 lints
// every file, as it would a new migration in the repository.
const FAST: MigratorOptions = { lockTimeoutMs: 150, attempts: 4, retryDelayMs: 50, lintBaseline: '0000' };
const columns = async (table: string) =>
  (await db.admin.query<{ c: string }>(`SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1 ORDER BY 1`, [table])).rows.map((r) => r.c);

/** Resolves once `check` holds, polling every 10 ms for at most 5 s. */
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 5_000; !(await check()); ) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const migrationWaitsForLock = async () =>
  (await db.admin.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'ledgerline-migrate' AND wait_event_type = 'Lock'`)).rowCount! > 0;

/** Another session in the middle of a transaction that has read `table` (an ACCESS SHARE lock). */
async function holdLockOn(table: string): Promise<() => Promise<void>> {
  await holder.query('BEGIN');
  await holder.query(`SELECT count(*) FROM ${table}`);
  return async () => void (await holder.query('COMMIT'));
}

describe('Migrator › lock_timeout and retry', () => {
  it('gives up waiting for a lock after lock_timeout, retries, and succeeds once the lock is released', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id bigint PRIMARY KEY);');
    await new Migrator(db.url, dir, undefined, FAST).migrate();
    write('0002_b.sql', 'ALTER TABLE a ADD COLUMN note text;');
    const release = await holdLockOn('a');
    const log: string[] = [];
    const started = Date.now();
    const running = new Migrator(db.url, dir, (line) => log.push(line), FAST).migrate();
    // While the migration waits for its lock, other sessions' reads of the table queue behind it:
    // a read started now finishes within one lock_timeout, when the waiting ALTER gives up.
    await until(migrationWaitsForLock);
    const readStarted = Date.now();
    await db.admin.query('SELECT count(*) FROM a');
    expect(Date.now() - readStarted).toBeLessThan(1_000);
    await until(() => log.some((l) => l.includes('retrying')));
    await release();
    const result = await running;
    expect(result.applied).toEqual(['0002_b.sql']);
    expect(await columns('a')).toEqual(['id', 'note']);
    expect(log.some((l) => /0002_b\.sql: lock_timeout after 150 ms \(attempt 1 of 4\); retrying in 50 ms/.test(l))).toBe(true);
    expect(log.at(-1)).toMatch(/^applied 0002_b\.sql/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('fails with a clear message after the last attempt, leaving the migration pending', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id bigint PRIMARY KEY);');
    await new Migrator(db.url, dir, undefined, FAST).migrate();
    write('0002_b.sql', 'ALTER TABLE a ADD COLUMN note text;');
    const release = await holdLockOn('a');
    const log: string[] = [];
    const error = await new Migrator(db.url, dir, (line) => log.push(line), FAST).migrate().catch((e: unknown) => e);
    await release();
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/migration 0002_b\.sql failed: could not get its locks within lock_timeout \(150 ms\) in 4 attempt\(s\)/);
    expect((error as Error).message).toMatch(/pg_stat_activity/);
    expect(log.filter((l) => l.includes('retrying'))).toHaveLength(3);
    expect(await columns('a')).toEqual(['id']);
    const status = await new Migrator(db.url, dir).status();
    expect(status.map((s) => [s.version, s.state])).toEqual([
      ['0001', 'applied'],
      ['0002', 'pending'],
    ]);
  });

  it('retries only the failing statement of a no-transaction migration (earlier ones have committed)', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id bigint PRIMARY KEY, name text);');
    await new Migrator(db.url, dir, undefined, FAST).migrate();
    write('0002_b.sql', '-- ledgerline:no-transaction\nCREATE TABLE b (id bigint PRIMARY KEY);\nALTER TABLE a ADD COLUMN note text;\nCREATE INDEX CONCURRENTLY a_name_idx ON a (name);\n');
    const release = await holdLockOn('a');
    const log: string[] = [];
    const running = new Migrator(db.url, dir, (line) => log.push(line), FAST).migrate();
    await until(() => log.some((l) => l.includes('retrying')));
    await release();
    expect((await running).applied).toEqual(['0002_b.sql']);
    expect(await columns('a')).toEqual(['id', 'name', 'note']);
    expect(await columns('b')).toEqual(['id']);
    expect(log.some((l) => l.includes('retrying'))).toBe(true);
  });

  it('lets CREATE INDEX CONCURRENTLY wait for older transactions past lock_timeout (it blocks no writes meanwhile)', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id bigint PRIMARY KEY, name text);');
    await new Migrator(db.url, dir, undefined, FAST).migrate();
    write('0002_idx.sql', '-- ledgerline:no-transaction\nCREATE INDEX CONCURRENTLY a_name_idx ON a (name);\n');
    // An open transaction that has written to the table: the build must wait for it to end.
    await holder.query('BEGIN');
    await holder.query(`INSERT INTO a VALUES (1, 'x')`);
    const running = new Migrator(db.url, dir, undefined, FAST).migrate();
    await until(migrationWaitsForLock);
    await new Promise((r) => setTimeout(r, 4 * FAST.lockTimeoutMs!));
    // It is still waiting, past lock_timeout, and meanwhile writes go through.
    await db.admin.query(`INSERT INTO a VALUES (2, 'y')`);
    await holder.query('COMMIT');
    expect((await running).applied).toEqual(['0002_idx.sql']);
    const valid = await db.admin.query(`SELECT indisvalid FROM pg_index WHERE indexrelid = 'a_name_idx'::regclass`);
    expect(valid.rows).toEqual([{ indisvalid: true }]);
  });
});

describe('Migrator › the linter', () => {
  it('refuses a pending migration the linter rejects, applying nothing, and names the finding', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id bigint PRIMARY KEY, name text);');
    write('0002_b.sql', 'CREATE TABLE b (id bigint PRIMARY KEY);');
    write('0003_idx.sql', 'CREATE INDEX a_name_idx ON a (name);');
    const error = await new Migrator(db.url, dir, undefined, FAST).migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationError);
    expect((error as Error).message).toMatch(/nothing was applied/);
    expect((error as Error).message).toMatch(/0003_idx\.sql:1: error \[index-not-concurrent\] CREATE INDEX a_name_idx on existing table public\.a/);
    const status = await new Migrator(db.url, dir).status();
    expect(status.map((s) => s.state)).toEqual(['pending', 'pending', 'pending']);
  });

  it('applies it once the statement opts out with a reason', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id bigint PRIMARY KEY, name text);');
    write('0002_idx.sql', '-- ledgerline:allow index-not-concurrent the table holds a few rows of settings\nCREATE INDEX a_name_idx ON a (name);');
    expect((await new Migrator(db.url, dir, undefined, FAST).migrate()).applied).toEqual(['0001_a.sql', '0002_idx.sql']);
  });

  it('does not hold an already-applied migration against the pending ones', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id bigint PRIMARY KEY, name text);');
    write('0002_idx.sql', 'CREATE INDEX a_name_idx ON a (name);');
    await new Migrator(db.url, dir, undefined, { ...FAST, lintBaseline: '0002' }).migrate();
    write('0003_b.sql', 'CREATE TABLE b (id bigint PRIMARY KEY);');
    expect((await new Migrator(db.url, dir, undefined, FAST).migrate()).applied).toEqual(['0003_b.sql']);
  });
});
