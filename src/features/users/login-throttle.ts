// Login throttling: a sliding window of failed attempts per e-mail address and per client address,
// kept in PostgreSQL so that it holds across any number of web processes.
//
// Only failures are recorded (successful logins never count). Rows older than the window are dead
// weight; the scheduled housekeeping job deletes them (login_failures_occurred_at_idx serves it).
// check() and recordFailure() are separate statements, so a burst of concurrent wrong guesses can
// overshoot a limit by at most the number of requests in flight; the next check still blocks.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { deleteLoginFailuresBefore, getLoginThrottleState, insertLoginFailure } from './queries.queries.ts';
import { LoginThrottledError } from './user.errors.ts';

export interface ThrottleKey {
  /** Normalised e-mail address, whether or not it has an account. */
  email: string;
  /** The client's IP address as the HTTP layer sees it (honouring TRUST_PROXY). */
  clientAddress: string;
}

export interface ThrottleLimits {
  /** Failed attempts allowed per e-mail address within the window. */
  perEmail: number;
  /** Failed attempts allowed per client address within the window. */
  perAddress: number;
  windowSeconds: number;
}

/** Rows per housekeeping DELETE, so no single statement holds locks for long. */
const PURGE_BATCH = 5000;

/** The contract's limits: 10 per e-mail and 50 per client address per 15 minutes. */
export const LOGIN_LIMITS: ThrottleLimits = Object.freeze({ perEmail: 10, perAddress: 50, windowSeconds: 15 * 60 });

export class LoginThrottle {
  private readonly limits: ThrottleLimits;

  constructor(private readonly deps: { db: Db; clock: Clock; limits?: ThrottleLimits }) {
    this.limits = deps.limits ?? LOGIN_LIMITS;
  }

  /** Throws LoginThrottledError, with the seconds until the block lifts, when a limit is reached. */
  async check(key: ThrottleKey, signal: AbortSignal): Promise<void> {
    const now = this.deps.clock.now();
    const windowMs = this.limits.windowSeconds * 1000;
    const [state] = await this.deps.db.run(
      getLoginThrottleState,
      {
        email: key.email,
        clientIp: key.clientAddress,
        since: new Date(now.getTime() - windowMs),
        // The limit-th most recent failure: when it leaves the window, fewer than `limit` remain.
        emailOffset: this.limits.perEmail - 1,
        addressOffset: this.limits.perAddress - 1,
      },
      signal,
    );
    const blockedSince = [state?.email_blocked_since, state?.address_blocked_since]
      .filter((d): d is Date => d instanceof Date)
      .map((d) => d.getTime());
    if (blockedSince.length === 0) return;
    const liftsAt = Math.max(...blockedSince) + windowMs;
    throw new LoginThrottledError(Math.max(1, Math.ceil((liftsAt - now.getTime()) / 1000)));
  }

  async recordFailure(key: ThrottleKey, signal: AbortSignal): Promise<void> {
    await this.deps.db.run(
      insertLoginFailure,
      { email: key.email, clientIp: key.clientAddress, occurredAt: this.deps.clock.now() },
      signal,
    );
  }

  /** Housekeeping: deletes failures that have left the window (they can never count again). */
  async purgeOld(signal: AbortSignal): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - this.limits.windowSeconds * 1000);
    let total = 0;
    for (;;) {
      const [row] = await this.deps.db.run(deleteLoginFailuresBefore, { before, limit: PURGE_BATCH }, signal);
      const deleted = row?.deleted ?? 0;
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}
