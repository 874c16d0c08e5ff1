// The write rate limit's hits, shared between concurrent requests (InFlightBatches): while one
// upsert is in flight, the hits of the requests that arrive meanwhile gather, and go out together
// in one upsert when it is answered. Under load a process thus sends about one per round trip
// instead of one per write, and an idle process sends each hit at once, as before (measured on W4:
// the upsert per write cost ~15 % of the orders a second, and sharing it gave back 5-6 %;
// docs/PERFORMANCE.md).
//
// Counts stay exact: a batch adds n to a counter and gets back its total t, and the batch's hits on
// that counter take t-n+1 … t in the order they arrived, which is what n upserts one after another
// would have returned. Rows are locked in one order in every upsert (AddBucketHits), so batches of
// different processes never deadlock.
import { CancelledError } from '../db/errors.ts';
import { InFlightBatches } from '../in-flight-batches.ts';
import { NEVER_ABORTED } from '../signals.ts';
import { bucketId, startOfWindow, windowEnd, type BucketHit, type BucketIncrement, type RateLimitBuckets } from './rate-limit.ts';

/** The hits a batch adds, by counter (bucketId). */
type Increments = Map<string, BucketIncrement>;

/** One more hit on `key`: its counter, and its place (1-based) among the batch's hits on it. */
function addHit(increments: Increments, key: string, windowStartMs: number): { id: string; place: number } {
  const id = bucketId(key, windowStartMs);
  const increment = increments.get(id);
  if (increment === undefined) increments.set(id, { key, windowStartMs, hits: 1 });
  else increment.hits += 1;
  return { id, place: increment?.hits ?? 1 };
}

export class SharedBucketHits {
  private readonly batches = new InFlightBatches<Increments, Map<string, number>>(
    () => new Map(),
    (increments) => this.send(increments),
  );

  constructor(private readonly buckets: RateLimitBuckets) {}

  /** RateLimitBuckets.hit, sharing its statement with the hits asked for meanwhile. */
  async hit(keys: readonly string[], signal: AbortSignal): Promise<BucketHit> {
    if (signal.aborted) throw new CancelledError(signal.reason);
    const now = this.buckets.nowMs();
    const windowStartMs = startOfWindow(now);
    const { batch, result } = this.batches.join();
    const joined = keys.map((key) => ({ key, ...addHit(batch, key, windowStartMs) }));
    const totals = await result;
    // The hits count even for a request that left meanwhile, as a finished upsert's would; it
    // just goes no further.
    if (signal.aborted) throw new CancelledError(signal.reason);
    const counts = new Map(
      joined.map(({ key, id, place }) => {
        const hitsInBatch = batch.get(id)?.hits ?? 0;
        return [key, (totals.get(id) ?? 0) - hitsInBatch + place];
      }),
    );
    return { counts, ...windowEnd(windowStartMs, now) };
  }

  /** Every counter's total once the batch's upsert is answered, by bucketId. */
  private send(batch: Increments): Promise<Map<string, number>> {
    // Not one request's signal: a client that leaves must not cancel the hits of the others.
    return this.buckets.add([...batch.values()], NEVER_ABORTED);
  }
}
