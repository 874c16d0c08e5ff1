// The worker against a real PostgreSQL: retries with backoff, final failure, time limits,
// bounded concurrency, graceful stop, heartbeats, and recovery of a lapsed claim.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { AttemptLostError, TimeLimitExceededError, WorkerShutdownError } from './errors.ts';
import { jobRow, recordingTask, signal, sleep, startWorker, waitFor, type TestWorker } from './jobs.fixtures.ts';

let database: TestDatabase;
const workers: TestWorker[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(0)));
});
afterAll(async () => {
  await database?.drop();
});

async function worker(...args: Parameters<typeof startWorker> extends [string, ...infer R] ? R : never): Promise<TestWorker> {
  const w = await startWorker(database.url, ...args);
  workers.push(w);
  return w;
}

const untilAborted = (s: AbortSignal) => new Promise<never>((_, reject) => s.addEventListener('abort', () => reject(s.reason as Error), { once: true }));

describe('Worker', () => {
  it('retries a failing job with growing delays, then keeps it failed with its error and calls onFinalFailure once', async () => {
    const finalFailures: { attempt: number; error: unknown }[] = [];
    const task = recordingTask(
      'test.flaky',
      async (run) => {
        throw new Error(`boom ${run.ctx.attempt}`);
      },
      {
        maxAttempts: 3,
        backoff: { baseMs: 200, factor: 3, maxMs: 10_000, jitter: 0 },
        async onFinalFailure(_payload, ctx, error) {
          finalFailures.push({ attempt: ctx.attempt, error });
        },
      },
    );
    const w = await worker([task]);
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal()))!;
    const row = await waitFor(async () => {
      const r = await jobRow(database.admin, id);
      return r?.state === 'failed' && r;
    }, 10_000, 'the job to fail');

    expect(task.runs.map((r) => r.ctx.attempt)).toEqual([1, 2, 3]);
    expect(task.runs.every((r) => r.ctx.maxAttempts === 3)).toBe(true);
    const [a, b, c] = task.runs.map((r) => r.at) as [number, number, number];
    expect(b - a).toBeGreaterThanOrEqual(190); // 200 ms before attempt 2
    expect(c - b).toBeGreaterThanOrEqual(590); // 600 ms before attempt 3
    expect(c - b).toBeGreaterThan(b - a);
    expect(row.output).toMatchObject({ name: 'Error', message: 'boom 3' });
    expect(finalFailures).toHaveLength(1);
    expect(finalFailures[0]!.attempt).toBe(3);
    expect((finalFailures[0]!.error as Error).message).toBe('boom 3');
    await sleep(300);
    expect(task.runs).toHaveLength(3);
    expect(finalFailures).toHaveLength(1);
  });

  it('keeps the error of a failed attempt on the job while it waits to retry', async () => {
    const task = recordingTask('test.retrying', async () => {
      throw new Error('gateway timeout');
    }, { maxAttempts: 2, backoff: { baseMs: 60_000, factor: 2, maxMs: 60_000, jitter: 0 } });
    const w = await worker([task]);
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal()))!;
    const row = await waitFor(async () => {
      const r = await jobRow(database.admin, id);
      return r?.state === 'retry' && r;
    }, 5_000, 'the retry state');
    expect(row.output).toMatchObject({ message: 'gateway timeout' });
    expect(row.start_after.getTime() - Date.now()).toBeGreaterThan(55_000);
  });

  it('aborts the signal of a job past its time limit and fails the attempt', async () => {
    let reason: unknown;
    const task = recordingTask('test.slow', async (run) => {
      try {
        await untilAborted(run.ctx.signal);
      } catch (err) {
        reason = err;
        throw err;
      }
    }, { timeLimitMs: 200, maxAttempts: 1 });
    const w = await worker([task]);
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal()))!;
    const row = await waitFor(async () => {
      const r = await jobRow(database.admin, id);
      return r?.state === 'failed' && r;
    }, 5_000, 'the job to fail');
    expect(reason).toBeInstanceOf(TimeLimitExceededError);
    expect(row.output).toMatchObject({ name: 'TimeLimitExceededError' });
    expect(row.completed_on!.getTime() - row.started_on!.getTime()).toBeLessThan(1_000);
  });

  it('fails the attempt at the time limit even when the handler ignores its signal', async () => {
    let settled = false;
    const task = recordingTask('test.stubborn', async () => {
      await sleep(1_500);
      settled = true;
    }, { timeLimitMs: 200, maxAttempts: 2, backoff: { baseMs: 60_000, factor: 2, maxMs: 60_000, jitter: 0 } });
    const w = await worker([task]);
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal()))!;
    await waitFor(async () => (await jobRow(database.admin, id))?.state === 'retry', 1_000, 'the attempt to fail');
    expect(settled).toBe(false);
    // The stubborn handler still holds its slot until it settles.
    expect(w.worker.active).toBe(1);
    await waitFor(() => settled && w.worker.active === 0, 3_000, 'the handler to settle');
    expect((await jobRow(database.admin, id))?.state).toBe('retry'); // its late success is ignored
  });

  it('never runs more jobs at once than its concurrency', async () => {
    let running = 0;
    let most = 0;
    const task = recordingTask('test.busy', async () => {
      running++;
      most = Math.max(most, running);
      await sleep(80);
      running--;
    });
    const w = await worker([task], { concurrency: 3 });
    await w.db.transaction(signal(), async (tx) => {
      for (let n = 0; n < 15; n++) await w.queue.enqueue(tx, task, { n }, signal());
    });
    await waitFor(() => task.runs.length === 15 && running === 0, 10_000, 'all jobs');
    expect(most).toBe(3);
  });

  it('starts a job on its commit notification, without waiting for the poll', async () => {
    const task = recordingTask('test.prompt');
    const w = await worker([task], { settings: { pollIntervalMs: 60_000 } });
    await sleep(100);
    const enqueued = Date.now();
    await w.queue.enqueue(w.db, task, { n: 1 }, signal());
    const run = await waitFor(() => task.runs[0], 5_000, 'the job');
    expect(run.at - enqueued).toBeLessThan(1_000);
  });

  it('lets running jobs finish when stopped within the grace period', async () => {
    const task = recordingTask('test.finishing', () => sleep(400));
    const w = await startWorker(database.url, [task]);
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal()))!;
    await waitFor(() => task.runs[0], 5_000, 'the job to start');
    await w.stop(5_000);
    expect((await jobRow(database.admin, id))?.state).toBe('completed');
  });

  it('releases jobs still running past the grace period, aborting their signal, without counting the attempt', async () => {
    let reason: unknown;
    const task = recordingTask('test.long', async (run) => {
      if (run.ctx.attempt === 1 && run.payload.n === 1 && reason === undefined) {
        try {
          await untilAborted(run.ctx.signal);
        } catch (err) {
          reason = err;
          throw err;
        }
      }
    });
    const first = await startWorker(database.url, [task]);
    const id = (await first.queue.add(first.db, task, { n: 1 }, signal()))!;
    await waitFor(() => task.runs[0], 5_000, 'the job to start');
    const stopping = Date.now();
    await first.stop(200);
    expect(Date.now() - stopping).toBeLessThan(2_000);
    expect(reason).toBeInstanceOf(WorkerShutdownError);
    expect(await jobRow(database.admin, id)).toMatchObject({ state: 'created', retry_count: 0, started_on: null });

    await worker([task]);
    await waitFor(async () => (await jobRow(database.admin, id))?.state === 'completed', 5_000, 'another worker to finish it');
    expect(task.runs.map((r) => r.ctx.attempt)).toEqual([1, 1]);
  });

  it('keeps the claim of a job that runs longer than the lease (heartbeat)', async () => {
    const task = recordingTask('test.marathon', () => sleep(4_500), { timeLimitMs: 60_000 });
    const w = await worker([task], { settings: { leaseSeconds: 2, sweepIntervalSeconds: 1 } });
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal()))!;
    await waitFor(async () => (await jobRow(database.admin, id))?.state === 'completed', 10_000, 'completion');
    expect(task.runs).toHaveLength(1);
  }, 15_000);

  it('runs a job again once the claim of a worker that died lapses', async () => {
    const task = recordingTask('test.orphan');
    const w = await worker([task], { settings: { leaseSeconds: 2, sweepIntervalSeconds: 1 } });
    // A job claimed as fetch would, by a "worker" that then never reports back.
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal(), { runAt: new Date(Date.now() + 60_000) }))!;
    await database.admin.query(`UPDATE pgboss.job SET state = 'active', started_on = now(), expire_in = interval '1 second' WHERE id = $1`, [id]);
    const claimed = Date.now();
    await waitFor(() => task.runs[0], 5_000, 'the job to run again');
    // Claim 1 s + sweep every 1 s + poll: well inside lease + sweep interval.
    expect(Date.now() - claimed).toBeLessThan(3_500);
    expect(task.runs[0]!.ctx.attempt).toBe(2);
    await waitFor(async () => (await jobRow(database.admin, id))?.state === 'completed', 5_000, 'completion');
  });

  it('calls onFinalFailure when the last attempt was lost with its worker', async () => {
    const finalFailures: unknown[] = [];
    const task = recordingTask('test.lost', undefined, {
      maxAttempts: 1,
      async onFinalFailure(_payload, ctx, error) {
        finalFailures.push({ attempt: ctx.attempt, error });
      },
    });
    const w = await worker([task], { settings: { leaseSeconds: 2, sweepIntervalSeconds: 1 } });
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal(), { runAt: new Date(Date.now() + 60_000) }))!;
    await database.admin.query(`UPDATE pgboss.job SET state = 'active', started_on = now(), expire_in = interval '1 second' WHERE id = $1`, [id]);
    const row = await waitFor(async () => {
      const r = await jobRow(database.admin, id);
      return r?.state === 'failed' && r;
    }, 6_000, 'the job to fail');
    expect(task.runs).toEqual([]);
    expect(finalFailures).toEqual([{ attempt: 1, error: expect.any(AttemptLostError) }]);
    expect(row.output).toMatchObject({ name: 'AttemptLostError' });
  });

  it('fails a job whose stored payload no longer matches its task, without running it', async () => {
    const task = recordingTask('test.schema');
    const w = await worker([task]);
    const id = (await w.queue.add(w.db, task, { n: 1 }, signal(), { runAt: new Date(Date.now() + 60_000) }))!;
    await database.admin.query(`UPDATE pgboss.job SET data = '{"n": "one"}', start_after = now() WHERE id = $1`, [id]);
    const row = await waitFor(async () => {
      const r = await jobRow(database.admin, id);
      return r?.state === 'failed' && r;
    }, 5_000, 'the job to fail');
    expect(task.runs).toEqual([]);
    expect(row.output).toMatchObject({ name: 'InvalidJobPayloadError' });
  });
});
