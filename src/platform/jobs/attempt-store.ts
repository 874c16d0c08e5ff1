// Records the outcome of attempts in pg-boss's job table (queries.sql), every statement fenced
// by (name, id, retry_count) so that only the worker holding the attempt can settle it.
// Completions are batched: while one UPDATE is in flight, the next ones queue up and go out
// together, so a busy worker spends one statement on many jobs and an idle one waits for nothing.
import type { Db } from '../db/db.ts';
import { NEVER_ABORTED } from '../signals.ts';
import type { RecordedError } from './errors.ts';
import { claimJobs, completeAttempts, extendLeases, failAttempt, releaseAttempts, retryAttempt } from './queries.queries.ts';

/** One attempt of one job: what fetch returned, and the fence of every later statement. */
export interface AttemptRef {
  name: string;
  id: string;
  retryCount: number;
}

/** A job as claimed: one attempt of it now belongs to this worker. */
export interface ClaimedJob {
  id: string;
  name: string;
  data: unknown;
  /** 0 on the first attempt; pg-boss adds 1 on every later claim. */
  retryCount: number;
  /** The job's attempts (sent as the task's maxAttempts; a retry from the admin starts them over). */
  retryLimit: number;
  /** The previous attempt's error, or pg-boss's note when it released a lapsed claim. */
  output: unknown;
}

const BATCH = 1000;
const COMPLETE_TRIES = 3;

const columns = (refs: readonly AttemptRef[]) => ({
  names: refs.map((r) => r.name),
  ids: refs.map((r) => r.id),
  retryCounts: refs.map((r) => r.retryCount),
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class AttemptStore {
  private pending: AttemptRef[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly onError: (err: unknown, what: string) => void,
  ) {}

  /** Claims up to `limit` due jobs of one queue (see ClaimJobs in queries.sql). */
  async claim(name: string, limit: number): Promise<ClaimedJob[]> {
    const rows = await this.db.run(claimJobs, { name, limit }, NEVER_ABORTED);
    return rows.map((r) => ({ id: r.id, name: r.name, data: r.data, retryCount: r.retry_count, retryLimit: r.retry_limit, output: r.output }));
  }

  /**
   * Marks an attempt completed, soon (batched). Statements are never cancelled: an outcome that
   * reached the worker must reach the database. If it cannot (database down), the claim lapses
   * and the job runs again — at least once, never lost.
   */
  complete(ref: AttemptRef): void {
    this.pending.push(ref);
    this.flushing ??= this.flush();
  }

  /** Resolves once every completion handed to complete() has been written (or given up). */
  async drain(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
  }

  private async flush(): Promise<void> {
    // Let the jobs that finish in this turn of the event loop join the first statement.
    await new Promise((r) => setImmediate(r));
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, BATCH);
        for (let tries = 1; ; tries++) {
          try {
            await this.db.run(completeAttempts, columns(batch), NEVER_ABORTED);
            break;
          } catch (err) {
            if (tries >= COMPLETE_TRIES) {
              this.onError(err, `recording ${batch.length} completed job(s); their claims will lapse and they will run again`);
              break;
            }
            await sleep(200 * tries);
          }
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** A failed attempt with attempts left; false when the attempt was no longer ours. */
  async retry(ref: AttemptRef, delayMs: number, error: RecordedError): Promise<boolean> {
    const rows = await this.db.run(retryAttempt, { ...ref, delayMs, output: { ...error } }, NEVER_ABORTED);
    return rows.length === 1;
  }

  /** The last attempt failed: keep the job as failed with its error; false when no longer ours. */
  async fail(ref: AttemptRef, error: RecordedError): Promise<boolean> {
    const rows = await this.db.run(failAttempt, { ...ref, output: { ...error } }, NEVER_ABORTED);
    return rows.length === 1;
  }

  /** Heartbeat: renews the claims; returns the ids still ours (a missing one's claim lapsed). */
  async extend(refs: readonly AttemptRef[], leaseSeconds: number): Promise<Set<string>> {
    if (refs.length === 0) return new Set();
    const rows = await this.db.run(extendLeases, { ...columns(refs), leaseSeconds }, NEVER_ABORTED);
    return new Set(rows.map((r) => r.id));
  }

  /** Shutdown: hands unfinished attempts back to the queue, runnable at once and not counted. */
  async release(refs: readonly AttemptRef[], error: RecordedError): Promise<void> {
    if (refs.length === 0) return;
    await this.db.run(releaseAttempts, { ...columns(refs), output: { ...error } }, NEVER_ABORTED);
  }
}
