// The benchmark's view of PostgreSQL's backends: a statement stuck behind another transaction's row
// lock shows as a lock wait, a sleeping one as its timeout, the lock's holder between statements as
// idle in transaction, and only the database asked about counts.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../test/support/database.ts';
import { DbWaitSampler, formatDbWaits } from './db-waits.ts';

describe('DbWaitSampler', () => {
  let database: TestDatabase;
  const clients: pg.Client[] = [];
  const client = async () => {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await database.admin.query('CREATE TABLE counters (id int PRIMARY KEY, n int NOT NULL)');
    await database.admin.query('INSERT INTO counters VALUES (1, 0)');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.end()));
    await database?.drop();
  });

  it('counts a backend waiting for a row lock and one sleeping in a statement, in its database only', async () => {
    const holder = await client();
    const waiter = await client();
    const busy = await client();
    await holder.query('BEGIN');
    await holder.query('UPDATE counters SET n = n + 1 WHERE id = 1');
    const waiting = waiter.query('UPDATE counters SET n = n + 1 WHERE id = 1');
    const running = busy.query('SELECT pg_sleep(3)');
    const dbName = new URL(database.url).pathname.slice(1);
    // Until both are where they will stay for the sampling (a loaded machine may take its time).
    for (let i = 0; i < 100; i++) {
      const { rows } = await database.admin.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND wait_event IN ('transactionid', 'PgSleep')`,
        [dbName],
      );
      if (rows[0].n === 2) break;
      await sleep(20);
    }
    const sampler = new DbWaitSampler(database.url, dbName).start();
    // Connected elsewhere, so that its own statements are not among the ones sampled above.
    const other = new URL(database.url);
    other.pathname = '/postgres';
    const elsewhere = new DbWaitSampler(other.toString(), 'no_such_database').start();
    await sleep(600);
    const [waits, none] = [await sampler.stop(), await elsewhere.stop()];
    await holder.query('COMMIT');
    await Promise.all([waiting, running]);

    expect(waits.samples).toBeGreaterThanOrEqual(3);
    // pg_sleep waits on a timeout, which pg_stat_activity reports as such; the lock's holder sits
    // between its statements.
    expect(waits.backends).toEqual({ 'Lock:transactionid': 1, 'Timeout:PgSleep': 1, 'idle in transaction': 1 });
    expect(formatDbWaits(waits)).toMatch(/Lock:transactionid 1\.0/);
    expect(none.backends).toEqual({});
    expect(formatDbWaits(none)).toBe('none active');
  });

  it('samples nothing outside the measured window', async () => {
    const sampler = new DbWaitSampler(database.url, 'postgres', () => false).start();
    await sleep(300);
    const waits = await sampler.stop();
    expect(waits.samples).toBe(0);
    expect(formatDbWaits(waits)).toBe('?');
  });
});
