// What a feature declares about a background task, and how it enqueues one. Features see only
// this module; the queue library behind it lives in platform/jobs and may change.
import type { Static, TSchema } from 'typebox';
import type { Db } from '../db/db.ts';

export interface Backoff {
  /** Delay before the second attempt; attempt n waits baseMs × factor^(n-1), capped. */
  baseMs: number;
  factor: number;
  maxMs: number;
  /** ±fraction of random jitter, e.g. 0.2 for ±20%. */
  jitter: number;
}

export interface TaskContext {
  /** Fires when the task's time limit passes or the worker is shutting down past its grace. */
  signal: AbortSignal;
  /** 1 for the first attempt. */
  attempt: number;
  maxAttempts: number;
  jobId: string;
}

export interface TaskDefinition<S extends TSchema = TSchema> {
  /** Stable queue name, e.g. `send_email`. */
  name: string;
  /** Payloads carry ids, not objects; validated before the handler runs. */
  payload: S;
  timeLimitMs: number;
  maxAttempts: number;
  backoff: Backoff;
  /** Must be idempotent: a job may run more than once (at-least-once delivery). */
  handler(payload: Static<S>, ctx: TaskContext): Promise<void>;
  /** Called once when the last attempt has failed, before the job is kept as failed. */
  onFinalFailure?(payload: Static<S>, ctx: TaskContext, error: unknown): Promise<void>;
}

export interface EnqueueOptions {
  /** Run no earlier than this. */
  runAt?: Date;
  /** At most one queued-or-running job per key (e.g. `order:42`). */
  singletonKey?: string;
  /** Counts the job against a per-minute budget; past it, the job starts in a later minute. */
  cap?: JobStartCap;
}

/**
 * A per-minute budget jobs count against as they are enqueued, in the same statement (the fixed
 * windows of rate_limit_buckets); how far a job past it is deferred is InsertJobs' rule
 * (queries.sql).
 */
export interface JobStartCap {
  key: string;
  perMinute: number;
  /** The window the job counts in (the caller's clock). */
  windowStart: Date;
}

/**
 * One of several jobs enqueued together (JobQueue.enqueueEach). With a singleton key, the caller
 * vouches that no job with that key exists or can be enqueued by another transaction before this
 * one commits, because the key names a row this transaction created (a new order's id, which no
 * other transaction can see yet): the key is recorded for later enqueues but not checked, with no
 * lock and no lookup.
 */
export interface NewJob<P> {
  payload: P;
  singletonKey?: string;
  cap?: JobStartCap;
}

/**
 * How a task's jobs are written (InsertJobs, platform/jobs/queries.sql): what a feature's own
 * statement that writes jobs by InsertJobs' rules, together with the rows that cause them, passes
 * for them. The rest falls to the task's queue row, as in InsertJobs.
 */
export interface JobInsertSettings {
  name: string;
  expireInSeconds: number;
  /** An interval, e.g. `14 days`. */
  keepUntil: string;
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
}

/** Enqueues inside the caller's transaction: a rolled-back transaction leaves no job. */
export interface JobQueue {
  enqueue<S extends TSchema>(db: Db, task: TaskDefinition<S>, payload: Static<S>, signal: AbortSignal, options?: EnqueueOptions): Promise<void>;
  /** Several jobs of one task in one statement, each as enqueue() would but for the singleton keys' check (NewJob). */
  enqueueEach<S extends TSchema>(db: Db, task: TaskDefinition<S>, jobs: readonly NewJob<Static<S>>[], signal: AbortSignal): Promise<void>;
  /**
   * For a feature's statement that writes the task's jobs itself, by InsertJobs' rules: the
   * settings to write them with. Such a statement writes nothing when the task's queue does not
   * exist yet, so the caller runs it through inQueue; and when it wrote jobs that may start now,
   * the caller calls jobsWritten.
   */
  insertSettings(task: TaskDefinition): JobInsertSettings;
  /**
   * Runs `write` on `db`, a statement that writes the task's jobs and yields undefined when the
   * task's queue does not exist yet (it then wrote nothing): the queue is created, in `db`'s
   * transaction (a savepoint) or its own, and `write` runs again. An UnknownQueueError if it still
   * finds none.
   */
  inQueue<R>(db: Db, task: TaskDefinition, signal: AbortSignal, write: () => Promise<R | undefined>): Promise<R>;
  /** Jobs of the task that may start now were written on `db`: idle workers are woken once it commits. */
  jobsWritten(db: Db, task: TaskDefinition): Promise<void>;
}

/** 1 s × 2^attempt with ±20% jitter, capped at 10 minutes (the SPEC's process_payment default). */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 1_000, factor: 2, maxMs: 600_000, jitter: 0.2 };

/** Delay before attempt `nextAttempt` (2, 3, …), with jitter from `random` in [0, 1). */
export function backoffDelayMs(backoff: Backoff, nextAttempt: number, random: () => number = Math.random): number {
  const raw = Math.min(backoff.maxMs, backoff.baseMs * backoff.factor ** Math.max(0, nextAttempt - 2));
  const jittered = raw * (1 + backoff.jitter * (2 * random() - 1));
  return Math.max(0, Math.round(Math.min(backoff.maxMs, jittered)));
}
