// The two servers under test, each in its own child process on its own port: Ledgerline exactly as
// production runs it (`ledgerline web`), and the bare baseline.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');

export interface ServerProcess {
  readonly name: string;
  readonly port: number;
  readonly pid: number;
  /** Milliseconds from spawn to the first 200 from /readyz (polled every 20 ms). */
  readonly readyMs: number;
  /** The last few kilobytes the server wrote (its warn/error log lines), for a failed check. */
  output(): string;
  /** SIGINT, then wait for a clean exit (which is when --cpu-prof writes its profile). */
  stop(): Promise<void>;
}

export interface ServerSettings {
  databaseUrl: string;
  pool: number;
  /** Ledgerline's WEB_CONCURRENCY (default 1). */
  webConcurrency?: number;
  /** Directory for `--cpu-prof` output, or undefined for no profiling. */
  profileDir: string | undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Often enough to time a start to within a few hundredths of a second; a refused connect is cheap. */
const READY_POLL_MS = 20;

async function waitUntilReady(child: ChildProcess, port: number, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1_000) });
      if (res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await sleep(READY_POLL_MS);
  }
  throw new Error(`server on port ${port} not ready within 30 s:\n${output()}`);
}

async function launch(name: string, args: string[], env: Record<string, string>, settings: ServerSettings): Promise<ServerProcess> {
  const port = await freePort();
  // Node refuses --cpu-prof in NODE_OPTIONS, so it goes on the command line.
  const profiling: string[] = [];
  if (settings.profileDir !== undefined) {
    const dir = path.join(settings.profileDir, name);
    mkdirSync(dir, { recursive: true });
    profiling.push('--cpu-prof', `--cpu-prof-dir=${dir}`);
  }
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...profiling, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8_000));
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    await waitUntilReady(child, port, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  const readyMs = Math.round(performance.now() - spawnedAt);
  return { name, port, pid: child.pid!, readyMs, output: () => output, stop };
}

/** `NAME=value` pairs separated by whitespace; a pair without `=` is refused. */
function settingsFrom(pairs: string): Record<string, string> {
  return Object.fromEntries(
    pairs
      .split(/\s+/)
      .filter(Boolean)
      .map((pair) => {
        const at = pair.indexOf('=');
        if (at < 1) throw new Error(`BENCH_LEDGERLINE_ENV: expected NAME=value, got ${JSON.stringify(pair)}`);
        return [pair.slice(0, at), pair.slice(at + 1)];
      }),
  );
}

/** The environment of a production Ledgerline process on `databaseUrl` (also for its CLI). */
export function ledgerlineEnv(databaseUrl: string, pool: number, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: String(pool),
    APP_ENV: 'production',
    SECRET_KEY: randomBytes(48).toString('base64url'),
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    // Production refuses to boot without an https PUBLIC_URL (check --deploy); the bench speaks
    // plain HTTP on loopback, as the TLS-terminating proxy in front of production would.
    PUBLIC_URL: 'https://ledgerline.bench.test',
    // The write rate limits and the e-mail cap stay on, so W4 pays for their counter UPSERTs as
    // production does, but at their ceiling: the load comes from one address and a few users,
    // each placing far more orders a minute than any production default allows.
    WRITE_RATE_PER_USER_PER_MINUTE: '1000000',
    WRITE_RATE_PER_ADDRESS_PER_MINUTE: '1000000',
    EMAILS_PER_USER_PER_MINUTE: '1000000',
    CARD_PAYMENTS_PER_USER_PER_MINUTE: '1000000',
    // For experiments with V8's heap settings (e.g. `--max-semi-space-size=4`): only Ledgerline's.
    ...(process.env.BENCH_LEDGERLINE_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_LEDGERLINE_NODE_OPTIONS } : {}),
    // For A/B runs of a setting, e.g. BENCH_LEDGERLINE_ENV='HEAP_GROWTH_PERCENT=0 DATABASE_POOL_SIZE=4'.
    ...settingsFrom(process.env.BENCH_LEDGERLINE_ENV ?? ''),
    ...extra,
  };
}

/** `ledgerline web` as production runs it; `extra` adds settings (the peer comparison opens sign-up). */
export function startLedgerline(settings: ServerSettings, extra: Record<string, string> = {}): Promise<ServerProcess> {
  const env = ledgerlineEnv(settings.databaseUrl, settings.pool, { WEB_CONCURRENCY: String(settings.webConcurrency ?? 1), ...extra });
  return launch('ledgerline', [path.join(ROOT, 'bin', 'ledgerline.js'), 'web'], env, settings);
}

export function startBaseline(settings: ServerSettings): Promise<ServerProcess> {
  return launch(
    'baseline',
    ['--import', 'tsx', path.join(ROOT, 'bench', 'baseline-server.ts')],
    { DATABASE_URL: settings.databaseUrl, POOL_SIZE: String(settings.pool) },
    settings,
  );
}
