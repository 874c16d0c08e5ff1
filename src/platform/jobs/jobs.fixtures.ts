// Test support for the job queue tests: an in-process worker with test-only tasks on a test
// database, a job's row read under the queue, and polling helpers. Not a test file itself.
import type pg from 'pg';
import { Type } from 'typebox';
import type { JobSettings } from '../../config.ts';
import { Database } from '../db/db.ts';
import { createLogger } from '../log.ts';
import { PgBossJobQueue } from './queue.ts';
import { TaskRegistry, type Registration } from './registry.ts';
import type { TaskContext, TaskDefinition } from './task.ts';
import { Worker } from './worker.ts';

export const signal = () => new AbortController().signal;
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Short intervals, so that tests wait milliseconds where production waits seconds. */
export function testSettings(overrides: Partial<JobSettings> = {}): JobSettings {
  return { leaseSeconds: 30, sweepIntervalSeconds: 1, pollIntervalMs: 100, shutdownGraceMs: 5_000, ...overrides };
}

export interface TestWorker {
  worker: Worker;
  /** The worker's pool (also what `queue` creates queues with). */
  db: Database;
  queue: PgBossJobQueue;
  stop(graceMs?: number): Promise<void>;
}

export interface WorkerOptions {
  concurrency?: number;
  settings?: Partial<JobSettings>;
  cronCheckIntervalSeconds?: number;
}

/** A started worker for `registrations` on the database at `url`; stop() it (closes its pool). */
export async function startWorker(url: string, registrations: Registration[], options: WorkerOptions = {}): Promise<TestWorker> {
  const settings = testSettings(options.settings);
  const db = new Database({ connectionString: url, poolSize: (options.concurrency ?? 4) + 4, applicationName: 'test-worker' });
  const worker = new Worker({
    db,
    databaseUrl: url,
    registry: new TaskRegistry(registrations),
    logger: createLogger('silent'),
    concurrency: options.concurrency ?? 4,
    settings,
    cronCheckIntervalSeconds: options.cronCheckIntervalSeconds,
    abortGraceMs: 500,
  });
  await worker.start();
  return {
    worker,
    db,
    queue: new PgBossJobQueue({ leaseSeconds: settings.leaseSeconds }),
    async stop(graceMs?: number) {
      try {
        await worker.stop(graceMs);
      } finally {
        await db.close();
      }
    },
  };
}

export interface JobRow {
  id: string;
  name: string;
  state: 'created' | 'retry' | 'active' | 'completed' | 'cancelled' | 'failed';
  retry_count: number;
  retry_limit: number;
  data: unknown;
  output: { name?: string; message?: string; value?: { message?: string } } | null;
  start_after: Date;
  started_on: Date | null;
  completed_on: Date | null;
}

/** A job's row, straight from pg-boss's table. */
export async function jobRow(admin: pg.Client, id: string): Promise<JobRow | undefined> {
  const { rows } = await admin.query<JobRow>(
    `SELECT id, name, state, retry_count, retry_limit, data, output, start_after, started_on, completed_on
       FROM pgboss.job WHERE id = $1`,
    [id],
  );
  return rows[0];
}

/** Every job of a queue, oldest first. */
export async function jobsOf(admin: pg.Client, name: string): Promise<JobRow[]> {
  const { rows } = await admin.query<JobRow>(
    `SELECT id, name, state, retry_count, retry_limit, data, output, start_after, started_on, completed_on
       FROM pgboss.job WHERE name = $1 ORDER BY created_on, id`,
    [name],
  );
  return rows;
}

/** Polls `probe` until it returns something truthy; fails after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

export const TestPayload = Type.Object({ n: Type.Integer() }, { additionalProperties: false });

export interface Run {
  payload: { n: number };
  ctx: TaskContext;
  at: number;
}

/** A test task that records its runs; `behave` decides what each run does (default: succeed). */
export function recordingTask(
  name: string,
  behave: (run: Run, runs: Run[]) => Promise<void> = async () => undefined,
  overrides: Partial<TaskDefinition<typeof TestPayload>> = {},
): TaskDefinition<typeof TestPayload> & { runs: Run[] } {
  const runs: Run[] = [];
  return {
    name,
    payload: TestPayload,
    timeLimitMs: 10_000,
    maxAttempts: 3,
    backoff: { baseMs: 50, factor: 2, maxMs: 1_000, jitter: 0 },
    runs,
    async handler(payload, ctx) {
      const run = { payload, ctx, at: Date.now() };
      runs.push(run);
      await behave(run, runs);
    },
    ...overrides,
  };
}
