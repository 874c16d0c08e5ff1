// PasswordResetService: "forgot my password" (request a link by e-mail) and setting a new password
// with that link's token. The e-mail itself is a background job, enqueued through
// PasswordResetEvents in the transaction that creates the reset.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../../platform/clock.ts';
import { withTransaction, type Db } from '../../platform/db/db.ts';
import { ValidationError } from '../../platform/errors.ts';
import { hashPassword } from './password-hash.ts';
import {
  closeOpenPasswordResetsForUser,
  deletePasswordResetsExpiredBefore,
  getOpenPasswordResetByTokenHash,
  getPasswordResetForNotification,
  insertPasswordResetForEmail,
  updateUserPasswordHash,
  usePasswordReset,
} from './queries.queries.ts';
import { hashResetToken, newResetToken, openResetToken, resetTokenKey } from './reset-token.ts';
import type { TokenService } from './token.service.ts';
import { InvalidPasswordResetTokenError } from './user.errors.ts';
import type { UserService } from './user.service.ts';
import { normaliseEmail } from './user.ts';

/** What a reset request causes besides its row, run inside the transaction that writes it. */
export interface PasswordResetEvents {
  /**
   * Enqueue the e-mail with the link (it reads the reset back with `getForNotification`); the
   * user's id counts the e-mail against that user's cap.
   */
  resetRequested(tx: Db, reset: { id: number; userId: number }, signal: AbortSignal): Promise<void>;
}

/**
 * Credentials besides API tokens that a successful reset ends (admin sessions), on the reset's
 * transaction.
 */
export interface CredentialRevoker {
  revokeAllForUser(tx: Db, userId: number, signal: AbortSignal): Promise<void>;
}

/** What the reset e-mail needs, while the reset can still be used. */
export interface PasswordResetNotice {
  email: string;
  name: string;
  /** The raw token, for the link; it exists nowhere else once the e-mail is sent. */
  token: string;
  expiresAt: Date;
}

export interface ResetThrottle {
  /** Reset requests (e-mails) per user within the window; more are silently ignored. */
  maxPerWindow: number;
  windowSeconds: number;
}

/** At most 5 reset e-mails per account per hour: enough for a person, too few to bomb a mailbox. */
export const RESET_THROTTLE: ResetThrottle = Object.freeze({ maxPerWindow: 5, windowSeconds: 3600 });

export interface PasswordResetServiceDeps {
  db: Db;
  clock: Clock;
  users: UserService;
  tokens: TokenService;
  events: PasswordResetEvents;
  /** SECRET_KEY: the seal of stored tokens is derived from it. */
  secretKey: string;
  /** How long a link works (PASSWORD_RESET_TTL_SECONDS). */
  ttlSeconds: number;
  throttle?: ResetThrottle;
  /** Ended with the API tokens (admin sessions, once the admin provides them). */
  otherCredentials?: readonly CredentialRevoker[];
  /** `request` never returns sooner than this (milliseconds; see there). Default 200. */
  requestFloorMs?: number;
}

const REQUEST_FLOOR_MS = 200;
const PURGE_BATCH = 1000;

export class PasswordResetService {
  private readonly key: Buffer;
  private readonly throttle: ResetThrottle;

  constructor(private readonly deps: PasswordResetServiceDeps) {
    this.key = resetTokenKey(deps.secretKey);
    this.throttle = deps.throttle ?? RESET_THROTTLE;
  }

  /** The same service with its statements on `db` (a caller's transaction, which `request`'s timing floor then keeps open). */
  withDb(db: Db): PasswordResetService {
    return new PasswordResetService({ ...this.deps, db });
  }

  /**
   * Starts a reset for the account with this e-mail address, if there is an active one and it is
   * not throttled; otherwise does nothing. Either way it returns the same, so the answer does not
   * tell whether the address has an account, and neither does its timing: only a created reset
   * enqueues an e-mail (several statements more, measured at ~11 ms against ~4 ms), so the call
   * is padded to a floor (requestFloorMs) that the work stays well under. Nothing is held while
   * it waits: the transaction has ended.
   */
  async request(email: string, signal: AbortSignal): Promise<void> {
    const answerAt = performance.now() + (this.deps.requestFloorMs ?? REQUEST_FLOOR_MS);
    await this.startReset(email, signal);
    const wait = answerAt - performance.now();
    // A client that leaves stops the wait (the reset is already committed; nobody reads the answer).
    if (wait > 0) await sleep(wait, undefined, { signal }).catch(() => undefined);
  }

  private async startReset(email: string, signal: AbortSignal): Promise<void> {
    const now = this.deps.clock.now();
    // The token itself is not kept here: the e-mail job opens the seal to build the link.
    const { hash, sealed } = newResetToken(this.key);
    await withTransaction(this.deps.db, signal, async (tx) => {
      const [reset] = await tx.run(
        insertPasswordResetForEmail,
        {
          email: normaliseEmail(email),
          tokenHash: hash,
          tokenSealed: sealed,
          now,
          expiresAt: new Date(now.getTime() + this.deps.ttlSeconds * 1000),
          since: new Date(now.getTime() - this.throttle.windowSeconds * 1000),
          maxPerWindow: this.throttle.maxPerWindow,
        },
        signal,
      );
      if (reset !== undefined) await this.deps.events.resetRequested(tx, { id: reset.id, userId: reset.user_id }, signal);
    });
  }

  /**
   * Sets a new password with a reset token. An unusable token is InvalidPasswordResetTokenError
   * (400); a weak password is a ValidationError on `password` (422) and leaves the token usable.
   * On success, in one transaction: the token is used (a conditional UPDATE, so it works once
   * even under concurrent confirmations), the password hash replaced, every API token of the user
   * revoked (and any other credentials, e.g. admin sessions), and the user's other open resets
   * closed.
   */
  async confirm(input: { token: string; password: string }, signal: AbortSignal): Promise<void> {
    const tokenHash = hashResetToken(input.token);
    const [reset] = await this.deps.db.run(getOpenPasswordResetByTokenHash, { tokenHash, now: this.deps.clock.now() }, signal);
    if (reset === undefined) throw new InvalidPasswordResetTokenError();
    const problems = this.deps.users.passwordProblems(input.password, reset.email);
    if (problems.length > 0) throw new ValidationError(problems.map((message) => ({ field: 'password', message })));
    // argon2 before the transaction: no connection or row lock is held while it runs.
    const passwordHash = await hashPassword(input.password, signal);
    await withTransaction(this.deps.db, signal, async (tx) => {
      const now = this.deps.clock.now();
      const [used] = await tx.run(usePasswordReset, { id: reset.id, now }, signal);
      if (used === undefined) throw new InvalidPasswordResetTokenError(); // a concurrent confirmation won
      await tx.run(updateUserPasswordHash, { id: used.user_id, passwordHash }, signal);
      await this.deps.tokens.revokeAllForUser(tx, used.user_id, signal);
      for (const revoker of this.deps.otherCredentials ?? []) await revoker.revokeAllForUser(tx, used.user_id, signal);
      await tx.run(closeOpenPasswordResetsForUser, { userId: used.user_id, now }, signal);
    });
  }

  /**
   * For the reset e-mail: the address and the token of a reset that can still be used, else null
   * (used, superseded, expired, user deactivated, or sealed under a SECRET_KEY since changed: the
   * link cannot be rebuilt, and the user simply asks again).
   */
  async getForNotification(resetId: number, signal: AbortSignal): Promise<PasswordResetNotice | null> {
    const [row] = await this.deps.db.run(getPasswordResetForNotification, { id: resetId }, signal);
    if (row === undefined || row.used_at !== null || !row.is_active || row.token_sealed === null) return null;
    if (row.expires_at.getTime() <= this.deps.clock.now().getTime()) return null;
    const token = openResetToken(row.token_sealed, row.token_hash, this.key);
    return token === null ? null : { email: row.email, name: row.name, token, expiresAt: row.expires_at };
  }

  /** Housekeeping: deletes resets that expired more than `keepDays` ago; how many went. */
  async purgeExpired(signal: AbortSignal, keepDays = 1): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - keepDays * 86_400_000);
    let total = 0;
    for (;;) {
      const [row] = await this.deps.db.run(deletePasswordResetsExpiredBefore, { before, limit: PURGE_BATCH }, signal);
      const deleted = row?.deleted ?? 0;
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}
