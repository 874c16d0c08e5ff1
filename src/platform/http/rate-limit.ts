// Write rate limits: every POST/PUT/PATCH/DELETE under /api/v1 counts against its user (when
// authenticated) and its client address, in fixed one-minute windows kept in PostgreSQL so the
// limits hold across any number of web processes. One upsert bumps both counters and returns them,
// shared by the writes a process has in flight together (SharedBucketHits). Over either limit →
// 429 with Retry-After (the end of the window). POST /api/v1/auth/tokens is exempt: login has its
// own failure throttle, and counting successful logins here would lock out a shared office address.
//
// Fixed windows allow up to twice the limit across a window boundary; that is the price of one
// row per key and minute instead of a log of every request. The window comes from the app's clock,
// so processes with skewed clocks may briefly disagree on which minute it is: harmless at this
// granularity, and it lets tests pin the time.
import type { FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { systemClock } from '../clock.ts';
import type { Db } from '../db/db.ts';
import { RateLimitedError } from '../errors.ts';
import { addBucketHits, purgeOldBuckets } from './rate-limit.queries.ts';
import type { App } from './app.ts';

/** Every counter counts per fixed window of one minute. */
export const WINDOW_MS = 60_000;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const EXEMPT_ROUTES = new Set(['POST /api/v1/auth/tokens']);
/** Rows per housekeeping DELETE, so no single statement holds locks for long. */
const PURGE_BATCH = 5000;

export interface WriteRateLimits {
  /** Writes per user per minute; 0 = unlimited. */
  perUser: number;
  /** Writes per client address per minute; 0 = unlimited. */
  perAddress: number;
}

/** What one hit saw: each key's count in the current window, and when that window ends. */
export interface BucketHit {
  counts: Map<string, number>;
  resetsInMs: number;
  windowEndsAt: Date;
}

/** What the write limit counts with: RateLimitBuckets, or SharedBucketHits under concurrent load. */
export interface HitCounter {
  hit(keys: readonly string[], signal: AbortSignal): Promise<BucketHit>;
}

/** `hits` more on `key` in the window that starts at `windowStartMs`. */
export interface BucketIncrement {
  key: string;
  windowStartMs: number;
  hits: number;
}

/** The counters, in rate_limit_buckets (migration 0013). */
export class RateLimitBuckets implements HitCounter {
  constructor(private readonly deps: { db: Db; clock?: Clock }) {}

  /**
   * The same counters with their statements on `db`: a caller's transaction, so that a hit counts
   * only if the work it guards commits (the side-effect caps, platform/side-effect-caps.ts).
   */
  withDb(db: Db): RateLimitBuckets {
    return new RateLimitBuckets({ ...this.deps, db });
  }

  /**
   * Counts one hit on each key in the current window; resolves to each key's count so far and the
   * milliseconds until the window ends. Keys must be distinct (one upsert may touch a row once).
   */
  async hit(keys: readonly string[], signal: AbortSignal): Promise<BucketHit> {
    const now = this.nowMs();
    const windowStartMs = startOfWindow(now);
    const totals = await this.add(
      keys.map((key) => ({ key, windowStartMs, hits: 1 })),
      signal,
    );
    return { counts: new Map(keys.map((key) => [key, totals.get(bucketId(key, windowStartMs)) ?? 0])), ...windowEnd(windowStartMs, now) };
  }

  /**
   * Adds each increment in one statement; resolves to each counter's count so far, by bucketId.
   * (key, window) pairs must be distinct.
   */
  async add(increments: readonly BucketIncrement[], signal: AbortSignal): Promise<Map<string, number>> {
    const rows = await this.deps.db.run(
      addBucketHits,
      {
        keys: increments.map((i) => i.key),
        windowStarts: increments.map((i) => new Date(i.windowStartMs)),
        hits: increments.map((i) => i.hits),
      },
      signal,
    );
    return new Map(rows.map((r) => [bucketId(r.key, r.window_start.getTime()), r.count]));
  }

  /** When the window the clock is in now began (what other statements counting here need). */
  currentWindowStart(): Date {
    return new Date(startOfWindow(this.nowMs()));
  }

  /** Milliseconds since the epoch, by the counters' clock. */
  nowMs(): number {
    return (this.deps.clock ?? systemClock).now().getTime();
  }

  /** Housekeeping: deletes windows that ended more than a minute ago (measured by the database clock). */
  async purgeOld(signal: AbortSignal): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.deps.db.run(purgeOldBuckets, { batch: PURGE_BATCH }, signal);
      const deleted = row?.deleted ?? 0;
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}

/** A counter's identity: its key within its window. */
export const bucketId = (key: string, windowStartMs: number): string => `${windowStartMs} ${key}`;

/** When the window containing `ms` began. */
export const startOfWindow = (ms: number): number => ms - (ms % WINDOW_MS);

/** When the window starting at `windowStartMs` ends, and how long that is from `nowMs`. */
export function windowEnd(windowStartMs: number, nowMs: number): { resetsInMs: number; windowEndsAt: Date } {
  const end = windowStartMs + WINDOW_MS;
  return { resetsInMs: end - nowMs, windowEndsAt: new Date(end) };
}

function limitedKeys(request: FastifyRequest, limits: WriteRateLimits): Array<[key: string, limit: number]> {
  const keys: Array<[string, number]> = [];
  if (limits.perUser > 0 && request.principal !== null) keys.push([`user:${request.principal.userId}`, limits.perUser]);
  if (limits.perAddress > 0) keys.push([`addr:${request.ip}`, limits.perAddress]);
  return keys;
}

/**
 * Adds the limit to every write route of `app` under /api/v1. It runs at preValidation: after the
 * routes' own onRequest auth hooks (so the principal is known), before validation and handlers (so
 * malformed writes count too).
 */
export function registerWriteRateLimit(app: App, hits: HitCounter, limits: WriteRateLimits): void {
  if (limits.perUser === 0 && limits.perAddress === 0) return;
  app.addHook('preValidation', async (request, reply) => {
    const route = request.routeOptions.url;
    if (!WRITE_METHODS.has(request.method) || route === undefined || !route.startsWith('/api/v1/')) return;
    if (EXEMPT_ROUTES.has(`${request.method} ${route}`)) return;
    const keys = limitedKeys(request, limits);
    if (keys.length === 0) return;
    const { counts, resetsInMs } = await hits.hit(
      keys.map(([key]) => key),
      request.abortSignal,
    );
    if (keys.some(([key, limit]) => (counts.get(key) ?? 0) > limit)) {
      reply.log.info({ route, user_id: request.principal?.userId }, 'write rate limit reached');
      throw new RateLimitedError(Math.max(1, Math.ceil(resetsInMs / 1000)), 'Too many writes; try again when the minute is over.');
    }
  });
}
