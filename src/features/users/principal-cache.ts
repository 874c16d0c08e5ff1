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
import { LiveCache } from '../../platform/live-cache.ts';

export interface PrincipalCacheOptions {
  ttlMs: number;
  maxEntries: number;
  clock: Clock;
  /** Whether invalidations are being received (the NOTIFY listener is connected). */
  isLive: () => boolean;
}

/** Principals by token hash; never usable past their token's expiry (platform/live-cache.ts). */
export class PrincipalCache {
  private readonly cache: LiveCache<Principal>;

  constructor(options: PrincipalCacheOptions) {
    this.cache = new LiveCache(options);
  }

  get(key: string): Principal | undefined {
    return this.cache.get(key);
  }

  /** Call before reading from the database; pass the result to `set`. */
  snapshot(): number {
    return this.cache.snapshot();
  }

  set(key: string, principal: Principal, tokenExpiresAt: Date, readAtGeneration: number): void {
    this.cache.set(key, principal, readAtGeneration, tokenExpiresAt.getTime());
  }

  evictToken(tokenId: number): void {
    this.cache.evictWhere((p) => p.tokenId === tokenId);
  }

  evictUser(userId: number): void {
    this.cache.evictWhere((p) => p.userId === userId);
  }

  clear(): void {
    this.cache.clear();
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
