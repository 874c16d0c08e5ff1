// Our own enqueue statement (InsertJobs) against pg-boss's send(): the rows are alike, whatever the
// queue's own settings, so pg-boss's maintenance and our worker treat them the same (worker.test.ts
// runs, retries and fails jobs enqueued this way). And what it saves: statements per enqueue, with
// the singleton guarantee kept under concurrent enqueues.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { Database } from '../db/db.ts';
import { createBoss, executor, type PgBoss } from './boss.ts';
import { recordingTask, signal, sleep } from './jobs.fixtures.ts';
import { PgBossJobQueue } from './queue.ts';

const LEASE_SECONDS = 45;

/** Every column pg-boss's maintenance or our worker reads, with times relative to start_after. */
const SHAPE = `
  SELECT name, state, priority, data, singleton_key, singleton_on, dead_letter, policy,
         retry_limit, retry_count, retry_delay, retry_backoff, expire_in,
         keep_until - start_after AS keep_for, started_on, completed_on, output
    FROM pgboss.job WHERE id = $1`;

describe('PgBossJobQueue’s own insert', () => {
  let database: TestDatabase;
  let db: Database;
  let statements = 0;
  let queues = 0;
  let queue: PgBossJobQueue;
  let boss: PgBoss;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Database({ connectionString: database.url, poolSize: 12, applicationName: 'test-enqueue', onStatement: () => statements++ });
    queue = new PgBossJobQueue({ leaseSeconds: LEASE_SECONDS });
    boss = await createBoss({ db, leaseSeconds: LEASE_SECONDS, role: 'sender', onError: () => undefined });
    await boss.start();
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: false });
    await db?.close();
    await database?.drop();
  });

  const shape = async (id: string | null) => (await database.admin.query(SHAPE, [id])).rows[0] as Record<string, unknown>;
  const counted = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const before = statements;
    const result = await fn();
    return [result, statements - before];
  };

  it.each([
    ['a queue with no settings of its own', '{"policy": "standard"}'],
    ['a queue with its own retry, expiry, retention and dead letter', '{"policy": "standard", "retryLimit": 9, "retryDelay": 7, "retryBackoff": true, "expireInSeconds": 120, "retentionMinutes": 90, "deadLetter": "test.dead"}'],
  ])('writes the row pg-boss’s send() writes, on %s', async (_, options) => {
    const task = recordingTask(`test.shape_${++queues}`);
    await database.admin.query(`SELECT pgboss.create_queue('test.dead', '{"policy": "standard"}'), pgboss.create_queue($1, $2::json)`, [task.name, options]);
    const runAt = new Date(Date.now() + 60_000);
    for (const opts of [{}, { runAt, singletonKey: 'k:1' }]) {
      const ours = await queue.add(db, task, { n: 1 }, signal(), opts);
      const theirs = await boss.send(task.name, JSON.stringify({ n: 1 }) as unknown as object, {
        db: executor(db),
        retryLimit: task.maxAttempts,
        ...('runAt' in opts ? { startAfter: opts.runAt, singletonKey: 'k:2' } : {}),
      });
      const [a, b] = [await shape(ours), await shape(theirs)];
      expect(a).toBeDefined();
      expect({ ...a, singleton_key: a.singleton_key === null ? null : 'k' }).toEqual({ ...b, singleton_key: b.singleton_key === null ? null : 'k' });
    }
    // enqueueEach writes the same row for each of its jobs.
    await queue.enqueueEach(db, task, [{ payload: { n: 1 }, singletonKey: 'each:1' }], signal());
    const [each] = (await database.admin.query(`SELECT id FROM pgboss.job WHERE name = $1 AND singleton_key = 'each:1'`, [task.name])).rows as { id: string }[];
    const sent = await boss.send(task.name, JSON.stringify({ n: 1 }) as unknown as object, { db: executor(db), retryLimit: task.maxAttempts, singletonKey: 'k:3' });
    const [c, d] = [await shape(each!.id), await shape(sent)];
    expect(c).toBeDefined();
    expect({ ...c, singleton_key: 'k' }).toEqual({ ...d, singleton_key: 'k' });
    const [start] = (await database.admin.query(`SELECT start_after FROM pgboss.job WHERE name = $1 AND singleton_key = 'k:1'`, [task.name])).rows;
    expect((start as { start_after: Date }).start_after.getTime()).toBe(runAt.getTime());
  });

  it('enqueues in one statement inside a transaction, two with a singleton key, one for jobs whose keys are new, and wakes workers with one after the commit', async () => {
    const task = recordingTask('test.count');
    await queue.add(db, task, { n: 0 }, signal()); // creates the queue
    const [, plain] = await counted(() => db.transaction(signal(), (tx) => queue.add(tx, task, { n: 1 }, signal())));
    const [, singleton] = await counted(() => db.transaction(signal(), (tx) => queue.add(tx, task, { n: 2 }, signal(), { singletonKey: 'c:1' })));
    const [, fresh] = await counted(() => db.transaction(signal(), (tx) => queue.enqueueEach(tx, task, [{ payload: { n: 3 }, singletonKey: 'c:2' }], signal())));
    // BEGIN and COMMIT around each, and the NOTIFY after it.
    expect([plain - 3, singleton - 3, fresh - 3]).toEqual([1, 2, 1]);
    // A new key is recorded all the same: the next enqueue of it finds the job.
    expect(await queue.add(db, task, { n: 4 }, signal(), { singletonKey: 'c:2' })).toBeNull();
  });

  it('keeps one unfinished job per key when many transactions enqueue it at once', async () => {
    const task = recordingTask('test.race');
    await queue.add(db, task, { n: 0 }, signal());
    const inTransactions = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        db.transaction(signal(), async (tx) => {
          const id = await queue.add(tx, task, { n }, signal(), { singletonKey: 'race:1' });
          await sleep(30);
          return id;
        }),
      ),
    );
    expect(inTransactions.filter((id) => id !== null)).toHaveLength(1);
    // On the pool, each enqueue is a transaction of its own.
    const onPool = await Promise.all(Array.from({ length: 8 }, (_, n) => queue.add(db, task, { n }, signal(), { singletonKey: 'race:2' })));
    expect(onPool.filter((id) => id !== null)).toHaveLength(1);
    const { rows } = await database.admin.query(`SELECT singleton_key, count(*)::int AS n FROM pgboss.job WHERE name = $1 AND singleton_key IS NOT NULL GROUP BY 1 ORDER BY 1`, [task.name]);
    expect(rows).toEqual([
      { singleton_key: 'race:1', n: 1 },
      { singleton_key: 'race:2', n: 1 },
    ]);
  });

  it('wakes idle workers at commit for a job due now, not for a later one or a rolled-back one', async () => {
    const task = recordingTask('test.notify');
    await queue.add(db, task, { n: 0 }, signal());
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (m) => heard.push(m.payload ?? ''));
    await listener.query('LISTEN ledgerline_jobs');
    try {
      await queue.add(db, task, { n: 1 }, signal(), { runAt: new Date(Date.now() + 60_000) });
      await db.transaction(signal(), async (tx) => {
        await queue.add(tx, task, { n: 2 }, signal());
        await sleep(100);
        expect(heard).toEqual([]);
        throw new Error('rolled back');
      }).catch(() => undefined);
      await queue.add(db, task, { n: 3 }, signal());
      await sleep(100);
      expect(heard).toEqual([task.name]);
      // Many jobs of a task in one transaction: one wake-up.
      const before = statements;
      await db.transaction(signal(), async (tx) => {
        for (let n = 4; n < 14; n++) await queue.add(tx, task, { n }, signal());
      });
      expect(statements - before).toBe(1 + 10 + 1 + 1);
    } finally {
      await listener.end();
    }
  });
});
