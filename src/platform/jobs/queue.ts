// The JobQueue features receive: enqueue(tx, task, payload, signal) inside the caller's
// transaction, so a rolled-back order leaves no job and a committed one always has its jobs.
import type { Logger } from 'pino';
import type { Static, TSchema } from 'typebox';
import type { Db } from '../db/db.ts';
import { createBoss, executor, type PgBoss } from './boss.ts';
import { InvalidJobPayloadError, UnknownQueueError } from './errors.ts';
import { createQueue, findUnfinishedSingleton, lockQueueCreation, lockSingletonKey, notifyQueue } from './queries.queries.ts';
import { payloadProblems } from './registry.ts';
import type { EnqueueOptions, JobQueue, TaskDefinition } from './task.ts';

/** NOTIFY channel: the payload is the queue (task) name, sent when the enqueuing transaction commits. */
export const JOBS_CHANNEL = 'ledgerline_jobs';

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
  /** The pool (pg-boss needs a default connection; every send goes through the caller's Db). */
  db: Db;
  leaseSeconds: number;
  logger?: Logger;
}

export class PgBossJobQueue implements JobQueue {
  private readonly boss: PgBoss;

  constructor(options: PgBossJobQueueOptions) {
    this.boss = createBoss({
      db: options.db,
      leaseSeconds: options.leaseSeconds,
      role: 'sender',
      onError: (err) => options.logger?.warn({ err }, 'job queue error'),
    });
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
    if (key === undefined) return this.send(db, task, payload, signal, options);
    // A savepoint inside the caller's transaction (its own transaction on the pool): the lock is
    // held until the enqueuing transaction ends, so two enqueues of one key cannot both see none.
    return db.transaction(signal, async (tx) => {
      await tx.run(lockSingletonKey, { lockKey: `ledgerline.jobs:${task.name}:${key}` }, signal);
      const [existing] = await tx.run(findUnfinishedSingleton, { name: task.name, singletonKey: key }, signal);
      return existing === undefined ? this.send(tx, task, payload, signal, options) : null;
    });
  }

  private async send(db: Db, task: TaskDefinition, payload: unknown, signal: AbortSignal, options: EnqueueOptions): Promise<string> {
    let id = await this.insert(db, task, payload, signal, options);
    if (id === null) {
      // The task's queue does not exist yet (pg-boss inserts nothing then): the first job of a
      // task in this database creates it, once. In the caller's transaction, not on another
      // pooled connection: a burst of first enqueues, each holding a connection while it waited
      // for one more, could exhaust the pool. A concurrent creator waits for ours to commit.
      await ensureQueue(db, task.name, signal);
      id = await this.insert(db, task, payload, signal, options);
      if (id === null) throw new UnknownQueueError(task.name);
    }
    if (options.runAt === undefined || options.runAt.getTime() <= Date.now()) {
      await db.run(notifyQueue, { channel: JOBS_CHANNEL, queue: task.name }, signal);
    }
    return id;
  }

  private insert(db: Db, task: TaskDefinition, payload: unknown, signal: AbortSignal, options: EnqueueOptions): Promise<string | null> {
    // pg-boss binds data as $3::jsonb: JSON text binds exactly (a JS array would become a
    // PostgreSQL array), hence the cast.
    const data = JSON.stringify(payload) as unknown as object;
    return this.boss.send(task.name, data, {
      db: executor(db, signal),
      // Attempts are numbered retry_count + 1; one past retryLimit means the last attempt was lost.
      retryLimit: task.maxAttempts,
      ...(options.runAt === undefined ? {} : { startAfter: options.runAt }),
      ...(options.singletonKey === undefined ? {} : { singletonKey: options.singletonKey }),
    });
  }
}
