// The processes under test, started as an operator starts them (`node bin/ledgerline.js web` and
// `… worker`, production settings) on the harness's own PostgreSQL, and what the scenarios read
// about them from /proc: the web processes a primary forked, their RSS and CPU time.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { anyFreePort } from '../../src/platform/net.ts';
import { ledgerlineEnv } from '../servers.ts';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'ledgerline.js');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One SECRET_KEY for every process of a run (web and workers read the same configuration). */
const SECRET_KEY = randomBytes(48).toString('base64url');

export interface Spawned {
  readonly child: ChildProcess;
  readonly pid: number;
  /** The last 16 kB the process wrote. */
  output(): string;
  readonly exited: Promise<void>;
  /** SIGTERM (graceful), SIGKILL after 20 s; resolves when it has exited. */
  stop(): Promise<void>;
  /** kill -9; resolves when it has exited. */
  kill(): Promise<void>;
}

function launch(args: string[], env: Record<string, string>, onLine?: (line: string) => void): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let partial = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-16_000);
    if (onLine === undefined) return;
    const lines = (partial + text).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    pid: child.pid!,
    output: () => output,
    exited,
    async stop() {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (running()) child.kill('SIGKILL');
      await exited;
    },
  };
}

export interface WebServer extends Spawned {
  readonly port: number;
  /** The web processes the primary forked, now (they change when one is killed and replaced). */
  webPids(): number[];
}

export interface WebSettings {
  databaseUrl: string;
  webProcesses: number;
  pool: number;
  extra?: Record<string, string>;
}

/** Production settings shared by web and worker processes, with the side-effect caps off. */
function env(databaseUrl: string, pool: number, extra: Record<string, string> = {}): Record<string, string> {
  return ledgerlineEnv(databaseUrl, pool, {
    SECRET_KEY,
    // One user places hundreds of orders a second here; the caps would defer or refuse them.
    CARD_PAYMENTS_PER_USER_PER_MINUTE: '0',
    EMAILS_PER_USER_PER_MINUTE: '0',
    ...extra,
  });
}

/** `ledgerline web` with WEB_CONCURRENCY web processes; resolves once every one of them runs. */
export async function startWeb(settings: WebSettings): Promise<WebServer> {
  const port = await anyFreePort();
  const spawned = launch(['web'], {
    ...env(settings.databaseUrl, settings.pool, settings.extra),
    PORT: String(port),
    WEB_CONCURRENCY: String(settings.webProcesses),
  });
  const server: WebServer = { ...spawned, port, webPids: () => (settings.webProcesses > 1 ? childPids(spawned.pid) : [spawned.pid]) };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (spawned.child.exitCode !== null) throw new Error(`ledgerline web exited (${spawned.child.exitCode}):\n${spawned.output()}`);
    if (Date.now() > deadline) {
      await spawned.stop();
      throw new Error(`ledgerline web was not ready within 60 s:\n${spawned.output()}`);
    }
    if ((await readyz(port)) && server.webPids().length === settings.webProcesses) break;
    await sleep(200);
  }
  // /readyz answered from one web process; give the others a moment to listen as well.
  await sleep(1_000);
  return server;
}

export async function readyz(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) });
    return res.status === 200;
  } catch {
    return false;
  }
}

export interface WorkerProcess extends Spawned {
  /** Resolves when the worker has logged `worker started`. */
  readonly started: Promise<void>;
}

/** `ledgerline worker` (LOG_LEVEL=info: the harness waits for its `worker started` line). */
export function startWorker(databaseUrl: string, dataDir: string, extra: Record<string, string> = {}): WorkerProcess {
  let ready: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (ready = resolve));
  const spawned = launch(['worker'], { ...env(databaseUrl, 4, { DATA_DIR: dataDir, LOG_LEVEL: 'info', ...extra }) }, (line) => {
    if (line.includes('"msg":"worker started"')) ready();
  });
  return { ...spawned, started: Promise.race([started, spawned.exited.then(() => Promise.reject(new Error(`the worker exited:\n${spawned.output()}`)))]) };
}

/** Node processes whose parent is `parent` (a cluster primary's web processes). */
export function childPids(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so split after its closing parenthesis.
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const exe = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (Number(ppid) === parent && state !== 'Z' && exe === process.execPath) pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids.sort((a, b) => a - b);
}

/** Resident set size in MiB, or undefined once the process is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** Proportional set size in MiB (shared pages divided among their users), or undefined once gone. */
export function pssMiB(pid: number): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n').find((l) => l.startsWith('Pss:'));
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** User + system CPU time in seconds (clock ticks at 100 Hz), or undefined once gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/** Every process below `root` (children, their children…), whatever their executable. */
export function descendants(root: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const found: number[] = [];
  let frontier = [root];
  while (frontier.length > 0) {
    const next = [...parentOf].filter(([, ppid]) => frontier.includes(ppid)).map(([pid]) => pid);
    found.push(...next);
    frontier = next;
  }
  return found;
}
