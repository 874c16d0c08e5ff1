// A flame graph of one V8 .cpuprofile (from `npm run bench -- --cpu-prof`), drawn as SVG text in
// the style of plot-svg.ts: no dependencies, no script, a <title> tooltip on every frame. The root
// is at the bottom, each frame's callees sit on top of it, and a frame's width is its sampled time
// including its callees. Idle samples are left out, so the widths add up to the busy time.
//
//   npx tsx bench/flamegraph.ts <file.cpuprofile> [out.svg] [--title T]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { escapeXml } from './plot-svg.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
/** The parts of a V8 .cpuprofile the graph reads; timeDeltas are in microseconds. */
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export type Area = 'ours' | 'dependency' | 'node' | 'native';

const AREAS: Record<Area, { label: string; hue: number; saturation: number }> = {
  ours: { label: 'our code', hue: 215, saturation: 70 },
  dependency: { label: 'dependencies', hue: 28, saturation: 85 },
  node: { label: 'Node internals', hue: 110, saturation: 45 },
  native: { label: 'native, GC, generated code', hue: 0, saturation: 0 },
};

interface Frame {
  name: string;
  location: string;
  area: Area;
  /** Microseconds sampled in this frame itself, and with everything it called. */
  self: number;
  total: number;
  children: Map<string, Frame>;
}

export interface FlameGraphOptions {
  /** Shown in the title line; a file name, never an absolute path. */
  title: string;
  /** Frames narrower than this share of the busy time are left out (with their callees). */
  minFraction?: number;
  width?: number;
}

const WIDTH = 1200;
const MARGIN = 16;
const FRAME_H = 16;
const HEADER_H = 78;
/** Width of one character of the 11 px monospace frame labels. */
const CHAR_W = 6.7;

const fixed = (x: number) => Math.round(x * 100) / 100;
const ms = (us: number) => `${(us / 1000).toFixed(1)} ms`;

/** Absolute paths a function name or title may carry become their last segment. */
export function scrubPaths(text: string): string {
  return text
    .replace(/file:\/\/[^\s'"()]+/g, (m) => path.posix.basename(m))
    .replace(/(?<![\w.])\/(?:home|work|root|Users|tmp|var|opt|usr|mnt|srv|private|data)(?:\/[^\s'"()/]+)+/g, (m) => path.posix.basename(m));
}

/** Where a frame's code lives, without machine paths: `src/…`, a package, `node:…`, or V8 itself. */
export function locate(url: string, lineNumber: number, functionName: string): { area: Area; location: string } {
  const at = lineNumber >= 0 ? `:${lineNumber + 1}` : '';
  if (url === '') return { area: 'native', location: functionName.startsWith('(') ? 'V8' : 'native or generated code' };
  if (url.startsWith('node:')) return { area: 'node', location: `${url}${at}` };
  if (url.startsWith('wasm://')) return { area: 'native', location: 'WebAssembly' };
  const file = url.replace(/^file:\/\//, '');
  // The last node_modules: a nested dependency is named, not the package that pulled it in.
  const pkg = /.*node_modules\/((?:@[^/]+\/)?[^/]+)(\/.*)?$/.exec(file);
  if (pkg) return { area: 'dependency', location: `${pkg[1]}${pkg[2] ?? ''}${at}` };
  const ours = /(?:^|\/)((?:src|dist|bench|test|scripts|bin)\/.+)$/.exec(file);
  return { area: 'ours', location: `${ours ? ours[1] : path.posix.basename(file)}${at}` };
}

/** The profile's call tree with identical call paths merged and sampled time added up. */
function mergedTree(profile: CpuProfile): { root: Frame; sampled: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let sampled = 0;
  profile.samples.forEach((id, i) => {
    // Attributed as profile-summary.ts does, so the two agree; V8 writes the odd negative delta.
    const t = Math.max(0, profile.timeDeltas[i] ?? 0);
    sampled += t;
    if (byId.get(id)?.callFrame.functionName === '(idle)') return;
    self.set(id, (self.get(id) ?? 0) + t);
  });
  const childIds = new Set(profile.nodes.flatMap((n) => n.children ?? []));
  const v8Root = profile.nodes.find((n) => !childIds.has(n.id));
  const root: Frame = { name: 'all', location: 'busy time', area: 'native', self: 0, total: 0, children: new Map() };
  // Iterative, because a deep recursion in the profiled program must not overflow this one.
  const stack: [ProfileNode, Frame][] = (v8Root?.children ?? []).flatMap((id) => (byId.has(id) ? [[byId.get(id)!, root] as [ProfileNode, Frame]] : []));
  const order: Frame[] = [root];
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    const name = scrubPaths(functionName || '(anonymous)');
    const { area, location } = locate(url, lineNumber, functionName);
    const key = `${name}\u0000${location}`;
    let frame = parent.children.get(key);
    if (frame === undefined) {
      frame = { name, location, area, self: 0, total: 0, children: new Map() };
      parent.children.set(key, frame);
      order.push(frame);
    }
    frame.self += self.get(node.id) ?? 0;
    for (const id of node.children ?? []) if (byId.has(id)) stack.push([byId.get(id)!, frame]);
  }
  if (v8Root !== undefined) root.self = self.get(v8Root.id) ?? 0;
  // Parents were pushed before their children, so the reverse order sums callees first.
  for (const frame of order.reverse()) frame.total = frame.self + [...frame.children.values()].reduce((a, c) => a + c.total, 0);
  return { root, sampled };
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 0xffffffff;
}

/** A shade of the area's colour that varies by function, so neighbouring frames stay apart. */
function colourOf(area: Area, name: string): string {
  const { hue, saturation } = AREAS[area];
  const v = hash(name);
  return hslToHex(hue + (v - 0.5) * 16, saturation, 62 + v * 14);
}

function hslToHex(h: number, s: number, l: number): string {
  const a = (s / 100) * Math.min(l / 100, 1 - l / 100);
  const channel = (n: number) => {
    const k = (n + h / 30) % 12;
    const c = l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255).toString(16).padStart(2, '0');
  };
  return `#${channel(0)}${channel(8)}${channel(4)}`;
}

interface Placed {
  frame: Frame;
  x: number;
  width: number;
  depth: number;
}

/** Frames wide enough to draw, heaviest callee first so the dropped ones leave no gaps. */
function place(root: Frame, plotW: number, minTotal: number): Placed[] {
  const placed: Placed[] = [];
  const stack: Placed[] = [{ frame: root, x: MARGIN, width: plotW, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    placed.push(item);
    let x = item.x;
    const children = [...item.frame.children.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name));
    for (const child of children) {
      if (child.total < minTotal || child.total <= 0) break;
      const width = (child.total / root.total) * plotW;
      stack.push({ frame: child, x, width, depth: item.depth + 1 });
      x += width;
    }
  }
  return placed;
}

function selfByArea(root: Frame): Map<Area, number> {
  const sums = new Map<Area, number>();
  const stack = [root];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    sums.set(frame.area, (sums.get(frame.area) ?? 0) + frame.self);
    stack.push(...frame.children.values());
  }
  return sums;
}

/** The SVG document of `profile`'s flame graph. */
export function renderFlameGraph(profile: CpuProfile, options: FlameGraphOptions): string {
  const width = options.width ?? WIDTH;
  const plotW = width - 2 * MARGIN;
  const minFraction = options.minFraction ?? 0.001;
  const { root, sampled } = mergedTree(profile);
  const busy = root.total;
  const placed = busy > 0 ? place(root, plotW, busy * minFraction) : [];
  const depth = Math.max(0, ...placed.map((p) => p.depth));
  const height = HEADER_H + (busy > 0 ? (depth + 1) * FRAME_H : 30) + MARGIN;
  const bottom = height - MARGIN;
  const pct = (t: number) => `${((t / busy) * 100).toFixed(2)} %`;
  const title = `${scrubPaths(options.title)} — busy ${ms(busy)} of ${ms(sampled)} sampled`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif">`,
    '<style>',
    '  .title { font-size: 17px; font-weight: bold; fill: #111827; }',
    '  .note { font-size: 12px; fill: #4b5563; }',
    '  .legend { font-size: 12px; fill: #1f2937; }',
    '  .f { stroke: #ffffff; stroke-width: 0.5; }',
    '  .f:hover { stroke: #111827; stroke-width: 1; }',
    '  .l { font-size: 11px; font-family: DejaVu Sans Mono, monospace; fill: #111827; pointer-events: none; }',
    '</style>',
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 12}" class="title">${escapeXml(title)}</text>`,
    `<text x="${MARGIN}" y="${MARGIN + 30}" class="note">${escapeXml(
      `width: CPU time of a function and its callees; callers below callees; frames under ${(minFraction * 100).toFixed(1)} % left out; hover for details`,
    )}</text>`,
  ];
  const areaSelf = selfByArea(root);
  let lx = MARGIN;
  for (const [area, { label }] of Object.entries(AREAS) as [Area, (typeof AREAS)[Area]][]) {
    const text = busy > 0 ? `${label} ${((100 * (areaSelf.get(area) ?? 0)) / busy).toFixed(1)} % self` : label;
    out.push(`<rect x="${lx}" y="${MARGIN + 40}" width="12" height="12" fill="${colourOf(area, '')}"/>`);
    out.push(`<text x="${lx + 17}" y="${MARGIN + 50}" class="legend">${escapeXml(text)}</text>`);
    lx = fixed(lx + 17 + text.length * 6.6 + 24);
  }
  if (busy === 0) out.push(`<text x="${MARGIN}" y="${HEADER_H + 20}" class="note">no busy samples in this profile</text>`);
  for (const { frame, x, width: w, depth: d } of placed) {
    const y = bottom - (d + 1) * FRAME_H;
    const tooltip = `${frame.name}\n${frame.location}\nself ${ms(frame.self)} (${pct(frame.self)}), total ${ms(frame.total)} (${pct(frame.total)})`;
    const fill = frame === root ? '#d1d5db' : colourOf(frame.area, frame.name);
    out.push(`<rect class="f" x="${fixed(x)}" y="${y}" width="${fixed(w)}" height="${FRAME_H}" fill="${fill}"><title>${escapeXml(tooltip)}</title></rect>`);
    const chars = Math.floor((w - 6) / CHAR_W);
    if (chars >= 3) {
      const label = frame.name.length <= chars ? frame.name : `${frame.name.slice(0, chars - 1)}…`;
      out.push(`<text x="${fixed(x + 3)}" y="${y + 12}" class="l">${escapeXml(label)}</text>`);
    }
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Where a profile's flame graph goes by default: next to it, same name. */
export const flameGraphFileFor = (profileFile: string) => profileFile.replace(/\.cpuprofile$/, '') + '.svg';

/** Draws `file` into `out`. */
export function writeFlameGraph(file: string, out: string, title: string): void {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  writeFileSync(out, renderFlameGraph(profile, { title }));
}

/** A flame graph next to every .cpuprofile under `dir` (a run's profiles-<stamp>/); resolves to them. */
export function writeFlameGraphs(dir: string): string[] {
  // A run that started no load server (START, JOBS or ADMIN only) profiled nothing.
  if (!existsSync(dir)) return [];
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.cpuprofile')).sort();
  return files.map((relative) => {
    const file = path.join(dir, relative);
    const out = flameGraphFileFor(file);
    writeFlameGraph(file, out, path.join(path.basename(dir), relative));
    return out;
  });
}

function cli(argv: string[]): number {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { title: { type: 'string' } } });
  const [input, output] = positionals;
  if (input === undefined) {
    process.stderr.write('usage: npx tsx bench/flamegraph.ts <file.cpuprofile> [out.svg] [--title T]\n');
    return 2;
  }
  const out = output ?? flameGraphFileFor(input);
  const absolute = path.resolve(input);
  writeFlameGraph(input, out, values.title ?? path.join(path.basename(path.dirname(absolute)), path.basename(absolute)));
  process.stderr.write(`written ${path.relative(process.cwd(), out)}\n`);
  return 0;
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === import.meta.filename) process.exitCode = cli(process.argv.slice(2));
