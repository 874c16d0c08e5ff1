// An in-process cache that is only as fresh as the notifications keeping it: the mechanism under
// the principal cache and the catalog's response cache.
//
// While `isLive()` is false (the LISTEN connection is down, so invalidations may be lost) nothing
// is served from it or stored in it. Every invalidation bumps a generation, and a value read from
// the database before an invalidation is not stored after it (the eviction it raced with has
// already happened). Entries expire at the earlier of their own validUntil and the TTL, which is
// only a backstop; the oldest are dropped beyond maxEntries or maxSize.
import type { Clock } from './clock.ts';

interface Entry<V> {
  value: V;
  validUntil: number;
  size: number;
}

export interface LiveCacheOptions<V> {
  ttlMs: number;
  maxEntries: number;
  /** Bound on the sum of sizeOf over the entries (default: none). */
  maxSize?: number;
  sizeOf?: (value: V) => number;
  clock: Clock;
  /** Whether invalidations are being received (the NOTIFY listener is connected). */
  isLive: () => boolean;
}

export class LiveCache<V> {
  private readonly entries = new Map<string, Entry<V>>();
  private size = 0;
  private generation = 0;

  constructor(private readonly options: LiveCacheOptions<V>) {}

  get(key: string): V | undefined {
    if (!this.options.isLive()) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.validUntil <= this.options.clock.now().getTime()) {
      this.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Call before reading from the database; pass the result to `set`. */
  snapshot(): number {
    return this.generation;
  }

  /** Stores `value` read at `readAtGeneration`, usable until `validUntil` (ms) or the TTL. */
  set(key: string, value: V, readAtGeneration: number, validUntil = Infinity): void {
    if (!this.options.isLive() || readAtGeneration !== this.generation) return;
    const size = this.options.sizeOf?.(value) ?? 0;
    const maxSize = this.options.maxSize ?? Infinity;
    if (size > maxSize) return;
    this.delete(key);
    // Maps iterate in insertion order: drop the oldest entries until the new one fits.
    for (const oldest of this.entries.keys()) {
      if (this.entries.size < this.options.maxEntries && this.size + size <= maxSize) break;
      this.delete(oldest);
    }
    const now = this.options.clock.now().getTime();
    this.entries.set(key, { value, validUntil: Math.min(validUntil, now + this.options.ttlMs), size });
    this.size += size;
  }

  /** Invalidates the entries whose value matches. */
  evictWhere(matches: (value: V) => boolean): void {
    this.generation++;
    for (const [key, entry] of this.entries) if (matches(entry.value)) this.delete(key);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.size = 0;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.size -= entry.size;
  }
}
