// `restarts`: PostgreSQL restarted (fast shutdown, down for --down-ms, start) --restarts times under
// steady mixed load on `ledgerline web`, which is never restarted. Expected: every 2xx write is in
// the database afterwards; every other request got an HTTP answer, a 503 problem with Retry-After,
// and got it fast; every load loop (so every web process) sees a 2xx within 10 s of each start.
import { credit, ledgerMismatches, seedActors, seedProduct } from './fixtures.ts';
import { HttpClient } from './http.ts';
import { lostWrites, outcomeLabel, startLoad, type LoadRecord } from './load.ts';
import { startWeb } from './processes.ts';
import { check, maxOf, percentile, round1, tally } from './report.ts';
import type { Scenario } from './scenario.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ok = (r: LoadRecord) => r.status >= 200 && r.status < 300;
const RECOVERY_LIMIT_MS = 10_000;

export const restarts: Scenario = async ({ db, options, say }) => {
  const web = await startWeb({ databaseUrl: db.url, webProcesses: options.webProcesses, pool: options.pool });
  const http = new HttpClient(web.port, { maxSockets: options.loops });
  try {
    const pidsBefore = web.webPids();
    const [staff] = await seedActors(db, 1, { staff: true, prefix: 'staff' });
    const users = await seedActors(db, 8, { prefix: 'loader' });
    const productId = await seedProduct(db, 1);
    for (const u of users) await credit(http, staff!, u.id, 100_000_000);
    const load = startLoad(http, { loops: options.loops, users, productId, mix: { get_me: 3, list_customers: 2, create_customer: 3, create_order: 2 } });
    await sleep(3_000);

    const rows: Record<string, unknown>[] = [];
    const windows: { from: number; to: number }[] = [];
    for (let i = 1; i <= options.restarts; i++) {
      const stopAt = http.now();
      await db.server.stop();
      const downAt = http.now();
      await sleep(options.downMs);
      await db.server.restart();
      const upAt = http.now();
      // The first 2xx of every loop among the requests sent after the server is back.
      const from = load.records.length;
      const firstOk = new Map<number, number>();
      while (firstOk.size < options.loops && http.now() - upAt < 30_000) {
        await sleep(50);
        for (let k = from; k < load.records.length; k++) {
          const r = load.records[k]!;
          if (ok(r) && r.sentAt >= upAt && !firstOk.has(r.loop)) firstOk.set(r.loop, r.settledAt);
        }
      }
      const recoveredAt = firstOk.size === options.loops ? Math.max(...firstOk.values()) : Infinity;
      windows.push({ from: stopAt, to: recoveredAt });
      // In flight when the server stopped, or sent before every loop was served again.
      const failed = load.records.filter((r) => !ok(r) && r.settledAt >= stopAt && r.sentAt <= recoveredAt);
      const failMs = failed.map((r) => r.settledAt - r.sentAt);
      rows.push({
        restart: i,
        stop_ms: Math.round(downAt - stopAt),
        start_ms: Math.round(upAt - downAt - options.downMs),
        first_2xx_ms: firstOk.size > 0 ? Math.round(Math.min(...firstOk.values()) - upAt) : 'never',
        every_loop_2xx_ms: Number.isFinite(recoveredAt) ? Math.round(recoveredAt - upAt) : 'never',
        failed: failed.length,
        failed_as: JSON.stringify(tally(failed, outcomeLabel)),
        fail_p50_ms: failed.length ? round1(percentile(failMs, 50)) : '',
        fail_max_ms: failed.length ? Math.round(maxOf(failMs)) : '',
      });
      say(`restart ${i}: every loop back ${Number.isFinite(recoveredAt) ? `${Math.round(recoveredAt - upAt)} ms` : 'NEVER'} after PostgreSQL accepted connections; ${failed.length} failed requests`);
      await sleep(options.steadySeconds * 1000);
    }
    await load.stop();

    const records = load.records;
    const failures = records.filter((r) => !ok(r));
    const noResponse = failures.filter((r) => r.status === 0);
    const notProblem = failures.filter((r) => r.status !== 0 && !r.problem);
    const not503 = failures.filter((r) => r.status !== 0 && (r.status !== 503 || r.retryAfter === undefined));
    const outside = failures.filter((r) => !windows.some((w) => r.settledAt >= w.from && r.sentAt <= w.to));
    const failMs = failures.map((r) => r.settledAt - r.sentAt);
    const { acknowledged, lost } = await lostWrites(db, records);
    const mismatches = await ledgerMismatches(db, users.map((u) => u.id));
    const recoveries = rows.map((r) => r['every_loop_2xx_ms']);
    const pidsAfter = web.webPids();
    return {
      tables: [
        { title: `PostgreSQL restarts under load (${options.loops} loops, ${options.webProcesses} web processes, down ${options.downMs} ms each)`, rows },
        {
          title: 'totals',
          rows: [
            { metric: 'requests', value: records.length },
            { metric: 'outcomes', value: JSON.stringify(tally(records, outcomeLabel)) },
            { metric: 'acknowledged writes / lost', value: `${acknowledged} / ${lost.length}` },
            { metric: 'failed requests: answer time p50 / p99 / max (ms)', value: failures.length ? `${round1(percentile(failMs, 50))} / ${round1(percentile(failMs, 99))} / ${Math.round(maxOf(failMs))}` : '-' },
            { metric: 'web processes before / after', value: `${pidsBefore.join(',')} / ${pidsAfter.join(',')}` },
          ],
        },
      ],
      checks: [
        check('every acknowledged write is durable', lost.length === 0, `${acknowledged} acknowledged, ${lost.length} missing`),
        check('every request got an HTTP response', noResponse.length === 0, JSON.stringify(tally(noResponse, outcomeLabel))),
        check('every failure is a problem+json response', notProblem.length === 0, `${notProblem.length} not problem+json`),
        check('every failure is a 503 with Retry-After', not503.length === 0, JSON.stringify(tally(not503, outcomeLabel))),
        check('failures only around restarts', outside.length === 0, `${outside.length} outside the restart windows`),
        check('failures answered fast (p99 < 1 s)', failures.length === 0 || percentile(failMs, 99) < 1_000, `p99 ${round1(percentile(failMs, 99))} ms`),
        check('recovered within 10 s of every restart', recoveries.every((r) => typeof r === 'number' && r < RECOVERY_LIMIT_MS), `max ${Math.max(...recoveries.map((r) => (typeof r === 'number' ? r : Infinity)))} ms`),
        check('no web process restarted', pidsBefore.join() === pidsAfter.join() && web.child.exitCode === null, `${pidsBefore.join(',')} → ${pidsAfter.join(',')}`),
        check('balances equal their ledgers', mismatches.length === 0, `${mismatches.length} mismatches`),
      ],
      data: {
        restarts: rows,
        requests: records.length,
        outcomes: tally(records, outcomeLabel),
        acknowledged_writes: acknowledged,
        lost_writes: lost.length,
        failed_latency_ms: { p50: percentile(failMs, 50), p99: percentile(failMs, 99), max: failMs.length ? maxOf(failMs) : null },
        failures_outside_windows: outside.slice(0, 50).map((r) => ({
          op: r.op,
          status: r.status,
          body: r.body,
          sent_ms: Math.round(r.sentAt),
          settled_ms: Math.round(r.settledAt),
        })),
      },
    };
  } finally {
    http.close();
    await web.stop();
  }
};
