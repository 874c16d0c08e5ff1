// Shared write-limit hits: concurrent requests of a process share one upsert, and every request
// still sees the count it would have seen had the upserts run one after another.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import type { Clock } from '../clock.ts';
import { Database } from '../db/db.ts';
import { CancelledError } from '../db/errors.ts';
import { sleep } from '../jobs/jobs.fixtures.ts';
import { RateLimitBuckets } from './rate-limit.ts';
import { SharedBucketHits } from './shared-bucket-hits.ts';

const signal = new AbortController().signal;

describe('SharedBucketHits', () => {
  let database: TestDatabase;
  let db: Database;
  let statements = 0;
  let now = 0;
  const clock: Clock = { now: () => new Date(now) };

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Database({ connectionString: database.url, poolSize: 6, applicationName: 'test-shared-hits', onStatement: () => statements++ });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });
  beforeEach(async () => {
    await db.query('DELETE FROM rate_limit_buckets', [], signal);
    const start = Date.now();
    now = start - (start % 60_000) + 15_000; // 45 s left in the minute
  });

  const stored = async () =>
    Object.fromEntries((await db.query<{ key: string; count: number }>('SELECT key, count FROM rate_limit_buckets ORDER BY key', [], signal)).map((r) => [r.key, r.count]));

  it('counts hits asked for together in one statement, each seeing its own count in the order asked', async () => {
    const hits = new SharedBucketHits(new RateLimitBuckets({ db, clock }));
    const before = statements;
    const seen = await Promise.all([
      hits.hit(['user:1', 'addr:a'], signal),
      hits.hit(['user:2', 'addr:a'], signal),
      hits.hit(['user:1', 'addr:a'], signal),
    ]);
    expect(statements - before).toBe(1);
    expect(seen.map((s) => Object.fromEntries(s.counts))).toEqual([
      { 'user:1': 1, 'addr:a': 1 },
      { 'user:2': 1, 'addr:a': 2 },
      { 'user:1': 2, 'addr:a': 3 },
    ]);
    expect(seen[0]?.resetsInMs).toBe(45_000);
    expect(await stored()).toEqual({ 'addr:a': 3, 'user:1': 2, 'user:2': 1 });
  });

  it('sends the hits asked for while one is in flight together in the next statement', async () => {
    const hits = new SharedBucketHits(new RateLimitBuckets({ db, clock }));
    const before = statements;
    const first = hits.hit(['user:1'], signal);
    await sleep(0); // the first statement is on its way
    const later = [hits.hit(['user:1'], signal), hits.hit(['user:1'], signal), hits.hit(['user:3'], signal)];
    const counts = (await Promise.all([first, ...later])).map((s) => Object.fromEntries(s.counts));
    expect(statements - before).toBe(2);
    expect(counts).toEqual([{ 'user:1': 1 }, { 'user:1': 2 }, { 'user:1': 3 }, { 'user:3': 1 }]);
  });

  it('counts a hit in the minute it was asked in, even when its batch goes out in the next one', async () => {
    const hits = new SharedBucketHits(new RateLimitBuckets({ db, clock }));
    const early = hits.hit(['user:1'], signal);
    now += 60_000;
    const late = hits.hit(['user:1'], signal);
    const [a, b] = await Promise.all([early, late]);
    expect([a.counts.get('user:1'), b.counts.get('user:1')]).toEqual([1, 1]);
    expect(b.windowEndsAt.getTime() - a.windowEndsAt.getTime()).toBe(60_000);
    expect((await db.query('SELECT count(*)::int AS n FROM rate_limit_buckets', [], signal))[0]).toEqual({ n: 2 });
  });

  it('keeps counts exact, and never deadlocks, with several processes hitting the same counters', async () => {
    // Three "processes", each with its own batcher; their batches hold the same rows in different
    // orders of arrival.
    const processes = [1, 2, 3].map(() => new SharedBucketHits(new RateLimitBuckets({ db, clock })));
    const keySets = [
      ['user:1', 'addr:a'],
      ['addr:a', 'user:2'],
      ['user:2', 'user:1', 'addr:b'],
    ];
    const results = await Promise.all(
      Array.from({ length: 90 }, (_, i) => {
        const keys = keySets[i % 3] ?? [];
        return (processes[i % 3] as SharedBucketHits).hit(keys, signal).then((hit) => keys.map((k) => [k, hit.counts.get(k)] as const));
      }),
    );
    const seenPerKey = new Map<string, number[]>();
    for (const [key, count] of results.flat()) seenPerKey.set(key, [...(seenPerKey.get(key) ?? []), count ?? 0]);
    const expectedTotals = { 'addr:a': 60, 'addr:b': 30, 'user:1': 60, 'user:2': 60 };
    expect(await stored()).toEqual(expectedTotals);
    // Every hit saw a different count, as if the upserts had taken turns.
    for (const [key, total] of Object.entries(expectedTotals)) {
      expect([...(seenPerKey.get(key) ?? [])].sort((x, y) => x - y)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    }
  });

  it('fails every hit of a batch that failed, and counts the next batch as usual', async () => {
    const hits = new SharedBucketHits(new RateLimitBuckets({ db, clock }));
    // The table's CHECK refuses a key over 200 characters: the statement, so the batch, fails.
    const failed = await Promise.allSettled([hits.hit(['user:1'], signal), hits.hit(['x'.repeat(201)], signal)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await hits.hit(['user:1'], signal)).toMatchObject({ counts: new Map([['user:1', 1]]) });
  });

  it('refuses a hit for a request already gone, and stops one that leaves while its batch is out', async () => {
    const hits = new SharedBucketHits(new RateLimitBuckets({ db, clock }));
    await expect(hits.hit(['user:1'], AbortSignal.abort())).rejects.toBeInstanceOf(CancelledError);
    expect(await stored()).toEqual({});
    const leaving = new AbortController();
    const gone = hits.hit(['user:1'], leaving.signal);
    const staying = hits.hit(['user:1'], signal);
    leaving.abort();
    await expect(gone).rejects.toBeInstanceOf(CancelledError);
    // Its hit was sent with the other and counts, as a finished upsert's would.
    expect((await staying).counts.get('user:1')).toBe(2);
    expect(await stored()).toEqual({ 'user:1': 2 });
  });
});
