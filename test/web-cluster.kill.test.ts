// kill -9 of a web process under a stream of new connections (WEB_CONCURRENCY=2): a connection
// may be reset with the process that had it, but none is left hanging. Under Node's round-robin
// scheduling the primary handed connections to a process that had just died, and kept them open
// forever: about one hung client per kill.
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/database.ts';
import { finished, freePort, spawnCli, waitForReady } from './support/cli.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The web processes the primary `parent` forked. */
function webProcesses(parent: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) === parent && state !== 'Z' && readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith(process.execPath)) pids.push(Number(entry));
    } catch {
      /* exited meanwhile */
    }
  }
  return pids;
}

/** GET /healthz on a connection of its own: 'ok', 'reset' (no answer) or 'hung' (none in 5 s). */
function probe(port: number): Promise<'ok' | 'reset' | 'hung'> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? 'ok' : 'reset'));
      res.on('error', () => resolve('reset'));
    });
    req.setTimeout(5_000, () => {
      resolve('hung');
      req.destroy();
    });
    req.on('error', () => resolve('reset'));
  });
}

let db: TestDatabase;
let child: ChildProcess;
let port: number;
beforeAll(async () => {
  db = await createTestDatabase();
  port = await freePort();
  child = spawnCli(['web'], { DATABASE_URL: db.url, PORT: String(port), WEB_CONCURRENCY: '2', LOG_LEVEL: 'silent' });
  await waitForReady(port, 30_000, child);
  while (webProcesses(child.pid!).length < 2) await sleep(100);
});
afterAll(async () => {
  if (child.exitCode === null) {
    const done = finished(child);
    child.kill('SIGTERM');
    await done;
  }
  await db.drop();
});

describe('WEB_CONCURRENCY=2 and kill -9 of a web process', () => {
  it('leaves no connection hanging', async () => {
    const outcomes: string[] = [];
    let running = true;
    const loops = Array.from({ length: 8 }, async () => {
      while (running) outcomes.push(await probe(port));
    });
    await sleep(500);
    // One kill: the other process serves on, so no connection waits for a replacement to start.
    process.kill(webProcesses(child.pid!)[0]!, 'SIGKILL');
    await sleep(2_000);
    running = false;
    await Promise.all(loops);
    expect(outcomes.filter((o) => o === 'ok').length).toBeGreaterThan(100);
    expect(outcomes.filter((o) => o === 'hung')).toEqual([]);
  });
});
