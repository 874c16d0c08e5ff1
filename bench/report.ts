// Summaries of the measured rounds: medians per server, the throughput ratio, a table for the
// terminal and the JSON record written to bench/results/.
import type { Measurement } from './load.ts';

export interface Round {
  round: number;
  baseline: Measurement;
  ledgerline: Measurement;
  /** Machine-wide idle CPU (%) just before each measurement: how quiet the shared machine was. */
  idle_before_pct: { baseline: number; ledgerline: number };
}

export interface Summary {
  baseline: Measurement;
  ledgerline: Measurement;
  /** Ledgerline's median requests/s over the baseline's. */
  ratio: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median of each field across rounds (errors and non-2xx are summed: any is worth seeing). */
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

export function summarise(rounds: readonly Round[]): Summary {
  const baseline = medianOf(rounds.map((r) => r.baseline));
  const ledgerline = medianOf(rounds.map((r) => r.ledgerline));
  return { baseline, ledgerline, ratio: Math.round((ledgerline.rps / baseline.rps) * 1000) / 1000 };
}

export function formatLine(name: string, m: Measurement): string {
  return [
    name.padEnd(12),
    m.rps.toFixed(1).padStart(10),
    m.p50_ms.toFixed(1).padStart(8),
    m.p99_ms.toFixed(1).padStart(8),
    String(m.errors + m.timeouts).padStart(7),
    String(m.non2xx).padStart(7),
  ].join(' ');
}

export const TABLE_HEADER = `${'server'.padEnd(12)} ${'req/s'.padStart(10)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(7)} ${'non2xx'.padStart(7)}`;

export function formatSummary(summary: Summary, rounds: number): string {
  return [
    `median of ${rounds} round(s); errors and non2xx are totals`,
    TABLE_HEADER,
    formatLine('baseline', summary.baseline),
    formatLine('ledgerline', summary.ledgerline),
    '',
    `ledgerline / baseline throughput: ${(summary.ratio * 100).toFixed(1)} %  (target ≥ 70 %)`,
  ].join('\n');
}
