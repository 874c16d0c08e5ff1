// `npm start` end to end: `ledgerline start` on a fresh DATA_DIR initialises an embedded PostgreSQL,
// migrates and serves; Ctrl-C stops everything; later starts survive a taken port and a kill -9;
// another command interrupted by Ctrl-C does not leave its embedded database behind.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { finished, freePort, postgresPids, spawnCli, waitForReady, type CliResult } from './support/cli.ts';

// Not mkdtemp: its 0700 would keep out the `postgres` user the embedded server runs as under root.
const dataDir = path.join(tmpdir(), `ledgerline-start-${randomBytes(4).toString('hex')}`);
mkdirSync(dataDir, { recursive: true });
chmodSync(dataDir, 0o755);

const running = new Set<ChildProcess>();

/** The Node processes `parent` forked (its web processes; the postmaster is not a node process). */
function webProcesses(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid …: comm may hold spaces, so split after its closing parenthesis.
      const [, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const exe = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0] ?? '';
      if (Number(ppid) === parent && exe === process.execPath) pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids.sort((a, b) => a - b);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** waitForReady, with what the process printed when it exited before it was ready. */
async function ready(port: number, timeoutMs: number, started: { child: ChildProcess; done: Promise<CliResult> }): Promise<number> {
  try {
    return await waitForReady(port, timeoutMs, started.child);
  } catch (err) {
    if (started.child.exitCode === null) throw err;
    const { stdout, stderr } = await started.done;
    throw new Error(`${(err as Error).message}\n--- stderr ---\n${stderr.slice(-4000)}\n--- stdout ---\n${stdout.slice(-2000)}`, { cause: err });
  }
}

async function start(port: number, env: Record<string, string> = {}): Promise<{ child: ChildProcess; done: Promise<CliResult> }> {
  const child = spawnCli(['start'], { DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), ...env });
  running.add(child);
  const done = finished(child).finally(() => running.delete(child));
  return { child, done };
}

const rememberedPort = () => (JSON.parse(readFileSync(path.join(dataDir, 'postgres.json'), 'utf8')) as { port: number }).port;

async function stopWithCtrlC(child: ChildProcess, done: Promise<CliResult>): Promise<void> {
  child.kill('SIGINT');
  const result = await done;
  expect(result.code, result.stderr).toBe(0);
  expect(postgresPids(dataDir)).toEqual([]);
}

afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  // Whatever a failed test left behind (a kill -9 leaves the postmaster running by design).
  for (const pid of postgresPids(dataDir)) process.kill(pid, 'SIGKILL');
  await new Promise((r) => setTimeout(r, 200));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('ledgerline start', { timeout: 90_000 }, () => {
  it('comes up on a fresh DATA_DIR within 30 s and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const started = await start(port);
    const { child, done } = started;
    await ready(port, 30_000, started);
    expect(postgresPids(dataDir)).toHaveLength(1);
    await stopWithCtrlC(child, done);
  });

  it('comes up again within 5 s on the existing data', async () => {
    const port = await freePort();
    const started = await start(port);
    const { child, done } = started;
    await ready(port, 5_000, started);
    await stopWithCtrlC(child, done);
  });

  it('comes up when the remembered database port is taken, on another port', async () => {
    const taken = rememberedPort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    try {
      const port = await freePort();
      const started = await start(port);
      const { child, done } = started;
      await ready(port, 15_000, started);
      expect(rememberedPort()).not.toBe(taken);
      await stopWithCtrlC(child, done);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('comes up after a kill -9 left its PostgreSQL running, and stops that leftover', async () => {
    const port = await freePort();
    const first = await start(port);
    await ready(port, 15_000, first);
    const [leftover] = postgresPids(dataDir);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    // The postmaster is in its own process group: a kill -9 of ledgerline does not reach it.
    expect(postgresPids(dataDir)).toEqual([leftover]);

    const second = await start(port);
    await ready(port, 15_000, second);
    const now = postgresPids(dataDir);
    expect(now).toHaveLength(1);
    expect(now).not.toContain(leftover);
    await stopWithCtrlC(second.child, second.done);
  });

  it('with WEB_CONCURRENCY=2 serves from two web processes, replaces one that dies, and stops them all', async () => {
    const port = await freePort();
    const { child, done } = await start(port, { WEB_CONCURRENCY: '2', LOG_LEVEL: 'info' });
    // /readyz answers once the first web process listens; the primary logs "ready" once all do.
    let log = '';
    child.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    await until(() => log.includes('ledgerline is ready at'), 30_000);
    const web = webProcesses(child.pid!);
    expect(web).toHaveLength(2);

    process.kill(web[0]!, 'SIGKILL');
    await until(() => {
      const now = webProcesses(child.pid!);
      return now.length === 2 && !now.includes(web[0]!);
    }, 15_000);
    const served = await Promise.all(Array.from({ length: 20 }, () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status)));
    expect(served.every((status) => status === 200)).toBe(true);

    const replaced = webProcesses(child.pid!);
    await stopWithCtrlC(child, done);
    expect(replaced.filter(alive)).toEqual([]);
  });

  it('a command interrupted by Ctrl-C stops the embedded database it started', async () => {
    // createsuperuser waits at its first prompt with the database open; stdin stays open.
    const child = spawnCli(['createsuperuser'], { DATABASE_URL: '', DATA_DIR: dataDir }, 'pipe');
    running.add(child);
    const prompted = new Promise<void>((resolve) => child.stdout!.on('data', (c: Buffer) => c.toString().includes('Email address:') && resolve()));
    const done = finished(child).finally(() => running.delete(child));
    await prompted;
    expect(postgresPids(dataDir)).toHaveLength(1);
    child.kill('SIGINT');
    expect((await done).signal).toBe('SIGINT');
    expect(postgresPids(dataDir)).toEqual([]);
  });
});
