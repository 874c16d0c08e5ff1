import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Migrator, MigrationError, newMigration, readMigrations, splitStatements } from '../../src/platform/db/migrations.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

// Each test migrates a fresh, empty schema of a private database with its own migration files.
let db: TestDatabase;
let dir: string;
beforeEach(async () => {
  db = await createTestDatabase();
  await db.admin.query('DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  dir = mkdtempSync(path.join(tmpdir(), 'migrations-'));
});
afterEach(async () => db.drop());

const write = (file: string, sql: string) => writeFileSync(path.join(dir, file), sql);
const tables = async () =>
  (await db.admin.query<{ t: string }>(`SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.t);

describe('Migrator', () => {
  it('applies pending migrations in order and records each with a checksum', async () => {
    write('0002_b.sql', 'ALTER TABLE a ADD COLUMN note text;');
    write('0001_a.sql', 'CREATE TABLE a (id int);');
    const result = await new Migrator(db.url, dir).migrate();
    expect(result.applied).toEqual(['0001_a.sql', '0002_b.sql']);
    const rows = (await db.admin.query('SELECT version, name, checksum FROM schema_migrations ORDER BY version')).rows;
    expect(rows).toEqual([
      { version: '0001', name: 'a', checksum: expect.stringMatching(/^[0-9a-f]{64}$/) },
      { version: '0002', name: 'b', checksum: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    expect((await new Migrator(db.url, dir).migrate()).applied).toEqual([]);
  });

  it('rolls back a failing migration entirely and reports which file failed', async () => {
    write('0001_bad.sql', 'CREATE TABLE ok (id int); CREATE TABLE broken (id nosuchtype);');
    await expect(new Migrator(db.url, dir).migrate()).rejects.toThrow(/0001_bad\.sql failed/);
    expect(await tables()).not.toContain('ok');
  });

  it('refuses to run when an applied migration was edited', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id int);');
    await new Migrator(db.url, dir).migrate();
    write('0001_a.sql', 'CREATE TABLE a (id bigint);');
    write('0002_b.sql', 'CREATE TABLE b (id int);');
    await expect(new Migrator(db.url, dir).migrate()).rejects.toThrow(MigrationError);
    expect(await tables()).not.toContain('b');
    const status = await new Migrator(db.url, dir).status();
    expect(status.map((s) => s.state)).toEqual(['modified', 'pending']);
  });

  it('runs a no-transaction migration statement by statement, so CREATE INDEX CONCURRENTLY works', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id int, name text);');
    write('0002_idx.sql', "-- ledgerline:no-transaction\nCREATE INDEX CONCURRENTLY a_name_idx ON a (name);\nCREATE INDEX CONCURRENTLY a_id_idx ON a (id);\n");
    await new Migrator(db.url, dir).migrate();
    const idx = await db.admin.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'a' ORDER BY 1`);
    expect(idx.rows.map((r) => r.indexname)).toEqual(['a_id_idx', 'a_name_idx']);
  });

  it('lets only one runner apply migrations at a time', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id int); SELECT pg_sleep(0.3);');
    const results = await Promise.all([new Migrator(db.url, dir).migrate(), new Migrator(db.url, dir).migrate(), new Migrator(db.url, dir).migrate()]);
    expect(results.map((r) => r.applied.length).sort()).toEqual([0, 0, 1]);
  });

  it('reports pending, applied and missing migrations in its status', async () => {
    write('0001_a.sql', 'CREATE TABLE a (id int);');
    write('0002_b.sql', 'CREATE TABLE b (id int);');
    await new Migrator(db.url, dir).migrate();
    write('0003_c.sql', 'CREATE TABLE c (id int);');
    await db.admin.query(`INSERT INTO schema_migrations (version, name, checksum, duration_ms) VALUES ('0000', 'gone', 'x', 1)`);
    const status = await new Migrator(db.url, dir).status();
    expect(status.map((s) => [s.version, s.state])).toEqual([
      ['0000', 'missing'],
      ['0001', 'applied'],
      ['0002', 'applied'],
      ['0003', 'pending'],
    ]);
    expect(Migrator.isComplete(status)).toBe(false);
  });
});

describe('migration files', () => {
  it('rejects badly named files and duplicate versions', () => {
    const local = mkdtempSync(path.join(tmpdir(), 'migrations-'));
    writeFileSync(path.join(local, 'add-users.sql'), '');
    expect(() => readMigrations(local)).toThrow(/0001_snake_case_name/);
  });

  it('creates the next numbered file with migrate:new', () => {
    write('0001_a.sql', '');
    write('0007_b.sql', '');
    const file = newMigration(dir, 'Add invoice due date');
    expect(path.basename(file)).toBe('0008_add_invoice_due_date.sql');
    expect(readdirSync(dir)).toContain('0008_add_invoice_due_date.sql');
  });

  it('splits statements without breaking quoted semicolons, comments or dollar-quoted bodies', () => {
    const sql = `-- a; comment\nCREATE TABLE t (v text DEFAULT ';');\nCREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;\nSELECT 'it''s; fine';`;
    expect(splitStatements(sql)).toEqual([
      `CREATE TABLE t (v text DEFAULT ';')`,
      `CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql`,
      `SELECT 'it''s; fine'`,
    ]);
  });
});
