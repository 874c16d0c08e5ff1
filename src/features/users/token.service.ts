// TokenService: API bearer tokens — logging in, issuing, authenticating and revoking.
// A token is 32 random bytes (base64url); only its SHA-256 is stored, so a leaked api_tokens table
// grants nothing. SHA-256 without salt or stretching is enough here: the input is 256 random bits,
// not a password.
import { hash, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import type { Principal } from '../../platform/http/app.ts';
import type { Authenticator } from '../../platform/http/auth.ts';
import type { LoginThrottle } from './login-throttle.ts';
import type { PrincipalCache } from './principal-cache.ts';
import { deleteExpiredApiTokens, getPrincipalByTokenHash, insertApiToken, revokeApiToken, revokeApiTokensForUser } from './queries.queries.ts';
import { InvalidCredentialsError } from './user.errors.ts';
import type { UserService } from './user.service.ts';
import { normaliseEmail } from './user.ts';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}

export interface LoginInput {
  email: string;
  password: string;
  /** The client's IP address, for per-address throttling. */
  clientAddress: string;
}

export interface TokenServiceDeps {
  db: Db;
  clock: Clock;
  users: UserService;
  throttle: LoginThrottle;
  ttlSeconds: number;
  /** Absent: every request is authenticated against the database. */
  cache?: PrincipalCache;
}

const TOKEN_BYTES = 32;
/** Rows per housekeeping DELETE: short transactions, bounded NOTIFY traffic per commit. */
const PURGE_BATCH = 1000;

// One-shot crypto.hash: half the cost of a Hash object, and this runs on every authenticated request.
const hashToken = (token: string): Buffer => hash('sha256', token, 'buffer');

export class TokenService implements Authenticator {
  constructor(private readonly deps: TokenServiceDeps) {}

  /**
   * Exchanges an e-mail and password for a new token. Throttled first (even a right password is
   * refused while blocked); a failure of any kind is recorded and answered with one error.
   */
  async login(input: LoginInput, signal: AbortSignal): Promise<IssuedToken> {
    const key = { email: normaliseEmail(input.email), clientAddress: input.clientAddress };
    await this.deps.throttle.check(key, signal);
    const userId = await this.deps.users.verifyCredentials(key.email, input.password, signal);
    if (userId === null) {
      await this.deps.throttle.recordFailure(key, signal);
      throw new InvalidCredentialsError();
    }
    return this.issue(userId, signal);
  }

  /** A new token for a user (also used by tests and, later, by password-reset flows). */
  async issue(userId: number, signal: AbortSignal): Promise<IssuedToken> {
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const now = this.deps.clock.now();
    const [row] = await this.deps.db.run(
      insertApiToken,
      {
        userId,
        tokenHash: hashToken(token),
        createdAt: now,
        expiresAt: new Date(now.getTime() + this.deps.ttlSeconds * 1000),
      },
      signal,
    );
    return { token, expiresAt: row!.expires_at };
  }

  /** Authenticator: the principal of an unexpired, unrevoked token of an active user, else null. */
  async authenticate(token: string, signal: AbortSignal): Promise<Principal | null> {
    const cache = this.deps.cache;
    // The cache is keyed by the hash's base64 text, made by the hash itself: a hit needs no Buffer.
    const key = hash('sha256', token, 'base64');
    const cached = cache?.get(key);
    if (cached !== undefined) return cached;
    const tokenHash = Buffer.from(key, 'base64');
    const generation = cache?.snapshot() ?? 0;
    const [row] = await this.deps.db.run(getPrincipalByTokenHash, { tokenHash, now: this.deps.clock.now() }, signal);
    if (row === undefined) return null;
    const principal = { userId: row.user_id, isStaff: row.is_staff, tokenId: row.token_id };
    cache?.set(key, principal, row.expires_at, generation);
    return principal;
  }

  /** Revokes the token a principal authenticated with; it never works again. */
  async revoke(principal: Pick<Principal, 'userId' | 'tokenId'>, signal: AbortSignal): Promise<void> {
    await this.deps.db.run(revokeApiToken, { tokenId: principal.tokenId, userId: principal.userId, now: this.deps.clock.now() }, signal);
    // This process forgets it at once; the others hear it from the trigger's NOTIFY.
    this.deps.cache?.evictToken(principal.tokenId);
  }

  /**
   * Revokes every token of a user, on the caller's transaction `db` (a password reset). This
   * process forgets them at once; every process (this one included) forgets them again when the
   * trigger's NOTIFY arrives at commit, so a lookup that raced with the transaction is evicted too.
   */
  async revokeAllForUser(db: Db, userId: number, signal: AbortSignal): Promise<void> {
    await db.run(revokeApiTokensForUser, { userId, now: this.deps.clock.now() }, signal);
    this.deps.cache?.evictUser(userId);
  }

  /**
   * Housekeeping: deletes tokens that expired more than `keepDays` ago (kept a while so a support
   * question about an expired token can still be answered), in batches; returns how many.
   */
  async purgeExpired(signal: AbortSignal, keepDays = 7): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - keepDays * 86_400_000);
    let total = 0;
    for (;;) {
      const [row] = await this.deps.db.run(deleteExpiredApiTokens, { before, limit: PURGE_BATCH }, signal);
      const deleted = row?.deleted ?? 0;
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}
