// Load generation with autocannon: keep-alive connections, each cycling through its own slice of a
// pre-built, random list of requests (a random user's token and one of that user's invoices), so
// building requests costs the load generator nothing during the measurement.
import autocannon, { type Request } from 'autocannon';
import type { SeededUser } from './seed.ts';

export interface Measurement {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration_s: number;
}

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

/** W1: GET /api/v1/invoices/{id} of a random user's random invoice, with that user's token. */
export function invoiceRequests(users: readonly SeededUser[], count = 2048): Request[] {
  const next = random(20261121);
  const withInvoices = users.filter((u) => u.invoiceIds.length > 0);
  return Array.from({ length: count }, () => {
    const user = withInvoices[Math.floor(next() * withInvoices.length)]!;
    const id = user.invoiceIds[Math.floor(next() * user.invoiceIds.length)]!;
    return { method: 'GET', path: `/api/v1/invoices/${id}`, headers: { authorization: `Bearer ${user.token}` } };
  });
}

export async function measure(port: number, requests: readonly Request[], connections: number, duration: number): Promise<Measurement> {
  let client = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration,
    // Each connection starts at its own offset, so they do not ask for the same rows in lockstep.
    setupClient: (c) => {
      const offset = Math.floor((client++ * requests.length) / connections) % requests.length;
      c.setRequests([...requests.slice(offset), ...requests.slice(0, offset)].map((r) => ({ ...r })));
    },
  });
  return {
    rps: Math.round((result.requests.total / result.duration) * 10) / 10,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    duration_s: result.duration,
  };
}
