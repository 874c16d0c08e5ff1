// Tables on stderr, checks with PASS/FAIL, and the JSON record of a run under var/bench/reliability/.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { machine, stamp } from '../machine.ts';
import { ROOT } from './database.ts';

export const say = (line = ''): void => void process.stderr.write(`${line}\n`);

export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}

export const check = (name: string, pass: boolean, detail: string): Check => ({ name, pass, detail });

export function printTable(title: string, rows: Record<string, unknown>[]): void {
  say(`\n${title}`);
  if (rows.length === 0) return say('  (none)');
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v));
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (values: string[]) => '  ' + values.map((v, i) => v.padEnd(widths[i]!)).join('  ').trimEnd();
  say(line(columns));
  say(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) say(line(columns.map((c) => cell(r[c]))));
}

export function printChecks(checks: Check[]): void {
  printTable(
    'checks',
    checks.map((c) => ({ check: c.name, result: c.pass ? 'PASS' : 'FAIL', detail: c.detail })),
  );
}

/** Writes the run's record; returns its path. */
export function writeResult(scenario: string, result: Record<string, unknown>): string {
  const dir = path.join(ROOT, 'var', 'bench', 'reliability');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${scenario}-${stamp()}.json`);
  writeFileSync(file, JSON.stringify({ scenario, date: new Date().toISOString(), command: `npm run bench:reliability -- ${process.argv.slice(2).join(' ')}`, machine: machine(), ...result }, null, 2) + '\n');
  return file;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The largest value (NaN for none); a loop, because Math.max(...values) overflows the stack on long runs. */
export function maxOf(values: Iterable<number>): number {
  let max = NaN;
  for (const v of values) if (!(v <= max)) max = v;
  return max;
}

/** Counts by a label: `{ '201': 480, '503 problem': 12, 'no response: ECONNRESET': 3 }`. */
export function tally<T>(items: readonly T[], label: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[label(item)] = (counts[label(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
