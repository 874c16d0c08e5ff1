// The JobQueue features receive: enqueue(tx, task, payload, signal) inside the caller's
// transaction, so a rolled-back order leaves no job and a committed one always has its jobs.
import type { Logger } from 'pino';
import type { Static, TSchema } from 'typebox';
import { inTransaction, type Db } from '../db/db.ts';
import { sendDefaults } from './boss.ts';
import { InvalidJobPayloadError, UnknownQueueError } from './errors.ts';
import { createQueue, insertJobs, lockQueueCreation, lockSingletonKey, type IInsertJobsParams } from './queries.queries.ts';
import { payloadProblems } from './registry.ts';
import type { EnqueueOptions, JobInsertSettings, JobQueue, NewJob, TaskDefinition } from './task.ts';
import { JOBS_CHANNEL, WorkerWakeups } from './wakeups.ts';

/**
 * Creates a task's queue (a partition of pgboss.job) unless it exists, in `db`'s transaction (a
 * savepoint) or its own; creations take turns until their transactions end.
 */
export function ensureQueue(db: Db, name: string, signal: AbortSignal): Promise<void> {
  return db.transaction(signal, async (tx) => {
    await tx.run(lockQueueCreation, undefined, signal);
    await tx.run(createQueue, { name }, signal);
  });
}

export interface PgBossJobQueueOptions {
  leaseSeconds: number;
  logger?: Logger;
}

/**
 * Jobs in pg-boss's table, inserted by our own prepared statement (InsertJobs, queries.sql) rather
 * than pg-boss's send(), which builds and sends its query anew per job (a quarter of the CPU of
 * placing an order). The rows are the ones send() writes (enqueue.test.ts compares them). Idle
 * workers are woken after the enqueuing transaction commits (WorkerWakeups).
 */
export class PgBossJobQueue implements JobQueue {
  private readonly defaults: ReturnType<typeof sendDefaults>;
  private readonly wakeups: WorkerWakeups;

  constructor(options: PgBossJobQueueOptions) {
    this.defaults = sendDefaults(options.leaseSeconds);
    this.wakeups = new WorkerWakeups(options.logger);
  }

  /**
   * Validates the payload against the task's schema, then inserts the job with `db` (pass the
   * transaction the job belongs to). With `singletonKey`, nothing is enqueued while a job with
   * that key is queued, retrying or running.
   */
  async enqueue<S extends TSchema>(db: Db, task: TaskDefinition<S>, payload: Static<S>, signal: AbortSignal, options?: EnqueueOptions): Promise<void> {
    await this.add(db, task, payload, signal, options);
  }

  /** enqueue(), resolving to the new job's id, or null when the singleton key was taken. */
  async add<S extends TSchema>(
    db: Db,
    task: TaskDefinition<S>,
    payload: Static<S>,
    signal: AbortSignal,
    options: EnqueueOptions = {},
  ): Promise<string | null> {
    const problems = payloadProblems(task.payload, payload);
    if (problems.length > 0) throw new InvalidJobPayloadError(task.name, problems);
    const key = options.singletonKey;
    const job = { payload, ...(key === undefined ? {} : { singletonKey: key }), ...(options.cap === undefined ? {} : { cap: options.cap }) };
    const runAt = options.runAt ?? null;
    if (key === undefined) return (await this.insert(db, task, [job], signal, { runAt, unlessUnfinished: false }))[0] ?? null;
    // The lock is held until the enqueuing transaction ends (on the pool, a transaction of its
    // own; inside the caller's, no savepoint), so two enqueues of one key take turns. It must be
    // a statement of its own, before the insert: under READ COMMITTED a statement reads the
    // snapshot taken when it started, so an insert that waited for the lock inside itself would
    // not see the job the other enqueuer committed meanwhile, and both would insert.
    return inTransaction(db, signal, async (tx) => {
      await tx.run(lockSingletonKey, { lockKey: `ledgerline.jobs:${task.name}:${key}` }, signal);
      return (await this.insert(tx, task, [job], signal, { runAt, unlessUnfinished: true }))[0] ?? null;
    });
  }

  async enqueueEach<S extends TSchema>(db: Db, task: TaskDefinition<S>, jobs: readonly NewJob<Static<S>>[], signal: AbortSignal): Promise<void> {
    if (jobs.length === 0) return;
    for (const job of jobs) {
      const problems = payloadProblems(task.payload, job.payload);
      if (problems.length > 0) throw new InvalidJobPayloadError(task.name, problems);
    }
    await this.insert(db, task, jobs, signal, { runAt: null, unlessUnfinished: false });
  }

  /** Inserts `jobs` in one statement (InsertJobs); the new jobs' ids, in the order given. */
  private async insert(
    db: Db,
    task: TaskDefinition,
    jobs: readonly NewJob<unknown>[],
    signal: AbortSignal,
    options: { runAt: Date | null; unlessUnfinished: boolean },
  ): Promise<string[]> {
    const params: IInsertJobsParams = {
      ...this.insertSettings(task),
      // JSON text binds exactly as jsonb (a JS array would become a PostgreSQL array).
      data: jobs.map((j) => JSON.stringify(j.payload)),
      singletonKeys: jobs.map((j) => j.singletonKey ?? null) as string[],
      capKeys: jobs.map((j) => j.cap?.key ?? null) as string[],
      capPerMinutes: jobs.map((j) => j.cap?.perMinute ?? null) as number[],
      capWindowStarts: jobs.map((j) => j.cap?.windowStart ?? null) as Date[],
      startAfter: options.runAt,
      unlessUnfinished: options.unlessUnfinished,
    };
    const row = await this.inQueue(db, task, signal, async () => (await db.run(insertJobs, params, signal))[0]);
    if (row.due) await this.jobsWritten(db, task);
    return row.ids;
  }

  insertSettings(task: TaskDefinition): JobInsertSettings {
    // Attempts are numbered retry_count + 1; one past retryLimit means the last attempt was lost.
    return { name: task.name, retryLimit: task.maxAttempts, ...this.defaults };
  }

  /** Idle workers of the queue are woken once the enqueuing transaction commits. */
  jobsWritten(db: Db, task: TaskDefinition): Promise<void> {
    return db.afterCommit((pool) => this.wakeups.wake(pool, task.name), `${JOBS_CHANNEL}:${task.name}`);
  }

  /**
   * The first job of a task in this database creates its queue, once, and is written again. In the
   * caller's transaction, not on another pooled connection: a burst of first enqueues, each holding
   * a connection while it waited for one more, could exhaust the pool. A concurrent creator waits
   * for ours to commit.
   */
  async inQueue<R>(db: Db, task: TaskDefinition, signal: AbortSignal, write: () => Promise<R | undefined>): Promise<R> {
    const written = await write();
    if (written !== undefined) return written;
    await ensureQueue(db, task.name, signal);
    const again = await write();
    if (again === undefined) throw new UnknownQueueError(task.name);
    return again;
  }
}
