// The NOTIFY that wakes idle workers for a new job, sent after the enqueuing transaction commits.
//
// Not inside it: a transaction that has sent NOTIFY takes a database-wide lock at commit and keeps
// it until its commit record is flushed, so such commits take turns, each waiting for the previous
// one's disk flush (measured with pgbench, 32 clients inserting one row each: 1,200-1,700
// commits/s with a NOTIFY in the transaction, 4,700-5,000 with it sent after the commit, 4,000-6,400
// with none; docs/PERFORMANCE.md). Sent on its own, a NOTIFY writes nothing that needs a flush.
//
// Concurrent wakes share one statement: while one is in flight, the next gathers every queue
// woken meanwhile and goes out when the first is answered, so a busy process sends about one per
// round trip, not one per job. Every caller awaits the statement that carries its queue.
import type { Logger } from 'pino';
import type { Db } from '../db/db.ts';
import { NEVER_ABORTED } from '../signals.ts';
import { notifyQueues } from './queries.queries.ts';

/** NOTIFY channel: the payload is the queue (task) name. */
export const JOBS_CHANNEL = 'ledgerline_jobs';

interface Batch {
  readonly queues: Set<string>;
  readonly sent: Promise<void>;
}

export class WorkerWakeups {
  private gathering: Batch | undefined;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(private readonly logger?: Logger) {}

  /**
   * Resolves once a NOTIFY for `queue` has been answered. A failure is logged, not thrown: the
   * job is committed, and workers find it on their next poll (JOB_POLL_INTERVAL_MS) without it.
   */
  wake(pool: Db, queue: string): Promise<void> {
    let batch = this.gathering;
    if (batch === undefined) {
      const queues = new Set<string>();
      const sent = this.inFlight.then(() => {
        this.gathering = undefined;
        return this.send(pool, [...queues]);
      });
      batch = { queues, sent };
      this.gathering = batch;
      this.inFlight = sent;
    }
    batch.queues.add(queue);
    return batch.sent;
  }

  private async send(pool: Db, queues: string[]): Promise<void> {
    try {
      // Not the request's signal: a client that leaves must not cancel a wake other callers share.
      await pool.run(notifyQueues, { channel: JOBS_CHANNEL, queues }, NEVER_ABORTED);
    } catch (err) {
      this.logger?.warn({ err, queues }, 'could not wake workers; they will find the jobs on their next poll');
    }
  }
}
