import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestHistogram } from './request-histogram.ts';

describe('RequestHistogram', () => {
  it('renders the same exposition text as prom-client’s Histogram for the same observations', async () => {
    const buckets = [0.005, 0.01, 0.1, 1];
    const observations: [method: string, status: number, value: number][] = [
      ['GET', 200, 0.001],
      ['GET', 200, 0.005],
      ['GET', 200, 0.02],
      ['POST', 201, 3],
      ['GET', 404, 0.5],
      ['GET', 200, 0.1],
    ];

    const ours = new Registry();
    const fast = new RequestHistogram('req_seconds', 'Request durations.', buckets, ours);
    const reference = new Registry();
    const histogram = new Histogram({ name: 'req_seconds', help: 'Request durations.', labelNames: ['method', 'status'], buckets, registers: [reference] });
    for (const [method, status, value] of observations) {
      fast.observe(`${method} ${status}`, () => ({ method, status: String(status) }), value);
      histogram.observe({ method, status: String(status) }, value);
    }

    const text = await ours.metrics();
    expect(text).toBe(await reference.metrics());
    expect(text).toContain('req_seconds_bucket{le="0.005",method="GET",status="200"} 2');
    expect(text).toContain('req_seconds_bucket{le="+Inf",method="GET",status="200"} 4');
    expect(text).toContain('req_seconds_count{method="POST",status="201"} 1');
  });

  it('forgets its series on reset', async () => {
    const registry = new Registry();
    const h = new RequestHistogram('n', 'N.', [1], registry);
    h.observe('a', () => ({ route: 'a' }), 1);
    h.reset();
    expect(await registry.metrics()).not.toContain('n_count');
  });
});
