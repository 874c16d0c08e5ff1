// Redraws the plot of a saved run: `npx tsx bench/plot.ts bench/results/<stamp>.json [out.svg]`.
// Works for both kinds of record (`npm run bench` and `npm run bench -- --peers`); without out.svg
// the plot goes next to the JSON, as the run itself writes it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { plotFileFor, writePlot, type PlotRecord } from './plot-svg.ts';

/** Results files of the first single-workload runs had `workload` and `median` at the top. */
interface EarlyRecord {
  /** The workload's title, "W1 GET …". */
  workload?: string;
  /** Per system, and the ratio as a number beside them. */
  median?: Record<string, { rps: number; p99_ms: number } | number>;
}

function readRecord(file: string): PlotRecord {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as PlotRecord & EarlyRecord;
  if (raw.workloads !== undefined) return raw;
  if (raw.workload === undefined || raw.median === undefined) return { ...raw, workloads: {} };
  const median = Object.fromEntries(Object.entries(raw.median).filter((e): e is [string, { rps: number; p99_ms: number }] => typeof e[1] === 'object'));
  return { ...raw, workloads: { [raw.workload.split(' ')[0]!]: { title: raw.workload, median } } };
}

const [input, output] = process.argv.slice(2);
if (input === undefined) {
  process.stderr.write('usage: npx tsx bench/plot.ts <results.json> [out.svg]\n');
  process.exitCode = 2;
} else {
  const record = readRecord(input);
  const files = writePlot(record, [output ?? plotFileFor(input)]);
  if (files.length === 0) {
    process.stderr.write(`${input} holds none of W1–W4: nothing to plot\n`);
    process.exitCode = 1;
  }
  for (const file of files) process.stderr.write(`written ${path.relative(process.cwd(), file)}\n`);
}
