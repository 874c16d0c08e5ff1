// The request mix of each workload, built once before any measurement: a deterministic
// pseudo-random list (the same in every run), which autocannon's connections cycle through.
import type { Request } from 'autocannon';
import type { WorkloadId } from './options.ts';
import type { SeededData, SeededUser } from './seed.ts';

const REQUESTS = 2048;

/** A deterministic pseudo-random sequence (mulberry32), so every run sends the same mix. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const bearer = (user: SeededUser) => ({ authorization: `Bearer ${user.token}` });

type Builder = (data: SeededData, next: () => number) => Request;

const pick = <T>(list: readonly T[], next: () => number): T => list[Math.floor(next() * list.length)]!;

const BUILDERS: Record<WorkloadId, Builder> = {
  // A random user's own invoice, with that user's token.
  W1: (data, next) => {
    const user = pick(
      data.users.filter((u) => u.invoiceIds.length > 0),
      next,
    );
    return { method: 'GET', path: `/api/v1/invoices/${pick(user.invoiceIds, next)}`, headers: bearer(user) };
  },
  // The first page of a random user's orders (a full 50 when ordersPerUser ≥ 50).
  W2: (data, next) => ({ method: 'GET', path: '/api/v1/orders?limit=50', headers: bearer(pick(data.users, next)) }),
  // The public catalog's first page, no credentials.
  W3: () => ({ method: 'GET', path: '/api/v1/products?limit=50' }),
  // A balance order of 1–3 random lines of qty 1–3 by a random (generously funded) user. A
  // product may repeat within an order, as in the peers' harness; the service merges such lines.
  W4: (data, next) => {
    const lines = Array.from({ length: 1 + Math.floor(next() * 3) }, () => ({ product_id: pick(data.productIds, next), qty: 1 + Math.floor(next() * 3) }));
    return {
      method: 'POST',
      path: '/api/v1/orders',
      headers: { ...bearer(pick(data.users, next)), 'content-type': 'application/json' },
      body: JSON.stringify({ items: lines, payment_method: 'balance' }),
    };
  },
};

export function requestsFor(workload: WorkloadId, data: SeededData, count = REQUESTS): Request[] {
  const next = random(20261121);
  const build = BUILDERS[workload];
  return Array.from({ length: count }, () => build(data, next));
}
