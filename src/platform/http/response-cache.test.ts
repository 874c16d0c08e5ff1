import { describe, expect, it } from 'vitest';
import { systemClock, type Clock } from '../clock.ts';
import { ResponseCache } from './response-cache.ts';

describe('ResponseCache', () => {
  const cache = (options: { live?: boolean; clock?: Clock; maxEntries?: number; maxChars?: number } = {}) =>
    new ResponseCache({
      ttlMs: 1_000,
      maxEntries: options.maxEntries ?? 2,
      maxChars: options.maxChars ?? 1_000,
      clock: options.clock ?? systemClock,
      isLive: () => options.live ?? true,
    });

  it('serves what it stored until it is cleared', () => {
    const c = cache();
    c.set('/a', '{"a":1}', c.snapshot());
    expect(c.get('/a')).toBe('{"a":1}');
    c.clear();
    expect(c.get('/a')).toBeUndefined();
  });

  it('does not store a response read before an invalidation it raced with', () => {
    const c = cache();
    const generation = c.snapshot();
    c.clear(); // a write committed while the page was being read
    c.set('/a', 'old page', generation);
    expect(c.get('/a')).toBeUndefined();
  });

  it('is not used at all while invalidations are not being received', () => {
    const c = cache({ live: false });
    c.set('/a', 'page', c.snapshot());
    expect(c.get('/a')).toBeUndefined();
  });

  it('drops an entry older than its TTL', () => {
    let now = 0;
    const c = cache({ clock: { now: () => new Date(now) } });
    c.set('/a', 'page', c.snapshot());
    now = 999;
    expect(c.get('/a')).toBe('page');
    now = 1_000;
    expect(c.get('/a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const c = cache({ maxEntries: 2 });
    for (const key of ['/x', '/y', '/z']) c.set(key, key, c.snapshot());
    expect([c.get('/x'), c.get('/y'), c.get('/z')]).toEqual([undefined, '/y', '/z']);
  });

  it('keeps its bodies within maxChars, dropping the oldest, and never stores one larger than that', () => {
    const c = cache({ maxEntries: 10, maxChars: 10 });
    c.set('/a', 'aaaa', c.snapshot());
    c.set('/b', 'bbbb', c.snapshot());
    c.set('/c', 'cccc', c.snapshot()); // 12 > 10: /a goes
    expect([c.get('/a'), c.get('/b'), c.get('/c')]).toEqual([undefined, 'bbbb', 'cccc']);
    c.set('/b', 'bb', c.snapshot()); // replacing an entry frees its old size
    c.set('/d', 'dddd', c.snapshot());
    expect([c.get('/b'), c.get('/c'), c.get('/d')]).toEqual(['bb', 'cccc', 'dddd']);
    c.set('/huge', 'x'.repeat(11), c.snapshot());
    expect(c.get('/huge')).toBeUndefined();
    expect(c.get('/d')).toBe('dddd');
  });
});
