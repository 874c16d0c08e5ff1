// The NOTIFY that wakes idle workers for a new job, sent after the enqueuing transaction commits.
//
// Not inside it: a transaction that has sent NOTIFY takes a database-wide lock at commit and keeps
// it until its commit record is flushed, so such commits take turns, each waiting for the previous
// one's disk flush (measured with pgbench, 32 clients inserting one row each: 1,200-1,700
// commits/s with a NOTIFY in the transaction, 4,700-5,000 with it sent after the commit, 4,000-6,400
// with none; docs/PERFORMANCE.md). Sent on its own, a NOTIFY writes nothing that needs a flush.
//
// Concurrent wakes share one statement (InFlightBatches): a busy process sends about one per round
// trip, not one per job. Every caller awaits the statement that carries its queue.
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { InFlightBatches } from '../in-flight-batches.ts';
import { NEVER_ABORTED } from '../signals.ts';
import { notifyQueues } from './queries.queries.ts';

/** NOTIFY channel: the payload is the queue (task) name. */
export const JOBS_CHANNEL = 'ledgerline_jobs';

interface WakeBatch {
  readonly queues: Set<string>;
  /** The pool the first wake of the batch was given (there is one per process). */
  pool?: Db;
}

export class WorkerWakeups {
  private readonly batches = new InFlightBatches<WakeBatch, void>(
    () => ({ queues: new Set() }),
    (batch) => this.send(batch),
  );

  constructor(private readonly logger?: Logger) {}

  /**
   * Resolves once a NOTIFY for `queue` has been answered. A failure is logged, not thrown: the
   * job is committed, and workers find it on their next poll (JOB_POLL_INTERVAL_MS) without it.
   */
  wake(pool: Db, queue: string): Promise<void> {
    const { batch, result } = this.batches.join();
    batch.pool ??= pool;
    batch.queues.add(queue);
    return result;
  }

  private async send({ pool, queues }: WakeBatch): Promise<void> {
    try {
      // Not the request's signal: a client that leaves must not cancel a wake other callers share.
      await pool?.run(notifyQueues, { channel: JOBS_CHANNEL, queues: [...queues] }, NEVER_ABORTED);
    } catch (err) {
      this.logger?.warn({ err, queues: [...queues] }, 'could not wake workers; they will find the jobs on their next poll');
    }
  }
}
