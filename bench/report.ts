// Summaries of measured rounds: medians per workload and system, throughput ratios, the tables
// printed on the terminal. Shared by the local run (autocannon) and the peer comparison (wrk).
import type { DbWaits } from './db-waits.ts';
import type { Measurement } from './load.ts';
import { rssStats, type RssSamples, type RssStats } from './rss.ts';

/** One round of one workload: each system measured once, in turn. */
export interface Round {
  round: number;
  results: Record<string, Measurement>;
  /** Machine-wide idle CPU (%) just before each measurement: how quiet the shared machine was. */
  idle_before_pct: Record<string, number>;
  /** Each system's process group's RSS over its measured seconds (warm-up excluded). */
  rss?: Record<string, RssSamples>;
  /** What each system's PostgreSQL backends were doing over its measured seconds (peer runs). */
  db_waits?: Record<string, DbWaits>;
}

export interface WorkloadSummary {
  /** Median of each field across rounds, per system (errors and non-2xx are summed). */
  median: Record<string, Measurement>;
  /** `a/b` → median rps of a over median rps of b, e.g. `ledgerline/baseline`. */
  ratios: Record<string, number>;
  /** RSS under load per system, over every round's measured seconds. */
  rss: Record<string, RssStats>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function medianOf(ms: readonly Measurement[]): Measurement {
  const m = (k: keyof Measurement) => median(ms.map((x) => x[k]));
  const sum = (k: keyof Measurement) => ms.reduce((acc, x) => acc + x[k], 0);
  return {
    rps: m('rps'),
    p50_ms: m('p50_ms'),
    p99_ms: m('p99_ms'),
    requests: sum('requests'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    non2xx: sum('non2xx'),
    duration_s: sum('duration_s'),
  };
}

/** Medians per system, and `subject`'s throughput over each other system's. */
export function summarise(rounds: readonly Round[], subject = 'ledgerline'): WorkloadSummary {
  const systems = [...new Set(rounds.flatMap((r) => Object.keys(r.results)))];
  const medianBySystem = Object.fromEntries(
    systems.map((s) => [s, medianOf(rounds.flatMap((r) => (r.results[s] === undefined ? [] : [r.results[s]])))]),
  );
  const ratios: Record<string, number> = {};
  const mine = medianBySystem[subject];
  for (const other of systems) {
    if (other === subject || mine === undefined) continue;
    ratios[`${subject}/${other}`] = Math.round((mine.rps / medianBySystem[other]!.rps) * 1000) / 1000;
  }
  const rss: Record<string, RssStats> = {};
  for (const s of systems) {
    const stats = rssStats(rounds.flatMap((r) => (r.rss?.[s] === undefined ? [] : [r.rss[s]])));
    if (stats !== undefined) rss[s] = stats;
  }
  return { median: medianBySystem, ratios, rss };
}

export function formatLine(name: string, m: Measurement, rss?: RssStats): string {
  return [
    name.padEnd(12),
    m.rps.toFixed(1).padStart(10),
    m.p50_ms.toFixed(1).padStart(8),
    m.p99_ms.toFixed(1).padStart(8),
    String(m.errors + m.timeouts).padStart(7),
    String(m.non2xx).padStart(7),
    (rss === undefined ? '—' : rss.median_mib.toFixed(1)).padStart(9),
    (rss === undefined ? '—' : rss.max_mib.toFixed(1)).padStart(9),
  ].join(' ');
}

export const TABLE_HEADER = [
  'server'.padEnd(12),
  'req/s'.padStart(10),
  'p50 ms'.padStart(8),
  'p99 ms'.padStart(8),
  'errors'.padStart(7),
  'non2xx'.padStart(7),
  'RSS med'.padStart(9),
  'RSS max'.padStart(9),
].join(' ');

/** One workload's table: a line per system, then the ratios. */
export function formatSummary(title: string, summary: WorkloadSummary, rounds: number): string {
  const ratios = Object.entries(summary.ratios).map(([pair, r]) => `  ${pair} throughput: ${(r * 100).toFixed(1)} %`);
  return [
    `${title} — median of ${rounds} round(s); errors and non2xx are totals; RSS in MiB of the process group under load`,
    TABLE_HEADER,
    ...Object.entries(summary.median).map(([system, m]) => formatLine(system, m, summary.rss[system])),
    ...ratios,
  ].join('\n');
}
