// Staff operations on background jobs (the admin's Jobs page; usable from a CLI or a test too):
// list newest first with keyset pages, read one, retry a failed or cancelled one from scratch,
// delete one that is not running. Statements in job-admin.sql; retry and delete lock the row,
// check its state and change it in one transaction, so a worker's claim cannot slip in between.
import { PLAN_PER_CALL, type Db } from '../db/db.ts';
import { sqlState } from '../db/errors.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../errors.ts';
import {
  deleteJob,
  getJob,
  getJobsByRefs,
  listJobQueues,
  listJobsNewer,
  listJobsOlder,
  lockJob,
  retryJob,
  type IGetJobResult,
  type IListJobsOlderResult,
  type job_state,
} from './job-admin.queries.ts';
import { findUnfinishedSingleton, lockSingletonKey, notifyQueues } from './queries.queries.ts';
import { JOBS_CHANNEL } from './wakeups.ts';

export type JobState = job_state;

/** pg-boss's states, in its own order. */
export const JOB_STATES: readonly JobState[] = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'];

/** A job's primary key in pgboss.job. */
export interface JobRef {
  name: string;
  id: string;
}

export interface JobSummary extends JobRef {
  state: JobState;
  /** Attempts started so far (the running one included): 0 until the first claim. */
  attempts: number;
  /** Attempts allowed (the task's maxAttempts when it was sent). */
  maxAttempts: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  /** The recorded error's message (the last failed attempt's), shortened. */
  error: string | null;
}

export interface JobDetail extends Omit<JobSummary, 'error'> {
  retryCount: number;
  retryLimit: number;
  priority: number;
  data: unknown;
  /** The last attempt's error (RecordedError), or pg-boss's note for a lapsed claim. */
  output: unknown;
  singletonKey: string | null;
  startAfter: Date;
  keepUntil: Date;
  /** The claim's length, as PostgreSQL prints an interval. */
  expireIn: string;
}

/** A keyset position: created_on as PostgreSQL printed it (microseconds kept), and the id. */
export interface JobCursor {
  createdKey: string;
  id: string;
}

export interface JobListQuery {
  state?: JobState | undefined;
  name?: string | undefined;
  /** Hexadecimal digits the id starts with (hyphens removed); 32 of them name one job. */
  idPrefix?: string | undefined;
  /** `older`: the page after this position (Next); `newer`: the page before it (Previous). */
  cursor?: (JobCursor & { direction: 'older' | 'newer' }) | undefined;
  limit: number;
}

export interface JobPage {
  jobs: JobSummary[];
  /** Where the next (older) page starts, when there is one. */
  older: JobCursor | undefined;
  /** Where the previous (newer) page ends, when there is one. */
  newer: JobCursor | undefined;
}

/** A running job can be neither retried nor deleted: its worker still holds it. */
export class JobActiveError extends ConflictError {
  constructor() {
    super('jobs.active', 'The job is running. Wait until it finishes (or its claim lapses) and try again.');
  }
}

/** Only a failed or cancelled job can be retried. */
export class JobNotRetryableError extends ConflictError {
  constructor(state: JobState) {
    super('jobs.not_retryable', `Only failed or cancelled jobs can be retried; this one is ${state}.`);
  }
}

/** Retrying would make two unfinished jobs with one singleton key. */
export class JobSingletonTakenError extends ConflictError {
  constructor() {
    super('jobs.singleton_taken', 'Another job with the same singleton key is queued or running; this one cannot be retried now.');
  }
}

/** A job id as PostgreSQL prints a uuid. */
export const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** What a job name from a URL may look like (task names are narrower; see registry.ts). */
export const JOB_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

/** Whether `name`/`id` could name a job (a malformed one is simply not found, never a query). */
export function isJobRef(ref: JobRef): boolean {
  return JOB_NAME.test(ref.name) && JOB_ID.test(ref.id);
}

/** The first and last uuid that start with `prefix` (hex digits), for a range condition. */
function idRange(prefix: string | undefined): { idFrom: string; idTo: string } {
  const p = prefix ?? '';
  const uuid = (hex: string) => `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { idFrom: uuid(p.padEnd(32, '0')), idTo: uuid(p.padEnd(32, 'f')) };
}

const FIRST_PAGE: JobCursor = { createdKey: 'infinity', id: 'ffffffff-ffff-ffff-ffff-ffffffffffff' };

/** Attempts started: ClaimJobs adds 1 to retry_count on every claim but the first. */
const attemptsOf = (r: { started_on: Date | null; retry_count: number }) => (r.started_on === null ? 0 : r.retry_count + 1);

function toSummary(r: IListJobsOlderResult): JobSummary {
  return {
    name: r.name,
    id: r.id,
    state: r.state,
    attempts: attemptsOf(r),
    maxAttempts: r.retry_limit,
    createdOn: r.created_on,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    error: r.error,
  };
}

function toDetail(r: IGetJobResult): JobDetail {
  return {
    name: r.name,
    id: r.id,
    state: r.state,
    attempts: attemptsOf(r),
    maxAttempts: r.retry_limit,
    retryCount: r.retry_count,
    retryLimit: r.retry_limit,
    priority: r.priority,
    data: r.data,
    output: r.output,
    singletonKey: r.singleton_key,
    createdOn: r.created_on,
    startAfter: r.start_after,
    startedOn: r.started_on,
    completedOn: r.completed_on,
    keepUntil: r.keep_until,
    expireIn: r.expire_in,
  };
}

export interface JobAdminOptions {
  db: Db;
  /** A retried job's claim lasts this long unless heartbeats renew it (JOB_LEASE_SECONDS). */
  leaseSeconds: number;
}

export class JobAdmin {
  constructor(private readonly options: JobAdminOptions) {}

  /** The same operations on `db` (a caller's transaction, e.g. the admin's with its audit row). */
  withDb(db: Db): JobAdmin {
    return new JobAdmin({ ...this.options, db });
  }

  /** Every queue (task name) in this database, by name. */
  async queues(signal: AbortSignal): Promise<string[]> {
    const rows = await this.options.db.run(listJobQueues, undefined, signal);
    return rows.map((r) => r.name);
  }

  /** One page, newest first; a constant two statements' worth of work whatever the page size. */
  async list(query: JobListQuery, signal: AbortSignal): Promise<JobPage> {
    const newer = query.cursor?.direction === 'newer';
    const at = query.cursor ?? FIRST_PAGE;
    const params = {
      state: query.state ?? null,
      name: query.name ?? null,
      ...idRange(query.idPrefix),
      createdOn: at.createdKey,
      id: at.id,
      limit: query.limit + 1,
    };
    let rows: IListJobsOlderResult[];
    try {
      // Planned per call: the optional filters must fold away (and a name prune the partitions).
      rows = await this.options.db.run(newer ? listJobsNewer : listJobsOlder, params, signal, PLAN_PER_CALL);
    } catch (err) {
      // Class 22 (data exception): a cursor whose timestamp PostgreSQL cannot read.
      if (sqlState(err)?.startsWith('22')) throw new BadRequestError('jobs.invalid_cursor', 'The page cursor is invalid.', {}, { cause: err });
      throw err;
    }
    const hasMore = rows.length > query.limit;
    rows = rows.slice(0, query.limit);
    if (newer) rows.reverse();
    const cursorOf = (r: IListJobsOlderResult | undefined): JobCursor | undefined => (r === undefined ? undefined : { createdKey: r.created_key, id: r.id });
    // Walking older pages, a newer one exists when we came from one; walking newer, the reverse.
    const moreOlder = newer ? query.cursor !== undefined : hasMore;
    const moreNewer = newer ? hasMore : query.cursor !== undefined;
    return {
      jobs: rows.map(toSummary),
      older: moreOlder ? cursorOf(rows.at(-1)) : undefined,
      newer: moreNewer ? cursorOf(rows[0]) : undefined,
    };
  }

  /** One job; NotFoundError when there is none (never a query for a malformed reference). */
  async get(ref: JobRef, signal: AbortSignal): Promise<JobDetail> {
    if (!isJobRef(ref)) throw new NotFoundError('job');
    const [row] = await this.options.db.run(getJob, ref, signal);
    if (row === undefined) throw new NotFoundError('job');
    return toDetail(row);
  }

  /** The jobs among `refs` that exist, newest first, with their state (malformed refs dropped). */
  async states(refs: readonly JobRef[], signal: AbortSignal): Promise<(JobRef & { state: JobState })[]> {
    const valid = refs.filter(isJobRef);
    if (valid.length === 0) return [];
    return this.options.db.run(getJobsByRefs, { names: valid.map((r) => r.name), ids: valid.map((r) => r.id) }, signal);
  }

  /**
   * Makes a failed or cancelled job runnable again at once, its attempts starting over, and wakes
   * the workers when the transaction commits (as an enqueue does). Returns the job before and after.
   */
  async retry(ref: JobRef, signal: AbortSignal): Promise<{ before: JobDetail; after: JobDetail }> {
    return this.locked(ref, signal, async (tx, before) => {
      if (before.state !== 'failed' && before.state !== 'cancelled') throw new JobNotRetryableError(before.state);
      if (before.singleton_key !== null) {
        // As JobQueue.add does (the same lock key): at most one unfinished job per singleton key.
        await tx.run(lockSingletonKey, { lockKey: `ledgerline.jobs:${ref.name}:${before.singleton_key}` }, signal);
        const [other] = await tx.run(findUnfinishedSingleton, { name: ref.name, singletonKey: before.singleton_key }, signal);
        if (other !== undefined) throw new JobSingletonTakenError();
      }
      const [after] = await tx.run(retryJob, { ...ref, leaseSeconds: this.options.leaseSeconds }, signal);
      if (after === undefined) throw new Error('a locked failed job could not be retried');
      await tx.run(notifyQueues, { channel: JOBS_CHANNEL, queues: [ref.name] }, signal);
      return { before: toDetail(before), after: toDetail(after) };
    });
  }

  /** Deletes a job that is not running; returns it as it was. */
  async delete(ref: JobRef, signal: AbortSignal): Promise<JobDetail> {
    return this.locked(ref, signal, async (tx, before) => {
      const [deleted] = await tx.run(deleteJob, ref, signal);
      if (deleted === undefined) throw new Error('a locked job that is not active could not be deleted');
      return toDetail(before);
    });
  }

  /** Runs `fn` on the locked row of a job that exists and is not running, in one transaction. */
  private locked<T>(ref: JobRef, signal: AbortSignal, fn: (tx: Db, row: IGetJobResult) => Promise<T>): Promise<T> {
    if (!isJobRef(ref)) return Promise.reject(new NotFoundError('job'));
    return this.options.db.transaction(signal, async (tx) => {
      const [row] = await tx.run(lockJob, ref, signal);
      if (row === undefined) throw new NotFoundError('job');
      if (row.state === 'active') throw new JobActiveError();
      return fn(tx, row);
    });
  }
}
