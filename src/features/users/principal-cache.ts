// An in-process cache of authenticated principals, so that an API request costs one SQL
// statement instead of two (on a 2-vCPU host each extra round trip is a socket write and read
// that showed up as the largest single cost of GET /invoices/{id}).
//
// Freshness is pushed, not polled: triggers on api_tokens and users NOTIFY every web process when
// a token is revoked or re-dated or a user is deactivated or changes staff status
// (migrations/0007), and those entries are evicted. The TTL is only a backstop. While the
// notification connection is down the cache is not used at all, and it is emptied on every loss
// and reconnect, so a missed notification can never keep a revoked token working.
import type { Clock } from '../../platform/clock.ts';
import type { Principal } from '../../platform/http/app.ts';

interface Entry {
  principal: Principal;
  /** Usable until the earlier of the token's expiry and the TTL. */
  validUntil: number;
}

export interface PrincipalCacheOptions {
  ttlMs: number;
  maxEntries: number;
  clock: Clock;
  /** Whether invalidations are being received (the NOTIFY listener is connected). */
  isLive: () => boolean;
}

export class PrincipalCache {
  private readonly entries = new Map<string, Entry>();
  /**
   * Bumped by every invalidation. A lookup that started before an invalidation must not store
   * its (possibly stale) result: the eviction it raced with has already happened.
   */
  private generation = 0;

  constructor(private readonly options: PrincipalCacheOptions) {}

  get(key: string): Principal | undefined {
    if (!this.options.isLive()) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.validUntil <= this.options.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.principal;
  }

  /** Call before reading from the database; pass the result to `set`. */
  snapshot(): number {
    return this.generation;
  }

  set(key: string, principal: Principal, tokenExpiresAt: Date, readAtGeneration: number): void {
    if (!this.options.isLive() || readAtGeneration !== this.generation) return;
    if (this.entries.size >= this.options.maxEntries) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    const validUntil = Math.min(tokenExpiresAt.getTime(), this.options.clock.now().getTime() + this.options.ttlMs);
    this.entries.set(key, { principal, validUntil });
  }

  evictToken(tokenId: number): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (entry.principal.tokenId === tokenId) this.entries.delete(key);
  }

  evictUser(userId: number): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (entry.principal.userId === userId) this.entries.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  /** Applies a `ledgerline_auth` notification: `token:<id>` or `user:<id>`; anything else clears. */
  applyNotification(payload: string): void {
    const match = /^(token|user):(\d+)$/.exec(payload);
    if (match === null) return this.clear();
    const id = Number(match[2]);
    if (match[1] === 'token') this.evictToken(id);
    else this.evictUser(id);
  }
}
