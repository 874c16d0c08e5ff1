// `npm start` end to end: `ledgerline start` on a fresh DATA_DIR initialises an embedded PostgreSQL,
// migrates and serves; Ctrl-C stops everything; later starts survive a taken port and a kill -9;
// another command interrupted by Ctrl-C does not leave its embedded database behind.
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
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

async function start(port: number): Promise<{ child: ChildProcess; done: Promise<CliResult> }> {
  const child = spawnCli(['start'], { DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port) });
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
    const { child, done } = await start(port);
    await waitForReady(port, 30_000, child);
    expect(postgresPids(dataDir)).toHaveLength(1);
    await stopWithCtrlC(child, done);
  });

  it('comes up again within 5 s on the existing data', async () => {
    const port = await freePort();
    const { child, done } = await start(port);
    await waitForReady(port, 5_000, child);
    await stopWithCtrlC(child, done);
  });

  it('comes up when the remembered database port is taken, on another port', async () => {
    const taken = rememberedPort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(taken, '127.0.0.1', resolve));
    try {
      const port = await freePort();
      const { child, done } = await start(port);
      await waitForReady(port, 15_000, child);
      expect(rememberedPort()).not.toBe(taken);
      await stopWithCtrlC(child, done);
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  });

  it('comes up after a kill -9 left its PostgreSQL running, and stops that leftover', async () => {
    const port = await freePort();
    const first = await start(port);
    await waitForReady(port, 15_000, first.child);
    const [leftover] = postgresPids(dataDir);
    first.child.kill('SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    // The postmaster is in its own process group: a kill -9 of ledgerline does not reach it.
    expect(postgresPids(dataDir)).toEqual([leftover]);

    const second = await start(port);
    await waitForReady(port, 15_000, second.child);
    const now = postgresPids(dataDir);
    expect(now).toHaveLength(1);
    expect(now).not.toContain(leftover);
    await stopWithCtrlC(second.child, second.done);
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
