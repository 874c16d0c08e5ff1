// `soak`: --minutes of mixed load (reads, customers, balance orders whose confirmation e-mails a
// worker sends) at a fixed rate, open loop: requests are sent on schedule whether or not earlier
// ones have been answered. The rate is --rate, or 70% of a peak measured first (closed loop, 2 ×
// --loops connections, 10 s). Every 10 s the RSS of every process is sampled. Expected: no errors,
// and memory that stays bounded: in the last third of the run, RSS typically (median) sits no
// higher than the highest it reached in the first third after the warm-up — a leak climbs out of
// that envelope. V8's heap is a sawtooth (it grows for minutes, then compacts), so a straight-line
// slope or a lowest sample over ten minutes says more about where a compaction fell than about a
// leak; the slope is reported, not judged.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './database.ts';
import { credit, ledgerMismatches, seedActors, seedProduct } from './fixtures.ts';
import { HttpClient } from './http.ts';
import { outcomeLabel, perform, picker, startLoad, type LoadRecord, type Op } from './load.ts';
import { descendants, pssMiB, rssMiB, startWeb, startWorker } from './processes.ts';
import { check, maxOf, percentile, round1, tally } from './report.ts';
import type { Scenario } from './scenario.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MIX: Partial<Record<Op, number>> = { get_me: 3, list_customers: 3, create_customer: 2, create_order: 2 };
const SAMPLE_MS = 10_000;
/** Requests in flight beyond this are not sent (and counted): the server is not keeping up. */
const MAX_IN_FLIGHT = 512;
/** The highest sample of the first third and the median of the last third (NaN when too few). */
function envelope(values: number[]): { firstThirdMax: number; lastThirdMedian: number } {
  const third = Math.floor(values.length / 3);
  if (third === 0) return { firstThirdMax: NaN, lastThirdMedian: NaN };
  return { firstThirdMax: Math.max(...values.slice(0, third)), lastThirdMedian: percentile(values.slice(-third), 50) };
}

/** Least-squares slope of y over x. */
function slope(points: [x: number, y: number][]): number {
  const n = points.length;
  if (n < 2) return NaN;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? NaN : num / den;
}

export const soak: Scenario = async ({ db, options, say }) => {
  const web = await startWeb({ databaseUrl: db.url, webProcesses: options.webProcesses, pool: options.pool });
  const worker = startWorker(db.url, path.join(ROOT, 'var', 'bench-reliability', 'soak'));
  const http = new HttpClient(web.port, { maxSockets: MAX_IN_FLIGHT });
  try {
    await worker.started;
    const [staff] = await seedActors(db, 1, { staff: true, prefix: 'staff' });
    const users = await seedActors(db, 16, { prefix: 'soak' });
    const productId = await seedProduct(db, 1);
    for (const u of users) await credit(http, staff!, u.id, 1_000_000_000);

    let peak: number | undefined;
    let rate = options.rate;
    if (rate === undefined) {
      const burst = startLoad(http, { loops: options.loops * 2, users, productId, mix: MIX });
      await sleep(3_000);
      const from = burst.records.length;
      const t = http.now();
      await sleep(10_000);
      peak = (burst.records.length - from) / ((http.now() - t) / 1000);
      await burst.stop();
      rate = Math.max(1, Math.round(0.7 * peak));
      say(`peak ${Math.round(peak)} requests/s (closed loop, ${options.loops * 2} connections); soaking at ${rate}/s for ${options.minutes} min`);
      await sleep(2_000);
    } else say(`soaking at ${rate}/s for ${options.minutes} min`);

    const postmaster = Number(readFileSync(path.join(ROOT, 'var', 'bench-reliability', 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const webPids = web.webPids();
    // RSS of each Ledgerline process; PostgreSQL's as the sum of PSS (shared buffers shared out
    // among the backends that touched them: the sum of their RSS would count them once each).
    const watched: [label: string, pids: () => number[], measure: (pid: number) => number | undefined][] = [
      ['primary', () => [web.pid], rssMiB],
      ...webPids.map((p, i) => [`web ${i + 1}`, () => [p], rssMiB] as [string, () => number[], (pid: number) => number | undefined]),
      ['worker', () => [worker.pid], rssMiB],
      ['postgres (PSS, all processes)', () => [postmaster, ...descendants(postmaster)], pssMiB],
    ];
    const samples: { t_s: number; rss_mib: Record<string, number>; requests: number; errors: number; p50_ms: number; p99_ms: number }[] = [];

    const pick = picker(MIX);
    const outcomes: Record<string, number> = {};
    let issued = 0;
    let inFlight = 0;
    let skipped = 0;
    let errors = 0;
    let windowMs: number[] = [];
    const allMs: number[] = [];
    const errorSamples: LoadRecord[] = [];
    const start = http.now();
    const end = start + options.minutes * 60_000;
    let nextSample = start;
    const sample = (now: number) => {
      const rss = Object.fromEntries(watched.map(([label, pids, measure]) => [label, round1(pids().reduce((s, p) => s + (measure(p) ?? 0), 0))]));
      samples.push({ t_s: Math.round((now - start) / 1000), rss_mib: rss, requests: windowMs.length, errors, p50_ms: round1(percentile(windowMs, 50)), p99_ms: round1(percentile(windowMs, 99)) });
      windowMs = [];
    };
    while (http.now() < end) {
      const now = http.now();
      if (now >= nextSample) {
        sample(now);
        nextSample += SAMPLE_MS;
      }
      const due = Math.floor(((now - start) / 1000) * rate);
      for (; issued < due; issued++) {
        if (inFlight >= MAX_IN_FLIGHT) {
          skipped++;
          continue;
        }
        inFlight++;
        const user = users[issued % users.length]!;
        void perform(http, pick(), user, productId, issued).then((r) => {
          inFlight--;
          const label = outcomeLabel(r);
          outcomes[label] = (outcomes[label] ?? 0) + 1;
          const ms = r.settledAt - r.sentAt;
          windowMs.push(ms);
          allMs.push(ms);
          if (label !== '2xx') {
            errors++;
            if (errorSamples.length < 20) errorSamples.push(r);
          }
        });
      }
      await sleep(5);
    }
    while (inFlight > 0) await sleep(20);
    const elapsedS = (http.now() - start) / 1000;
    sample(http.now());

    const warmupS = Math.min(60, (options.minutes * 60) / 4);
    const rows = watched.map(([label]) => {
      const points = samples.filter((s) => s.t_s >= warmupS).map((s) => [s.t_s / 60, s.rss_mib[label]!] as [number, number]);
      const first = samples[0]?.rss_mib[label];
      const last = samples.at(-1)?.rss_mib[label];
      return {
        process: label,
        rss_start_mib: first,
        rss_end_mib: last,
        rss_max_mib: Math.max(...samples.map((s) => s.rss_mib[label]!)),
        slope_mib_per_min: Math.round(slope(points) * 100) / 100,
        ...((e) => ({ first_third_max_mib: round1(e.firstThirdMax), last_third_median_mib: round1(e.lastThirdMedian) }))(envelope(points.map(([, y]) => y))),
      };
    });
    const ledgerline = rows.filter((r) => !r.process.startsWith('postgres'));
    const mismatches = await ledgerMismatches(db, users.map((u) => u.id));
    return {
      tables: [
        {
          title: `soak: ${options.minutes} min at ${rate} requests/s${peak === undefined ? '' : ` (70% of a measured peak of ${Math.round(peak)}/s)`}`,
          rows: [
            { metric: 'requests sent / answered 2xx', value: `${issued - skipped} / ${outcomes['2xx'] ?? 0}` },
            { metric: 'achieved rate (requests/s)', value: round1((issued - skipped) / elapsedS) },
            { metric: 'errors (non-2xx or no answer)', value: errors },
            { metric: 'not sent (over MAX_IN_FLIGHT)', value: skipped },
            { metric: 'latency p50 / p99 / max (ms)', value: `${round1(percentile(allMs, 50))} / ${round1(percentile(allMs, 99))} / ${Math.round(maxOf(allMs))}` },
            { metric: 'outcomes', value: JSON.stringify(outcomes) },
          ],
        },
        { title: `memory in MiB (after ${warmupS} s of warm-up: least-squares slope; highest of the first third, median of the last third)`, rows },
        { title: 'samples every 10 s', rows: samples.map((s) => ({ t_s: s.t_s, requests: s.requests, p50_ms: s.p50_ms, p99_ms: s.p99_ms, errors_so_far: s.errors, ...s.rss_mib })) },
      ],
      checks: [
        check('no errors', errors === 0, errors === 0 ? 'none' : JSON.stringify(tally(errorSamples, outcomeLabel))),
        check('kept up with the rate', skipped === 0, `${skipped} requests not sent`),
        check(
          'bounded memory (Ledgerline processes: last third median ≤ first third highest)',
          ledgerline.every((r) => r.last_third_median_mib <= r.first_third_max_mib),
          ledgerline.map((r) => `${r.process} ${r.last_third_median_mib} ≤ ${r.first_third_max_mib}`).join(', '),
        ),
        check('web processes unchanged', web.webPids().join() === webPids.join(), `${webPids.join(',')} → ${web.webPids().join(',')}`),
        check('balances equal their ledgers', mismatches.length === 0, `${mismatches.length} mismatches`),
      ],
      data: { rate, peak, minutes: options.minutes, sent: issued - skipped, skipped, errors, outcomes, latency_ms: { p50: percentile(allMs, 50), p99: percentile(allMs, 99), max: maxOf(allMs) }, rss: rows, samples },
    };
  } finally {
    http.close();
    await Promise.all([web.stop(), worker.stop()]);
  }
};
