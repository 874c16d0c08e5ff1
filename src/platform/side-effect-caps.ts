// Per-user caps on what a user's actions cause outside our database: card charges at the payment
// gateway and e-mails at the mail server. The write rate limits (http/rate-limit.ts) bound requests;
// these bound the effects that cost money or reputation when abused — card testing (many small
// charges with stolen cards, what Stripe Radar's velocity rules stop) and mail bombing.
//
// Both count in the same fixed one-minute windows as the write limits (rate_limit_buckets), but on
// the business transaction's own Db: a rolled-back order has not charged or mailed anyone, so it
// does not count either. The upsert locks the user's counter row until that transaction ends, so
// one user's concurrent orders queue behind each other there; other users are not affected.
import type { Db } from './db/db.ts';
import { RateLimitedError } from './errors.ts';
import type { RateLimitBuckets } from './http/rate-limit.ts';
import type { JobStartCap } from './jobs/task.ts';

interface CapDeps {
  buckets: RateLimitBuckets;
  /** Per user per minute; 0 = no cap (and no statement). */
  perMinute: number;
}

/** Card payments: over the cap, the order is refused (429 with Retry-After) and nothing is written. */
export class CardPaymentCap {
  constructor(private readonly deps: CapDeps) {}

  /** Counts one card payment by `userId` on `tx`; RateLimitedError when it is one too many. */
  async admit(tx: Db, userId: number, signal: AbortSignal): Promise<void> {
    const { buckets, perMinute } = this.deps;
    if (perMinute === 0) return;
    const key = `payments:user:${userId}`;
    const { counts, resetsInMs } = await buckets.withDb(tx).hit([key], signal);
    if ((counts.get(key) ?? 0) <= perMinute) return;
    // The caller's transaction rolls back, this count with it: refused attempts do not push the
    // user's next window further away.
    throw new RateLimitedError(Math.max(1, Math.ceil(resetsInMs / 1000)), 'Too many card payments; try again when the minute is over.');
  }
}

/**
 * E-mails: over the cap nothing is refused (an order must not fail because of its receipt); the
 * e-mail's job starts in a later minute instead: the first c over the cap in the next minute, the
 * next c in the one after, and so on. The job counts as it is enqueued, in the same statement
 * (JobStartCap). Deferred e-mails are not counted again in the minute they go out, so a user can
 * receive up to about twice the cap in a minute (deferred plus fresh ones), never an unbounded
 * burst.
 */
export class EmailCap {
  constructor(private readonly deps: CapDeps) {}

  /** False when the cap is off (0): nothing is counted, so callers may skip finding the user. */
  get enabled(): boolean {
    return this.deps.perMinute > 0;
  }

  /** What a job e-mailing `userId` counts against when enqueued; undefined when the cap is off. */
  jobCap(userId: number): JobStartCap | undefined {
    const { buckets, perMinute } = this.deps;
    if (perMinute === 0) return undefined;
    return { key: `emails:user:${userId}`, perMinute, windowStart: buckets.currentWindowStart() };
  }
}
