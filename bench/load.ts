// Load generation with autocannon: keep-alive connections, each cycling through its own slice of a
// pre-built, random list of requests (built by requests.ts), so building requests costs the load
// generator nothing during the measurement.
import autocannon, { type Request } from 'autocannon';

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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * When autocannon stops it closes its connections with requests still in flight, and Ledgerline
 * cancels their statements with PostgreSQL cancel requests, which arrive asynchronously. One
 * that lands after its statement has finished cancels whatever that pooled connection runs next
 * (seen as 500s on the first requests after a run; reported, a platform/db matter). A pause lets
 * the stray cancels reach idle connections, where PostgreSQL ignores them, before the next load.
 */
export const CANCEL_SETTLE_MS = 1_000;

/** Told when the load starts and when it ends (before the settle pause), e.g. to sample RSS. */
export interface LoadWindow {
  start(): void;
  stop(): void;
}

export async function measure(
  port: number,
  requests: readonly Request[],
  connections: number,
  duration: number,
  window?: LoadWindow,
): Promise<Measurement> {
  let client = 0;
  window?.start();
  let result: Awaited<ReturnType<typeof autocannon>>;
  try {
    result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections,
      duration,
      // Each connection starts at its own offset, so they do not ask for the same rows in lockstep.
      setupClient: (c) => {
        const offset = Math.floor((client++ * requests.length) / connections) % requests.length;
        c.setRequests([...requests.slice(offset), ...requests.slice(0, offset)].map((r) => ({ ...r })));
      },
    });
  } finally {
    window?.stop();
  }
  await sleep(CANCEL_SETTLE_MS);
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
