// The job queue's numbers: throughput of one `ledgerline worker` process draining a backlog of
// no-op jobs, and the enqueue-to-start latency of jobs enqueued one transaction at a time while it
// idles. Each run gets a fresh database on the given PostgreSQL, migrated like production, and the
// worker is a child process started exactly as production starts it. Times are read from pg-boss's
// own columns (created_on, started_on, completed_on: the database clock), so the enqueuing process
// and the worker need no shared clock. Used by `npm run bench` (JOBS) and `npm run bench:jobs`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { Database } from '../src/platform/db/db.ts';
import { Migrator } from '../src/platform/db/migrations.ts';
import { noopTask } from '../src/platform/jobs/diagnostics.ts';
import { PgBossJobQueue } from '../src/platform/jobs/queue.ts';
import { RssSampler, rssStats, type RssStats } from './rss.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const DATABASE = 'bench_jobs';
const ENQUEUE_BATCH = 1_000;
const DRAIN_TIMEOUT_MS = 600_000;
/** docs/PERFORMANCE.md: no-op jobs one worker process should drain per second (from concurrency 50). */
const TARGET_JOBS_PER_S = 5_000;

export interface JobsSettings {
  /** No-op jobs in the backlog. */
  jobs: number;
  /** The worker's WORKER_CONCURRENCY. */
  concurrency: number;
  /** Jobs enqueued one transaction each for the latency… */
  latencyJobs: number;
  /** …at this many per second. */
  rate: number;
}

export interface JobsResult {
  concurrency: number;
  jobs: number;
  /** Enqueue rate of one process, ENQUEUE_BATCH jobs per transaction. */
  enqueue_per_s: number;
  /** From the first job's start to the last one's completion. */
  drain_s: number;
  jobs_per_s: number;
  latency: { jobs: number; rate_per_s: number; p50_ms: number; p90_ms: number; p99_ms: number; max_ms: number };
  /** The worker's RSS while it drained the backlog. */
  worker_rss?: RssStats;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round1 = (x: number) => Math.round(x * 10) / 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function spawnWorker(url: string, concurrency: number): ChildProcess {
  return spawn(process.execPath, [path.join(ROOT, 'bin', 'ledgerline.js'), 'worker'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      APP_ENV: 'production',
      SECRET_KEY: randomBytes(48).toString('base64url'),
      DATABASE_URL: url,
      WORKER_CONCURRENCY: String(concurrency),
      LOG_LEVEL: 'warn',
      JOB_POLL_INTERVAL_MS: '1000',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((r) => worker.once('exit', r));
  worker.kill('SIGTERM');
  await exited;
}

async function recreate(serverUrl: string, drop: boolean): Promise<void> {
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  try {
    await server.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    if (!drop) await server.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await server.end();
  }
}

async function waitForCompleted(admin: pg.Client, name: string, want: number, worker: ChildProcess, what: string): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = 'completed'`, [name]);
    if (rows[0]!.n >= want) return;
    if (Date.now() > deadline || worker.exitCode !== null) throw new Error(`the worker did not finish ${what}`);
    await sleep(100);
  }
}

/**
 * One worker at one concurrency: the backlog drained, then the latency. `urlFor(database)` names a
 * database on the PostgreSQL to use; `bench_jobs` there is dropped and made anew.
 */
export async function measureJobs(urlFor: (database: string) => string, settings: JobsSettings, say: (line: string) => void): Promise<JobsResult> {
  await recreate(urlFor('postgres'), false);
  const url = urlFor(DATABASE);
  await new Migrator(url, path.join(ROOT, 'migrations')).migrate();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const db = new Database({ connectionString: url, poolSize: 8, applicationName: 'bench-jobs' });
  const queue = new PgBossJobQueue({ leaseSeconds: 30 });
  const task = noopTask();
  const signal = new AbortController().signal;
  let worker: ChildProcess | undefined;
  try {
    // ---- throughput: a backlog drained by one worker process ------------------------------------
    const enqueueStarted = performance.now();
    for (let done = 0; done < settings.jobs; ) {
      const batch = Math.min(ENQUEUE_BATCH, settings.jobs - done);
      await db.transaction(signal, async (tx) => {
        for (let i = 0; i < batch; i++) await queue.enqueue(tx, task, {}, signal);
      });
      done += batch;
    }
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
    const enqueuePerS = Math.round(settings.jobs / enqueueSeconds);
    say(`  enqueued ${settings.jobs} jobs in ${enqueueSeconds.toFixed(2)} s (${enqueuePerS}/s, one process, ${ENQUEUE_BATCH} per transaction)`);

    worker = spawnWorker(url, settings.concurrency);
    const sampler = new RssSampler({ worker: worker.pid! }).start();
    await waitForCompleted(admin, task.name, settings.jobs, worker, 'the backlog');
    const rss = rssStats([sampler.stop()['worker']!]);
    const { rows: span } = await admin.query<{ seconds: number }>(
      `SELECT EXTRACT(epoch FROM max(completed_on) - min(started_on))::float8 AS seconds FROM pgboss.job WHERE name = $1`,
      [task.name],
    );
    const drainSeconds = span[0]!.seconds;
    const jobsPerS = Math.round(settings.jobs / drainSeconds);
    say(`  drained ${settings.jobs} jobs in ${drainSeconds.toFixed(2)} s: ${jobsPerS} jobs/s (one worker process, WORKER_CONCURRENCY=${settings.concurrency})`);

    // ---- latency: jobs enqueued one transaction at a time, `rate` per second, idle worker --------
    await admin.query(`DELETE FROM pgboss.job WHERE name = $1`, [task.name]);
    await sleep(500);
    const interval = 1000 / settings.rate;
    const started = performance.now();
    for (let i = 0; i < settings.latencyJobs; i++) {
      await db.transaction(signal, (tx) => queue.enqueue(tx, task, {}, signal));
      const wait = started + (i + 1) * interval - performance.now();
      if (wait > 0) await sleep(wait);
    }
    await waitForCompleted(admin, task.name, settings.latencyJobs, worker, 'the latency jobs');
    const { rows } = await admin.query<{ ms: number }>(
      `SELECT EXTRACT(epoch FROM started_on - created_on)::float8 * 1000 AS ms FROM pgboss.job WHERE name = $1 ORDER BY 1`,
      [task.name],
    );
    const ms = rows.map((r) => r.ms);
    const latency = {
      jobs: settings.latencyJobs,
      rate_per_s: settings.rate,
      p50_ms: round1(percentile(ms, 50)),
      p90_ms: round1(percentile(ms, 90)),
      p99_ms: round1(percentile(ms, 99)),
      max_ms: round1(ms.at(-1)!),
    };
    say(
      `  enqueue-to-start over ${settings.latencyJobs} jobs at ${settings.rate}/s: p50 ${latency.p50_ms} ms, p90 ${latency.p90_ms} ms, ` +
        `p99 ${latency.p99_ms} ms, max ${latency.max_ms} ms`,
    );
    return {
      concurrency: settings.concurrency,
      jobs: settings.jobs,
      enqueue_per_s: enqueuePerS,
      drain_s: Math.round(drainSeconds * 100) / 100,
      jobs_per_s: jobsPerS,
      latency,
      ...(rss === undefined ? {} : { worker_rss: rss }),
    };
  } finally {
    if (worker !== undefined) await stopWorker(worker);
    await db.close();
    await admin.end();
    await recreate(urlFor('postgres'), true);
  }
}

/** The JOBS table: one line per concurrency. */
export function formatJobs(results: readonly JobsResult[]): string {
  const header = `${'WORKER_CONCURRENCY'.padEnd(19)} ${'jobs/s'.padStart(8)} ${'start p50 ms'.padStart(13)} ${'start p99 ms'.padStart(13)} ${'RSS max MiB'.padStart(12)}`;
  const lines = results.map((r) =>
    [
      String(r.concurrency).padEnd(19),
      String(r.jobs_per_s).padStart(8),
      r.latency.p50_ms.toFixed(1).padStart(13),
      r.latency.p99_ms.toFixed(1).padStart(13),
      (r.worker_rss?.max_mib.toFixed(1) ?? '—').padStart(12),
    ].join(' '),
  );
  const first = results[0];
  const what = first === undefined ? '' : ` (${first.jobs} no-op jobs drained; enqueue-to-start over ${first.latency.jobs} jobs at ${first.latency.rate_per_s}/s)`;
  const reaching = results.filter((r) => r.jobs_per_s >= TARGET_JOBS_PER_S).map((r) => r.concurrency);
  const target =
    `target ${TARGET_JOBS_PER_S.toLocaleString('en-US')} jobs/s per worker process: ` +
    (reaching.length === 0 ? 'not reached at any concurrency measured' : `reached at WORKER_CONCURRENCY ${reaching.join(', ')}`);
  return [`JOBS one worker process${what}`, header, ...lines, target].join('\n');
}
