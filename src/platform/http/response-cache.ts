// An in-process cache of serialized public responses (Django's cache_page, without its stale
// window): the body a GET produced is kept under its URL and sent again as-is, skipping the
// database, the row mapping and the serializer.
//
// Freshness is pushed: whoever owns the cached data clears it when it changes — the owning
// service in this process as soon as its write returns, and every process through a NOTIFY sent
// by a trigger at commit (whoever wrote: API, admin, CLI or plain SQL). The TTL is only a
// backstop. While the notification connection is down nothing is served from or stored in the
// cache, and it is emptied on every loss and reconnect, so a missed notification cannot keep an
// old page alive (platform/live-cache.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../clock.ts';
import { LiveCache } from '../live-cache.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

/** Response bodies by URL, bounded by their total size (platform/live-cache.ts does the rest). */
export class ResponseCache extends LiveCache<string> {
  /**
   * `maxChars` bounds the bodies' total size (UTF-16 code units, about bytes for JSON): URLs are
   * chosen by clients, so a client cycling query strings must not grow the process beyond it.
   */
  constructor(options: { ttlMs: number; maxEntries: number; maxChars: number; clock: Clock; isLive: () => boolean }) {
    super({ ...options, maxSize: options.maxChars, sizeOf: (body) => body.length });
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
