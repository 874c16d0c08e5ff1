// Resident memory of the systems under load: a process group (a server's PID and every process
// below it: a cluster's web processes, gunicorn's workers) is sampled from /proc every 250 ms while
// a measurement runs, and reported as the median and maximum of the group's summed VmRSS. Shared
// pages (a forked worker's copy-on-write heap, the node binary) count once per process, as `ps`
// and most dashboards count them. Linux only; elsewhere nothing is sampled.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { descendants, rssMiB } from './reliability/processes.ts';

export const RSS_SAMPLE_MS = 250;

/** One group's samples over a measured window: the summed RSS (MiB) at each tick. */
export interface RssSamples {
  mib: number[];
  /** The most processes the group had at one tick. */
  processes: number;
}

export interface RssStats {
  median_mib: number;
  max_mib: number;
  samples: number;
  processes: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function readChildren(pid: number): number[] | undefined {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter((s) => s.trim() !== '')
        .map(Number),
    );
  } catch {
    return undefined;
  }
}

/**
 * `root` and every process below it. The kernel's per-thread `children` lists are a few reads;
 * without them (a kernel built without CONFIG_PROC_CHILDREN) every /proc/<pid>/stat is scanned.
 */
export function processGroup(root: number): number[] {
  if (!existsSync(`/proc/${root}`)) return [];
  if (!existsSync(`/proc/${root}/task/${root}/children`)) return [root, ...descendants(root)];
  const group: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    group.push(...frontier);
    frontier = frontier.flatMap((pid) => readChildren(pid) ?? []);
  }
  return group;
}

/** The group's summed RSS in MiB now, and how many of its processes were alive to count. */
export function groupRss(root: number): { mib: number; processes: number } {
  let mib = 0;
  let processes = 0;
  for (const pid of processGroup(root)) {
    const rss = rssMiB(pid);
    if (rss === undefined) continue;
    mib += rss;
    processes += 1;
  }
  return { mib: round1(mib), processes };
}

/**
 * Samples named process groups every 250 ms between start() and stop(). `measuring`, when given,
 * is asked at every tick whether the load being measured is on (the peers' harness runs its own
 * warm-up, which is not to be counted).
 */
export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private readonly samples = new Map<string, RssSamples>();

  constructor(
    private readonly groups: Record<string, number>,
    private readonly measuring: () => boolean = () => true,
  ) {
    for (const name of Object.keys(groups)) this.samples.set(name, { mib: [], processes: 0 });
  }

  start(): this {
    if (!existsSync('/proc/self/status')) return this;
    this.tick();
    this.timer = setInterval(() => this.tick(), RSS_SAMPLE_MS);
    return this;
  }

  /** Stops sampling (once; later calls only return the samples again). */
  stop(): Record<string, RssSamples> {
    clearInterval(this.timer);
    this.timer = undefined;
    return Object.fromEntries(this.samples);
  }

  private tick(): void {
    if (!this.measuring()) return;
    for (const [name, root] of Object.entries(this.groups)) {
      const { mib, processes } = groupRss(root);
      if (processes === 0) continue;
      const s = this.samples.get(name)!;
      s.mib.push(mib);
      s.processes = Math.max(s.processes, processes);
    }
  }
}

/** Median and maximum over any number of windows (the rounds of one workload, say). */
export function rssStats(windows: readonly RssSamples[]): RssStats | undefined {
  const all = windows.flatMap((w) => w.mib).sort((a, b) => a - b);
  if (all.length === 0) return undefined;
  const mid = Math.floor(all.length / 2);
  return {
    median_mib: round1(all.length % 2 === 1 ? all[mid]! : (all[mid - 1]! + all[mid]!) / 2),
    max_mib: all.at(-1)!,
    samples: all.length,
    processes: Math.max(...windows.map((w) => w.processes)),
  };
}
