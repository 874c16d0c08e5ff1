import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderFlameGraph, writeFlameGraphs, type CpuProfile } from './flamegraph.ts';

interface DrawnFrame {
  name: string;
  tooltip: string;
  x: number;
  y: number;
  width: number;
}

function framesOf(svg: string): DrawnFrame[] {
  const frames = [...svg.matchAll(/<rect class="f" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"[^>]*><title>([^<]*)<\/title><\/rect>/g)];
  return frames.map(([, x, y, width, tooltip]) => ({ name: tooltip!.split('\n')[0]!, tooltip: tooltip!, x: Number(x), y: Number(y), width: Number(width) }));
}

const frameNamed = (frames: DrawnFrame[], name: string) => {
  const found = frames.filter((f) => f.name === name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};

const frame = (id: number, functionName: string, url: string, lineNumber: number, children: number[] = []) => ({
  id,
  callFrame: { functionName, url, lineNumber },
  children,
});

// Busy, 100 ms: handle 10 ms self, with parse 30 + parse again (a second V8 node on the same call
// path) 10, read 20 and tiny 0.08 under it; the collector 29.92. Idle: one second.
const synthetic: CpuProfile = {
  nodes: [
    frame(1, '(root)', '', -1, [2, 5, 7]),
    frame(2, 'handle', 'file:///home/someone/ledgerline/src/features/orders/service.ts', 9, [3, 4, 6, 8]),
    frame(3, 'parse', 'file:///work/app/node_modules/fastify/lib/route.js', 99),
    frame(4, 'read', 'node:internal/streams/readable', 40),
    frame(5, '(idle)', '', -1),
    frame(6, 'parse', 'file:///work/app/node_modules/fastify/lib/route.js', 99),
    frame(7, '(garbage collector)', '', -1),
    frame(8, 'tiny', 'file:///home/someone/ledgerline/src/features/orders/tiny.ts', 0),
  ],
  samples: [2, 3, 3, 3, 5, 6, 4, 7, 8],
  timeDeltas: [10_000, 10_000, 10_000, 10_000, 1_000_000, 10_000, 20_000, 29_920, 80],
};

describe('flame graph of a CPU profile', () => {
  const svg = renderFlameGraph(synthetic, { title: 'ledgerline/CPU.1.cpuprofile' });
  const frames = framesOf(svg);

  it('draws each call path once, as wide as its sampled time including callees, idle left out', () => {
    const all = frameNamed(frames, 'all');
    const ratio = (name: string) => frameNamed(frames, name).width / all.width;
    expect(ratio('handle')).toBeCloseTo(0.7008, 3);
    expect(ratio('parse')).toBeCloseTo(0.4, 3);
    expect(ratio('read')).toBeCloseTo(0.2, 3);
    expect(ratio('(garbage collector)')).toBeCloseTo(0.2992, 3);
    expect(frames.map((f) => f.name)).not.toContain('(idle)');
    expect(svg).toContain('busy 100.0 ms of 1100.0 ms sampled');
  });

  it('puts the root at the bottom and callees above their callers', () => {
    const y = (name: string) => frameNamed(frames, name).y;
    expect(y('all')).toBeGreaterThan(y('handle'));
    expect(y('handle')).toBeGreaterThan(y('parse'));
    expect(y('handle')).toBe(y('(garbage collector)'));
    // A callee starts within its caller.
    expect(frameNamed(frames, 'parse').x).toBeGreaterThanOrEqual(frameNamed(frames, 'handle').x);
  });

  it('leaves out frames under 0.1 % of the busy time', () => {
    expect(frames.map((f) => f.name)).not.toContain('tiny');
  });

  it('tells each frame’s place in the code and its self and total time in the tooltip', () => {
    expect(frameNamed(frames, 'handle').tooltip).toBe('handle\nsrc/features/orders/service.ts:10\nself 10.0 ms (10.00 %), total 70.1 ms (70.08 %)');
    expect(frameNamed(frames, 'parse').tooltip).toBe('parse\nfastify/lib/route.js:100\nself 40.0 ms (40.00 %), total 40.0 ms (40.00 %)');
    expect(frameNamed(frames, 'read').tooltip).toContain('node:internal/streams/readable:41\nself 20.0 ms (20.00 %)');
  });

  it('names no machine path', () => {
    expect(svg).not.toMatch(/\/home\/|\/work\/|file:/);
  });

  it('has a legend of the areas', () => {
    for (const area of ['our code', 'dependencies', 'Node internals', 'native, GC']) expect(svg).toContain(area);
  });
});

describe('flame graphs of a real profile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'flamegraph-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('shows the function that burnt the CPU, in an .svg next to the .cpuprofile', () => {
    const script = path.join(dir, 'busy.mjs');
    writeFileSync(
      script,
      [
        'function burnCpuForTheFlameGraph() {',
        '  let x = 0;',
        '  const end = Date.now() + 400;',
        '  while (Date.now() < end) for (let i = 0; i < 1e4; i++) x += Math.sqrt(i + x);',
        '  return x;',
        '}',
        'burnCpuForTheFlameGraph();',
      ].join('\n'),
    );
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', path.join(dir, 'server'), script]);

    const written = writeFlameGraphs(dir);

    const profiles = readdirSync(path.join(dir, 'server')).filter((f) => f.endsWith('.cpuprofile'));
    expect(written).toEqual(profiles.map((f) => path.join(dir, 'server', f.replace(/\.cpuprofile$/, '.svg'))));
    const svg = readFileSync(written[0]!, 'utf8');
    const burner = framesOf(svg).find((f) => f.name === 'burnCpuForTheFlameGraph');
    expect(burner?.tooltip).toContain('busy.mjs:1');
    // Most of the busy time went there.
    expect(burner!.width / frameNamed(framesOf(svg), 'all').width).toBeGreaterThan(0.5);
    expect(svg).not.toContain(dir);
    expect(existsSync(written[0]!)).toBe(true);
  });
});
