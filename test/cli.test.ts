// `ledgerline <command>` as an operator runs it: a child process against a private test database.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { runCli } from '../src/cli.ts';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { newMigration } from '../src/platform/db/migrations.ts';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { memoryIo, runCliProcess } from './support/cli.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => db.drop());

const withDb = () => ({ DATABASE_URL: db.url });

describe('ledgerline CLI › usage', () => {
  it('exits 2 with the usage on stderr for an unknown command', async () => {
    const r = await runCliProcess(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
    expect(r.stderr).toContain('usage: ledgerline <command>');
    expect(r.stdout).toBe('');
  });

  it('exits 2 for an unknown flag, a flag without its value, or a missing argument', async () => {
    const results = await Promise.all([
      runCliProcess(['migrate', '--bogus'], withDb()),
      runCliProcess(['createsuperuser', '--email'], withDb()),
      runCliProcess(['migrate:new'], withDb()),
      runCliProcess(['routes', 'extra'], withDb()),
    ]);
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('usage: ledgerline ');
    }
  });

  it('prints the command list for help and --help, and exits 0', async () => {
    const results = await Promise.all([['help'], ['--help'], ['migrate:new', '--help']].map((args) => runCliProcess(args)));
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('usage: ledgerline');
    }
  });
});

describe('ledgerline CLI › migrations', () => {
  it('migrate:status lists every file in migrations/ as applied', async () => {
    const r = await runCliProcess(['migrate:status'], withDb());
    expect(r.code, r.stderr).toBe(0);
    const files = readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const [, version, name] = /^(\d{4})_(.+)\.sql$/.exec(file)!;
      expect(r.stdout).toMatch(new RegExp(`^${version}\\s+${name}\\s+applied\\s+\\d{4}-`, 'm'));
    }
  });

  it('migrate:status exits 1 when an applied migration was edited', async () => {
    const edited = await createTestDatabase();
    try {
      await edited.admin.query(`UPDATE schema_migrations SET checksum = 'edited' WHERE version = '0001'`);
      const r = await runCliProcess(['migrate:status'], { DATABASE_URL: edited.url });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/^0001\s+\S+\s+modified/m);
    } finally {
      await edited.drop();
    }
  });

  describe('on an empty database', () => {
    let server: pg.Client;
    let name: string;
    let url: string;
    beforeAll(async () => {
      const base = inject('pgBaseUrl');
      name = `test_${randomBytes(6).toString('hex')}`;
      server = new pg.Client({ connectionString: `${base}postgres` });
      await server.connect();
      await server.query(`CREATE DATABASE ${name}`);
      url = `${base}${name}`;
    });
    afterAll(async () => {
      await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await server.end();
    });

    it('check reports the unapplied migrations and exits 1', async () => {
      const r = await runCliProcess(['check'], { DATABASE_URL: url });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('E103');
      expect(r.stderr).toContain('0001_users_and_tokens');
    });

    it('web refuses to serve, telling the operator to migrate', async () => {
      const r = await runCliProcess(['web'], { DATABASE_URL: url, PORT: '0' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('ledgerline migrate');
    });

    it('migrate applies every file and says which', async () => {
      const r = await runCliProcess(['migrate'], { DATABASE_URL: url });
      expect(r.code, r.stderr).toBe(0);
      for (const file of readdirSync(MIGRATIONS_DIR).filter((f) => f.endsWith('.sql'))) expect(r.stdout).toContain(file);
      const again = await runCliProcess(['migrate'], { DATABASE_URL: url });
      expect(again.stdout).toContain('No migrations to apply.');
    });
  });

  describe('migrate:new', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'ledgerline-migrations-'));
      for (const f of readdirSync(MIGRATIONS_DIR)) writeFileSync(path.join(dir, f), readFileSync(path.join(MIGRATIONS_DIR, f)));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('newMigration creates the next numbered file from a free-form name', () => {
      const last = readdirSync(dir).sort().at(-1)!;
      const next = String(Number(last.slice(0, 4)) + 1).padStart(4, '0');
      const file = newMigration(dir, 'Add invoice due-date');
      expect(path.basename(file)).toBe(`${next}_add_invoice_due_date.sql`);
      expect(readFileSync(file, 'utf8')).toContain('-- ledgerline:no-transaction');
    });

    it('the command prints the path of the file it created', async () => {
      const io = memoryIo();
      const code = await runCli(['migrate:new', 'backfill_memos'], io, { migrationsDir: dir });
      expect(code).toBe(0);
      const printed = io.out().trim();
      expect(path.dirname(printed)).toBe(dir);
      expect(printed).toMatch(/\d{4}_backfill_memos\.sql$/);
      expect(existsSync(printed)).toBe(true);
    });
  });
});

describe('ledgerline CLI › createsuperuser', () => {
  const password = 'correct horse battery staple';

  it('--no-input creates a staff user and exits 0; the same e-mail again exits 1 saying it is taken', async () => {
    const email = `root-${randomBytes(4).toString('hex')}@example.com`;
    const first = await runCliProcess(['createsuperuser', '--email', email, '--password', password, '--no-input'], withDb());
    expect(first.code, first.stderr).toBe(0);
    const { rows } = await db.admin.query('SELECT is_staff, name FROM users WHERE email = $1', [email]);
    expect(rows).toEqual([{ is_staff: true, name: email.split('@')[0] }]);

    const second = await runCliProcess(['createsuperuser', '--email', email, '--password', password, '--no-input'], withDb());
    expect(second.code).not.toBe(0);
    expect(second.stderr).toContain(email);
    expect(second.stderr).toMatch(/already taken/);
  });

  it('--no-input exits 1 for a weak password and creates nothing', async () => {
    const email = `weak-${randomBytes(4).toString('hex')}@example.com`;
    const r = await runCliProcess(['createsuperuser', '--email', email, '--password', 'short', '--no-input'], withDb());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/password/i);
    expect((await db.admin.query('SELECT 1 FROM users WHERE email = $1', [email])).rowCount).toBe(0);
  });

  it('--no-input without --password is a usage error', async () => {
    const r = await runCliProcess(['createsuperuser', '--email', 'x@example.com', '--no-input'], withDb());
    expect(r.code).toBe(2);
  });

  it('prompts for what the flags do not give (answers piped in)', async () => {
    const email = `asked-${randomBytes(4).toString('hex')}@example.com`;
    const io = memoryIo(`${email}\nAsked Person\n${password}\nmismatch\n${password}\n${password}\n`);
    const code = await runCli(['createsuperuser'], io, { env: { APP_ENV: 'test', DATABASE_URL: db.url } });
    expect(code, io.err()).toBe(0);
    expect(io.err()).toContain("didn't match");
    expect(io.out()).not.toContain(password);
    const { rows } = await db.admin.query('SELECT is_staff, name FROM users WHERE email = $1', [email]);
    expect(rows).toEqual([{ is_staff: true, name: 'Asked Person' }]);
  });
});

describe('ledgerline CLI › routes and check', () => {
  it('routes lists /healthz and /readyz without needing a database', async () => {
    const dataDir = path.join(tmpdir(), `ledgerline-no-db-${randomBytes(4).toString('hex')}`);
    const r = await runCliProcess(['routes'], { DATABASE_URL: '', DATA_DIR: dataDir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^GET\s+\/healthz$/m);
    expect(r.stdout).toMatch(/^GET\s+\/readyz$/m);
    expect(existsSync(dataDir)).toBe(false); // no embedded server was started for it
  });

  it('check exits 0 on a migrated database', async () => {
    const r = await runCliProcess(['check'], withDb());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('System check identified no issues.');
  });

  it('check --deploy reports a weak SECRET_KEY in production as E001 and exits 1', async () => {
    const r = await runCliProcess(['check', '--deploy'], { ...withDb(), APP_ENV: 'production', SECRET_KEY: 'x'.repeat(80) });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E001: SECRET_KEY is weak/m);
    expect(r.stderr).not.toContain('x'.repeat(80));
  });

  it('check --deploy passes a strong production configuration, with warnings only', async () => {
    const r = await runCliProcess(['check', '--deploy'], {
      ...withDb(),
      APP_ENV: 'production',
      SECRET_KEY: randomBytes(48).toString('base64url'),
      PUBLIC_URL: 'https://ledgerline.example.com',
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('ERRORS:');
    expect(r.stdout).toMatch(/^W004: PAYMENT_GATEWAY is "simulated"/m);
  });

  it('web refuses to boot in production on a deploy-check error (E002: PUBLIC_URL not https)', async () => {
    const r = await runCliProcess(['web'], { ...withDb(), APP_ENV: 'production', SECRET_KEY: randomBytes(48).toString('base64url'), PUBLIC_URL: 'http://insecure.example.com' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^E002: PUBLIC_URL/m);
    expect(r.stderr).toContain('Refusing to start in production');
  });

  it('web exits 1 without DATABASE_URL rather than start an embedded database', async () => {
    const r = await runCliProcess(['web'], { DATABASE_URL: '' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('DATABASE_URL');
  });
});
