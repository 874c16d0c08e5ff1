// Enqueue happens in the caller's transaction: a committed one runs, a rolled-back one leaves
// nothing; payloads are validated before anything is written; singleton keys hold under races.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { Database } from '../db/db.ts';
import { InvalidJobPayloadError } from './errors.ts';
import { jobRow, jobsOf, recordingTask, signal, sleep, startWorker, waitFor, type TestWorker } from './jobs.fixtures.ts';
import { PgBossJobQueue } from './queue.ts';

describe('PgBossJobQueue', () => {
  let database: TestDatabase;
  let w: TestWorker;
  const echo = recordingTask('test.echo');
  // Registered nowhere: its jobs stay queued, so tests can look at them.
  const idle = recordingTask('test.idle');

  beforeAll(async () => {
    database = await createTestDatabase();
    w = await startWorker(database.url, [echo]);
  });
  afterAll(async () => {
    await w?.stop();
    await database?.drop();
  });

  it('runs a job enqueued in a committed transaction, with its payload', async () => {
    const id = await w.db.transaction(signal(), (tx) => w.queue.add(tx, echo, { n: 1 }, signal()));
    const run = await waitFor(() => echo.runs.find((r) => r.payload.n === 1), 5_000, 'the job to run');
    expect(run.ctx).toMatchObject({ attempt: 1, maxAttempts: 3, jobId: id });
    expect(run.ctx.signal.aborted).toBe(false);
    await waitFor(async () => (await jobRow(database.admin, id!))?.state === 'completed', 5_000, 'completion');
  });

  it('leaves no job behind when the enqueuing transaction rolls back', async () => {
    await expect(
      w.db.transaction(signal(), async (tx) => {
        await w.queue.enqueue(tx, echo, { n: 2 }, signal());
        throw new Error('the order failed');
      }),
    ).rejects.toThrow('the order failed');
    // A job committed afterwards runs; by then the rolled-back one would have run too.
    await w.queue.enqueue(w.db, echo, { n: 3 }, signal());
    await waitFor(() => echo.runs.find((r) => r.payload.n === 3), 5_000, 'the later job');
    await sleep(300);
    expect(echo.runs.filter((r) => r.payload.n === 2)).toEqual([]);
    expect((await jobsOf(database.admin, 'test.echo')).filter((j) => (j.data as { n: number }).n === 2)).toEqual([]);
  });

  it('rejects a payload its task schema rejects, writing nothing', async () => {
    const before = (await jobsOf(database.admin, 'test.idle')).length;
    await expect(w.queue.enqueue(w.db, idle, { n: 'one' } as never, signal())).rejects.toThrow(InvalidJobPayloadError);
    await expect(w.queue.enqueue(w.db, idle, { n: 1, extra: true } as never, signal())).rejects.toThrow(/invalid payload for task test.idle/);
    expect(await jobsOf(database.admin, 'test.idle')).toHaveLength(before);
  });

  it('creates the queue of a task on its first enqueue, with the task’s attempts', async () => {
    const id = await w.queue.add(w.db, idle, { n: 7 }, signal());
    expect(await jobRow(database.admin, id!)).toMatchObject({ state: 'created', retry_limit: 3, data: { n: 7 } });
  });

  it('creates a new queue inside the enqueuing transactions, even in a burst on a small pool', async () => {
    const pool = new Database({ connectionString: database.url, poolSize: 2, applicationName: 'test-burst' });
    const queue = new PgBossJobQueue({ leaseSeconds: 30 });
    const fresh = recordingTask('test.fresh');
    try {
      const ids = await Promise.all(
        Array.from({ length: 8 }, (_, n) =>
          pool.transaction(signal(), async (tx) => {
            const id = await queue.add(tx, fresh, { n }, signal());
            await sleep(20);
            return id;
          }),
        ),
      );
      expect(new Set(ids).size).toBe(8);
      expect(await jobsOf(database.admin, 'test.fresh')).toHaveLength(8);
    } finally {
      await pool.close();
    }
  });

  it('keeps at most one unfinished job per singleton key, even when enqueues race', async () => {
    const first = await w.queue.add(w.db, idle, { n: 10 }, signal(), { singletonKey: 'order:1' });
    expect(first).not.toBeNull();
    expect(await w.queue.add(w.db, idle, { n: 11 }, signal(), { singletonKey: 'order:1' })).toBeNull();
    expect(await w.queue.add(w.db, idle, { n: 12 }, signal(), { singletonKey: 'order:2' })).not.toBeNull();

    // Two transactions enqueue one key at once; the second waits for the first to commit.
    const race = await Promise.all(
      [20, 21].map((n) =>
        w.db.transaction(signal(), async (tx) => {
          const id = await w.queue.add(tx, idle, { n }, signal(), { singletonKey: 'order:3' });
          await sleep(100);
          return id;
        }),
      ),
    );
    expect(race.filter((id) => id !== null)).toHaveLength(1);

    // Once the job is finished, the key is free again.
    await database.admin.query(`UPDATE pgboss.job SET state = 'completed', completed_on = now() WHERE id = $1`, [first]);
    expect(await w.queue.add(w.db, idle, { n: 13 }, signal(), { singletonKey: 'order:1' })).not.toBeNull();
  });

  it('does not start a job before its runAt', async () => {
    const runAt = new Date(Date.now() + 400);
    await w.queue.enqueue(w.db, echo, { n: 40 }, signal(), { runAt });
    const run = await waitFor(() => echo.runs.find((r) => r.payload.n === 40), 5_000, 'the delayed job');
    expect(run.at).toBeGreaterThanOrEqual(runAt.getTime() - 5);
  });
});
