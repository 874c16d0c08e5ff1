// An in-process cache of serialized private responses that is never stale: each body is kept with
// the version of the data it was rendered from, and sent again only after the data's owner has
// read, in the database, that the version is still current — one primary-key lookup instead of the
// page's own statement, row decoding, mapping and serializing (an ETag, compared by the server).
//
// Unlike ResponseCache it needs no notifications: a write committed by any process, job or plain
// SQL changes the version (a trigger), and the next request reads it, so per-user data reads its
// own writes in every process.
import type { FastifyReply } from 'fastify';
import type { Clock } from '../clock.ts';
import { LiveCache } from '../live-cache.ts';

const JSON_TYPE = 'application/json; charset=utf-8';

interface Rendered {
  version: number;
  /** The JSON text as UTF-8, encoded once: resending it copies bytes instead of encoding again. */
  body: Buffer;
}

/** Rendered bodies by key, bounded by their total size; each is kept at most `ttlMs` after it was stored. */
export class ValidatedResponseCache {
  private readonly entries: LiveCache<Rendered>;

  constructor(options: { ttlMs: number; maxEntries: number; maxBytes: number; clock: Clock }) {
    this.entries = new LiveCache({ ...options, maxSize: options.maxBytes, sizeOf: (r) => r.body.byteLength, isLive: () => true });
  }

  get(key: string): Rendered | undefined {
    return this.entries.get(key);
  }

  set(key: string, rendered: Rendered): void {
    // No generation to compare: a body stored late is checked against the database before use.
    this.entries.set(key, rendered, this.entries.snapshot());
  }
}

/** Where a validated response comes from: its data's current version, or the body and its version. */
export interface VersionedSource<T> {
  /** The data's version now; undefined when there is nothing to compare (nothing is reused then). */
  version(): Promise<number | undefined>;
  /** The body, and the version it was read at (same snapshot); undefined: do not keep it. */
  render(): Promise<{ body: T; version: number | undefined }>;
}

/**
 * Answers a GET from `cache` when it holds a body for `key` whose version is still the source's,
 * else with `render()` serialized by the route's response schema (and kept). One statement either
 * way when nothing changed or nothing was kept; two when a kept body is out of date. Without a
 * cache it is `render()` itself; errors are never kept.
 */
export async function validatedJson<T>(
  cache: ValidatedResponseCache | undefined,
  reply: FastifyReply,
  key: string,
  source: VersionedSource<T>,
): Promise<T> {
  if (cache === undefined) return (await source.render()).body;
  const kept = cache.get(key);
  if (kept !== undefined && kept.version === (await source.version())) return send(reply, kept.body);
  const { body, version } = await source.render();
  // The route's compiled serializer for the status sent (200): the same bytes as without a cache.
  const text = Buffer.from(reply.serialize(body) as string);
  if (version !== undefined) cache.set(key, { version, body: text });
  return send(reply, text);
}

function send<T>(reply: FastifyReply, body: Buffer): T {
  // A handler that returns its reply tells Fastify the response is already sent; the body is
  // JSON text already, so no serializer runs again.
  return reply.type(JSON_TYPE).send(body) as unknown as T;
}
