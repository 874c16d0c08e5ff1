// Admin sessions, stored server-side in PostgreSQL. The cookie holds 32 random bytes; the table
// holds their SHA-256. A session ends at logout, after `idleSeconds` without a request, or
// `absoluteSeconds` after login, whichever comes first; each login makes a new one (rotation).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/db.ts';
import { deleteAdminSession, deleteAdminSessionsOfUser, deleteExpiredAdminSessions, insertAdminSession, touchAdminSession } from './queries.queries.ts';

export interface AdminSession {
  userId: number;
  email: string;
  name: string;
  /** Per-session CSRF token, put in a hidden field of every form and checked on every POST. */
  csrfToken: string;
}

export interface SessionSettings {
  idleSeconds: number;
  absoluteSeconds: number;
}

const hash = (token: string) => createHash('sha256').update(token).digest();

/** A new random token, URL-safe. */
export const randomToken = (): string => randomBytes(32).toString('base64url');

/** Constant-time comparison of two tokens (different lengths simply do not match). */
export function tokensMatch(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class AdminSessions {
  constructor(private readonly deps: { db: Db; clock: Clock; settings: SessionSettings }) {}

  /** Starts a session for a staff user; returns the cookie value. */
  async create(userId: number, signal: AbortSignal): Promise<string> {
    const token = randomToken();
    await this.deps.db.run(insertAdminSession, { tokenHash: hash(token), userId, csrfToken: randomToken(), now: this.deps.clock.now() }, signal);
    return token;
  }

  /** The live session for a cookie value, refreshed; null when unknown, expired or no longer staff. */
  async touch(token: string, signal: AbortSignal): Promise<AdminSession | null> {
    const now = this.deps.clock.now();
    const { idleSeconds, absoluteSeconds } = this.deps.settings;
    const [row] = await this.deps.db.run(
      touchAdminSession,
      {
        tokenHash: hash(token),
        now,
        idleSince: new Date(now.getTime() - idleSeconds * 1000),
        createdSince: new Date(now.getTime() - absoluteSeconds * 1000),
      },
      signal,
    );
    return row === undefined ? null : { userId: row.user_id, email: row.email, name: row.name, csrfToken: row.csrf_token };
  }

  async destroy(token: string, signal: AbortSignal): Promise<void> {
    await this.deps.db.run(deleteAdminSession, { tokenHash: hash(token) }, signal);
  }

  /** Ends every session of a user on `tx` (a password reset's transaction; CredentialRevoker). */
  async revokeAllForUser(tx: Db, userId: number, signal: AbortSignal): Promise<void> {
    await tx.run(deleteAdminSessionsOfUser, { userId }, signal);
  }

  /** Housekeeping (the purge_admin_sessions job): deletes every expired session; returns how many. */
  async deleteExpired(signal: AbortSignal): Promise<number> {
    const now = this.deps.clock.now();
    const [row] = await this.deps.db.run(
      deleteExpiredAdminSessions,
      {
        idleSince: new Date(now.getTime() - this.deps.settings.idleSeconds * 1000),
        createdSince: new Date(now.getTime() - this.deps.settings.absoluteSeconds * 1000),
      },
      signal,
    );
    return row?.deleted ?? 0;
  }
}
