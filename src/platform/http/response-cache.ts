// An in-process cache of serialized public responses (Django's cache_page, without its stale
// window): the body a GET produced is kept under its URL and sent again as-is, skipping the
// database, the row mapping and the serializer.
//
// Freshness is pushed: whoever owns the cached data clears it when it changes — the owning
// service in this process as soon as its write returns, and every process through a NOTIFY sent
// by a trigger at commit (whoever wrote: API, admin, CLI or plain SQL). The TTL is only a
// backstop. While the notification connection is down nothing is served from or stored in the
// cache, and it is emptied on every loss and reconnect, so a missed notification cannot keep an
// old page alive.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

interface Entry {
  body: string;
  validUntil: number;
}

export interface ResponseCacheOptions {
  ttlMs: number;
  maxEntries: number;
  /**
   * Bound on the bodies' total size (UTF-16 code units, about bytes for JSON): URLs are chosen
   * by clients, so a client cycling query strings must not grow the process by more than this.
   */
  maxChars: number;
  clock: Clock;
  /** Whether invalidations are being received (the NOTIFY listener is connected). */
  isLive: () => boolean;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private chars = 0;
  /**
   * Bumped by every invalidation. A response computed from a read that started before an
   * invalidation must not be stored: it may hold the data the invalidation was about.
   */
  private generation = 0;

  constructor(private readonly options: ResponseCacheOptions) {}

  get(key: string): string | undefined {
    if (!this.options.isLive()) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.validUntil <= this.options.clock.now().getTime()) {
      this.delete(key);
      return undefined;
    }
    return entry.body;
  }

  /** Call before reading from the database; pass the result to `set`. */
  snapshot(): number {
    return this.generation;
  }

  set(key: string, body: string, readAtGeneration: number): void {
    if (!this.options.isLive() || readAtGeneration !== this.generation) return;
    if (body.length > this.options.maxChars) return;
    this.delete(key);
    // Maps iterate in insertion order: drop the oldest entries until the new one fits.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size < this.options.maxEntries && this.chars + body.length <= this.options.maxChars) break;
      this.delete(oldest);
    }
    this.entries.set(key, { body, validUntil: this.options.clock.now().getTime() + this.options.ttlMs });
    this.chars += body.length;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.chars -= entry.body.length;
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.chars = 0;
  }
}

/**
 * Answers a GET from `cache` when it holds the request's URL, else with `produce()` serialized by
 * the route's response schema (and stored). Without a cache it is `produce()` itself; errors are
 * never stored.
 */
export async function cachedJson<T>(cache: ResponseCache | undefined, request: FastifyRequest, reply: FastifyReply, produce: () => Promise<T>): Promise<T> {
  if (cache === undefined) return produce();
  const key = request.url;
  let body = cache.get(key);
  if (body === undefined) {
    const generation = cache.snapshot();
    // The route's compiled serializer for the status sent (200): the same bytes as without a cache.
    body = reply.serialize(await produce()) as string;
    cache.set(key, body, generation);
  }
  // A handler that returns its reply tells Fastify the response is already sent; the body is
  // JSON text already, so no serializer runs again.
  return reply.type(JSON_TYPE).send(body) as unknown as T;
}
