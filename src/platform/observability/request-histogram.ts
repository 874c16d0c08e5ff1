// A labelled Prometheus histogram for the per-request path. prom-client's Histogram validates and
// hashes the label object (sorting its keys) on every observe, even through a child; here a label
// set is looked up once by a string key the caller already has, and an observation is a bucket
// search and three additions. The registry renders it like any prom-client metric.
import type { Metric, Registry } from 'prom-client';

interface Series {
  labels: Record<string, string>;
  /** Per bucket (not cumulative) plus one for +Inf. */
  counts: number[];
  sum: number;
  count: number;
}

interface Sample {
  value: number;
  labels: Record<string, string | number>;
  metricName: string;
}

export class RequestHistogram {
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[],
    registry: Registry,
  ) {
    registry.registerMetric(this as unknown as Metric);
  }

  /** Adds `value` to the series `key` names; `labels()` is called only for a key not seen yet. */
  observe(key: string, labels: () => Record<string, string>, value: number): void {
    let s = this.series.get(key);
    if (s === undefined) {
      s = { labels: labels(), counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    let i = 0;
    while (i < this.buckets.length && value > this.buckets[i]!) i++;
    s.counts[i]! += 1;
    s.sum += value;
    s.count += 1;
  }

  /** prom-client's metric interface: cumulative `_bucket` samples with `le`, then `_sum` and `_count`. */
  get(): Promise<{ name: string; help: string; type: string; aggregator: string; values: Sample[] }> {
    const values: Sample[] = [];
    for (const s of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((le, i) => {
        cumulative += s.counts[i]!;
        values.push({ value: cumulative, labels: { le, ...s.labels }, metricName: `${this.name}_bucket` });
      });
      values.push({ value: s.count, labels: { le: '+Inf', ...s.labels }, metricName: `${this.name}_bucket` });
      values.push({ value: s.sum, labels: s.labels, metricName: `${this.name}_sum` });
      values.push({ value: s.count, labels: s.labels, metricName: `${this.name}_count` });
    }
    return Promise.resolve({ name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values });
  }

  reset(): void {
    this.series.clear();
  }
}
