// Runs `node bin/ledgerline.js …` as a child process, the way an operator runs it, and helpers for
// tests that start the real server (free ports, readiness, PostgreSQL processes of a data dir).
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type { CliIo } from '../../src/cli/command.ts';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'ledgerline.js');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * A minimal environment: nothing of the test runner's leaks in, so the child reads exactly the
 * settings a test names. DATABASE_URL='' (not absent) also overrides any developer `.env`.
 */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', APP_ENV: 'test', ...env };
}

export function spawnCli(args: string[], env: Record<string, string>, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: cliEnv(env), stdio: [stdin, 'pipe', 'pipe'] });
}

/** Collects a child's output until it exits. */
export function finished(child: ChildProcess): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

export function runCliProcess(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return finished(spawnCli(args, env));
}

export { anyFreePort as freePort } from '../../src/platform/net.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls GET /readyz until 200; resolves to the milliseconds it took, rejects past the deadline. */
export async function waitForReady(port: number, timeoutMs: number, child?: ChildProcess): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child && child.exitCode !== null) throw new Error(`ledgerline exited (${child.exitCode}) before it was ready`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return Date.now() - started;
    } catch {
      /* not listening yet */
    }
    await sleep(100);
  }
  throw new Error(`/readyz did not answer 200 within ${timeoutMs} ms`);
}

/**
 * The postmasters of this data dir: processes whose command line names it. A child the postmaster
 * has just forked shows the same command line until it sets its own title, so processes whose
 * parent is also in the set are left out.
 */
export function postgresPids(dataDir: string): number[] {
  const cluster = path.join(dataDir, 'postgres');
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (!argv.includes(cluster)) continue;
      // pid (comm) state ppid …: comm may hold spaces, so split after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  return [...parents].filter(([, ppid]) => !parents.has(ppid)).map(([pid]) => pid);
}

/** In-memory streams for running runCli in-process. */
export function memoryIo(input = ''): CliIo & { out(): string; err(): string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  stdin.end(input);
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdin, stdout, stderr, out: () => out, err: () => err };
}
