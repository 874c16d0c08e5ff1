// Worker wake-ups: sent after the commit, shared by the enqueues that happen together, and never a
// failure for the enqueuer when they cannot be sent.
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { Database } from '../db/db.ts';
import { sleep } from './jobs.fixtures.ts';
import { JOBS_CHANNEL, WorkerWakeups } from './wakeups.ts';

describe('WorkerWakeups', () => {
  let database: TestDatabase;
  let db: Database;
  let statements = 0;
  let listener: pg.Client;
  const heard: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Database({ connectionString: database.url, poolSize: 4, applicationName: 'test-wakeups', onStatement: () => statements++ });
    listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    listener.on('notification', (m) => heard.push(m.payload ?? ''));
    await listener.query(`LISTEN ${JOBS_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await db?.close();
    await database?.drop();
  });

  const heardSoon = async (n: number) => {
    for (let i = 0; i < 50 && heard.length < n; i++) await sleep(20);
    return [...heard].sort();
  };

  it('wakes every queue asked for, with one statement for wakes asked for together', async () => {
    const wakeups = new WorkerWakeups();
    heard.length = 0;
    const before = statements;
    await Promise.all([wakeups.wake(db, 'a'), wakeups.wake(db, 'b'), wakeups.wake(db, 'a'), wakeups.wake(db, 'c')]);
    expect(statements - before).toBe(1);
    expect(await heardSoon(3)).toEqual(['a', 'b', 'c']);
  });

  it('gathers the wakes asked for while one is in flight into the next statement', async () => {
    const wakeups = new WorkerWakeups();
    heard.length = 0;
    const before = statements;
    const first = wakeups.wake(db, 'a');
    await sleep(0); // the first statement is on its way
    const later = [wakeups.wake(db, 'b'), wakeups.wake(db, 'c'), wakeups.wake(db, 'b')];
    await Promise.all([first, ...later]);
    expect(statements - before).toBe(2);
    expect(await heardSoon(3)).toEqual(['a', 'b', 'c']);
  });

  it('reports a wake it could not send and resolves all the same: the job is committed, workers poll for it', async () => {
    const lines: unknown[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const unreachable = new Database({ connectionString: 'postgres://nobody@127.0.0.1:9/none', poolSize: 1, applicationName: 'test-wakeups', connectionTimeoutMs: 1_000 });
    try {
      await expect(new WorkerWakeups(logger).wake(unreachable, 'a')).resolves.toBeUndefined();
    } finally {
      await unreachable.close();
    }
    expect(lines).toEqual([expect.objectContaining({ msg: expect.stringContaining('could not wake workers'), queues: ['a'] })]);
  });
});
