// The benchmark's picture, drawn as SVG text from a run's JSON record (either kind: the local run's
// baseline/Ledgerline or the peer comparison's Ledgerline/Go/Django): for each of W1–W4 one row of
// two panels, throughput (req/s) and p99 (ms), a bar per system with its value on it. Each panel
// has its own linear axis from zero, so W1's ten thousand req/s does not flatten W4's six hundred,
// and no bar is exaggerated by a log scale or a cut axis.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What the plot reads from a results file; both record kinds have it. */
export interface PlotRecord {
  kind?: string;
  date: string;
  command: string;
  workloads: Record<string, { title?: string; median: Record<string, { rps: number; p99_ms: number }>; ratios?: Record<string, number> }>;
}

const SYSTEMS: Record<string, { label: string; color: string }> = {
  baseline: { label: 'baseline (bare Fastify + pg)', color: '#8b95a5' },
  ledgerline: { label: 'Ledgerline', color: '#2f6fdb' },
  go: { label: 'Go peer', color: '#0f9488' },
  django: { label: 'Django + DRF peer', color: '#d2691e' },
};
const OTHER_COLORS = ['#7c3aed', '#b91c1c', '#a16207'];

const WIDTH = 980;
const MARGIN = 24;
const PANEL_GAP = 36;
const PANEL_W = (WIDTH - 2 * MARGIN - PANEL_GAP) / 2;
const PANEL_H = 190;
const AXIS_W = 58;
const ROW_TITLE_H = 40;
const ROW_GAP = 26;
const HEADER_H = 96;
/** Characters of the 12 px monospace command line that fit across the picture. */
const COMMAND_CHARS = 125;
const COMMAND_LINE_H = 15;

export const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fixed = (x: number) => Math.round(x * 10) / 10;

/** A round axis maximum and step: 0 … max in 4–5 steps of 1, 2, 2.5 or 5 × 10ⁿ. */
export function niceAxis(max: number): { top: number; step: number } {
  if (!(max > 0)) return { top: 1, step: 0.25 };
  const raw = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!;
  return { top: Math.ceil(max / step - 1e-9) * step, step };
}

function formatValue(x: number, unit: 'rps' | 'ms'): string {
  if (unit === 'rps') return Math.round(x).toLocaleString('en-US');
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

function formatTick(x: number): string {
  return Number.isInteger(x) ? x.toLocaleString('en-US') : String(fixed(x));
}

function systemOrder(record: PlotRecord): string[] {
  const seen = new Set(Object.values(record.workloads).flatMap((w) => Object.keys(w.median)));
  const preferred = record.kind === 'peers' ? ['ledgerline', 'go', 'django'] : ['baseline', 'ledgerline'];
  return [...preferred.filter((s) => seen.has(s)), ...[...seen].filter((s) => !preferred.includes(s)).sort()];
}

function styleOf(system: string, order: string[]): { label: string; color: string } {
  return SYSTEMS[system] ?? { label: system, color: OTHER_COLORS[order.indexOf(system) % OTHER_COLORS.length]! };
}

function panel(x: number, y: number, heading: string, unit: 'rps' | 'ms', bars: { system: string; value: number }[], order: string[]): string {
  const out: string[] = [];
  const plotX = x + AXIS_W;
  const plotW = PANEL_W - AXIS_W;
  const plotY = y + 30;
  const plotH = PANEL_H - 30 - 24;
  const { top, step } = niceAxis(Math.max(...bars.map((b) => b.value), 0));
  const yOf = (v: number) => plotY + plotH - (v / top) * plotH;
  out.push(`<text x="${x}" y="${y + 12}" class="panel">${escapeXml(heading)}</text>`);
  for (let v = 0; v <= top + 1e-9; v += step) {
    const gy = fixed(yOf(v));
    out.push(`<line x1="${plotX}" y1="${gy}" x2="${plotX + plotW}" y2="${gy}" class="${v === 0 ? 'axis' : 'grid'}"/>`);
    out.push(`<text x="${plotX - 6}" y="${fixed(gy + 4)}" class="tick" text-anchor="end">${formatTick(v)}</text>`);
  }
  const slot = plotW / Math.max(bars.length, 1);
  const barW = Math.min(90, slot * 0.6);
  bars.forEach((bar, i) => {
    const bx = fixed(plotX + slot * i + (slot - barW) / 2);
    const by = fixed(yOf(bar.value));
    const style = styleOf(bar.system, order);
    const h = fixed(plotY + plotH - by);
    const cx = fixed(bx + barW / 2);
    out.push(`<rect x="${bx}" y="${by}" width="${fixed(barW)}" height="${h}" fill="${style.color}"><title>${escapeXml(`${style.label}: ${formatValue(bar.value, unit)}`)}</title></rect>`);
    // The value sits on top of the bar, or inside it when the bar reaches the top of the panel.
    const inside = h > 20 && by - plotY < 14;
    out.push(`<text x="${cx}" y="${fixed(inside ? by + 15 : by - 5)}" class="value${inside ? ' inside' : ''}" text-anchor="middle">${formatValue(bar.value, unit)}</text>`);
    out.push(`<text x="${cx}" y="${fixed(plotY + plotH + 16)}" class="tick" text-anchor="middle">${escapeXml(shortLabel(bar.system, order))}</text>`);
  });
  if (bars.length === 0) out.push(`<text x="${fixed(plotX + plotW / 2)}" y="${fixed(plotY + plotH / 2)}" class="tick" text-anchor="middle">not measured</text>`);
  return out.join('\n');
}

const shortLabel = (system: string, order: string[]) => styleOf(system, order).label.replace(/ \(.*\)$/, '');

/** "Ledgerline / Go peer: 61.2 % of the throughput"; above 2 as a factor ("11.2× the throughput"), as the peer table has it. */
function ratioNote(ratios: Record<string, number> | undefined, order: string[]): string {
  return Object.entries(ratios ?? {})
    .map(([pair, r]) => {
      const [a = pair, b = ''] = pair.split('/');
      return `${shortLabel(a, order)} / ${shortLabel(b, order)}: ${r < 2 ? `${(r * 100).toFixed(1)} % of` : `${r.toFixed(1)}×`} the throughput`;
    })
    .join(' · ');
}

/** The command over as many lines as it needs, broken between words. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

function readableDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The SVG document for `record`, or undefined when it holds none of W1–W4. */
export function renderPlot(record: PlotRecord): string | undefined {
  const workloads = ['W1', 'W2', 'W3', 'W4'].filter((w) => record.workloads[w] !== undefined);
  if (workloads.length === 0) return undefined;
  const order = systemOrder(record);
  const command = wrap(record.command, COMMAND_CHARS);
  const header = HEADER_H + (command.length - 1) * COMMAND_LINE_H;
  const height = header + workloads.length * (ROW_TITLE_H + PANEL_H + ROW_GAP) + MARGIN - ROW_GAP;
  const title = record.kind === 'peers' ? 'Ledgerline, Go and Django + DRF peers: W1–W4' : 'Ledgerline benchmark: W1–W4';
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    '<style>',
    '  .title { font-size: 19px; font-weight: bold; fill: #111827; }',
    '  .command { font-size: 12px; font-family: DejaVu Sans Mono, monospace; fill: #374151; }',
    '  .row { font-size: 15px; font-weight: bold; fill: #111827; }',
    '  .note { font-size: 12px; fill: #4b5563; }',
    '  .panel { font-size: 13px; fill: #1f2937; }',
    '  .tick { font-size: 11px; fill: #4b5563; }',
    '  .value { font-size: 12px; font-weight: bold; fill: #111827; }',
    '  .value.inside { fill: #ffffff; }',
    '  .legend { font-size: 13px; fill: #1f2937; }',
    '  .grid { stroke: #e5e7eb; stroke-width: 1; }',
    '  .axis { stroke: #6b7280; stroke-width: 1; }',
    '</style>',
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 10}" class="title">${escapeXml(`${title} — ${readableDate(record.date)}`)}</text>`,
    ...command.map((line, i) => `<text x="${MARGIN}" y="${MARGIN + 32 + i * COMMAND_LINE_H}" class="command">${escapeXml(line)}</text>`),
  ];
  const legendY = MARGIN + 48 + (command.length - 1) * COMMAND_LINE_H;
  let lx = MARGIN;
  for (const system of order) {
    const style = styleOf(system, order);
    out.push(`<rect x="${lx}" y="${legendY}" width="14" height="14" fill="${style.color}"/>`);
    out.push(`<text x="${lx + 20}" y="${legendY + 12}" class="legend">${escapeXml(style.label)}</text>`);
    lx += 20 + style.label.length * 7.5 + 28;
  }
  out.push(`<text x="${WIDTH - MARGIN}" y="${legendY + 12}" class="note" text-anchor="end">medians of the rounds; each panel has its own linear scale from 0</text>`);
  workloads.forEach((w, i) => {
    const entry = record.workloads[w]!;
    const y = header + i * (ROW_TITLE_H + PANEL_H + ROW_GAP);
    out.push(`<line x1="${MARGIN}" y1="${y - 8}" x2="${WIDTH - MARGIN}" y2="${y - 8}" class="grid"/>`);
    out.push(`<text x="${MARGIN}" y="${y + 12}" class="row">${escapeXml(entry.title ?? w)}</text>`);
    out.push(`<text x="${MARGIN}" y="${y + 29}" class="note">${escapeXml(ratioNote(entry.ratios, order))}</text>`);
    const bars = (key: 'rps' | 'p99_ms') => order.flatMap((s) => (entry.median[s] === undefined ? [] : [{ system: s, value: entry.median[s][key] }]));
    out.push(panel(MARGIN, y + ROW_TITLE_H, 'throughput, req/s (higher is better)', 'rps', bars('rps'), order));
    out.push(panel(MARGIN + PANEL_W + PANEL_GAP, y + ROW_TITLE_H, 'p99 latency, ms (lower is better)', 'ms', bars('p99_ms'), order));
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Where a results file's plot goes by default: next to it, same name. */
export const plotFileFor = (jsonFile: string) => jsonFile.replace(/\.json$/, '') + '.svg';

/** Writes the plot of `record` to each file; resolves to them, or to none when it has none of W1–W4. */
export function writePlot(record: PlotRecord, files: string[]): string[] {
  const svg = renderPlot(record);
  if (svg === undefined) return [];
  for (const file of files) {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, svg);
  }
  return files;
}
