// Job queue benchmark: throughput of one `ledgerline worker` process on no-op jobs, and the
// enqueue-to-start latency of jobs enqueued one transaction at a time while it runs.
//   npx tsx bench/jobs.ts [--jobs 20000] [--concurrency 50] [--latency-jobs 1000] [--rate 200]
// Its own embedded PostgreSQL under var/bench-jobs (default durability: fsync on), a fresh
// `bench_jobs` database, and the worker as a child process, exactly as production runs it.
// Times are read from pg-boss's own columns (created_on, started_on, completed_on: the database
// clock), so the enqueuing process and the worker need no shared clock.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { Database } from '../src/platform/db/db.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { Migrator } from '../src/platform/db/migrations.ts';
import { noopTask } from '../src/platform/jobs/diagnostics.ts';
import { PgBossJobQueue } from '../src/platform/jobs/queue.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    jobs: { type: 'string', default: '20000' },
    concurrency: { type: 'string', default: '50' },
    'latency-jobs': { type: 'string', default: '1000' },
    rate: { type: 'string', default: '200' },
  },
});
const JOBS = Number(args.jobs);
const CONCURRENCY = Number(args.concurrency);
const LATENCY_JOBS = Number(args['latency-jobs']);
const RATE = Number(args.rate);
const DB_NAME = 'bench_jobs';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signal = new AbortController().signal;
const task = noopTask();

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function spawnWorker(url: string): ChildProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ledgerline.js'), 'worker'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, APP_ENV: 'production', SECRET_KEY: 'b'.repeat(64), DATABASE_URL: url, WORKER_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: 'warn', JOB_POLL_INTERVAL_MS: '1000' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function count(admin: pg.Client, sql: string): Promise<number> {
  const { rows } = await admin.query<{ n: string }>(sql);
  return Number(rows[0]!.n);
}

const embedded = await startEmbeddedPostgres({ dataDir: path.join(ROOT, 'var', 'bench-jobs') });
const server = new pg.Client({ connectionString: embedded.urlFor('postgres') });
await server.connect();
await server.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
await server.query(`CREATE DATABASE ${DB_NAME}`);
const url = embedded.urlFor(DB_NAME);
await new Migrator(url, path.join(ROOT, 'migrations')).migrate();
const admin = new pg.Client({ connectionString: url });
await admin.connect();
const db = new Database({ connectionString: url, poolSize: 8, applicationName: 'bench-jobs' });
const queue = new PgBossJobQueue({ leaseSeconds: 30 });
let worker: ChildProcess | undefined;

try {
  // ---- throughput: a backlog of JOBS no-op jobs, drained by one worker process ----------------
  const enqueueStarted = performance.now();
  for (let done = 0; done < JOBS; ) {
    const batch = Math.min(1000, JOBS - done);
    await db.transaction(signal, async (tx) => {
      for (let i = 0; i < batch; i++) await queue.enqueue(tx, task, {}, signal);
    });
    done += batch;
  }
  const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;
  console.log(`enqueued ${JOBS} jobs in ${enqueueSeconds.toFixed(2)} s (${Math.round(JOBS / enqueueSeconds)}/s, one process, 1000 per transaction)`);

  worker = spawnWorker(url);
  const deadline = Date.now() + 600_000;
  while ((await count(admin, `SELECT count(*) AS n FROM pgboss.job WHERE name = '${task.name}' AND state = 'completed'`)) < JOBS) {
    if (Date.now() > deadline || worker.exitCode !== null) throw new Error('the worker did not drain the backlog');
    await sleep(100);
  }
  const { rows: span } = await admin.query<{ seconds: number }>(
    `SELECT EXTRACT(epoch FROM max(completed_on) - min(started_on))::float8 AS seconds FROM pgboss.job WHERE name = $1`,
    [task.name],
  );
  const drainSeconds = span[0]!.seconds;
  console.log(`drained ${JOBS} jobs in ${drainSeconds.toFixed(2)} s: ${Math.round(JOBS / drainSeconds)} jobs/s (one worker process, WORKER_CONCURRENCY=${CONCURRENCY})`);

  // ---- latency: jobs enqueued one transaction at a time, RATE per second, idle worker ----------
  await admin.query(`DELETE FROM pgboss.job WHERE name = $1`, [task.name]);
  await sleep(500);
  const interval = 1000 / RATE;
  const started = performance.now();
  for (let i = 0; i < LATENCY_JOBS; i++) {
    await db.transaction(signal, (tx) => queue.enqueue(tx, task, {}, signal));
    const wait = started + (i + 1) * interval - performance.now();
    if (wait > 0) await sleep(wait);
  }
  while ((await count(admin, `SELECT count(*) AS n FROM pgboss.job WHERE name = '${task.name}' AND state = 'completed'`)) < LATENCY_JOBS) {
    if (Date.now() > deadline) throw new Error('the latency jobs did not finish');
    await sleep(100);
  }
  const { rows } = await admin.query<{ ms: number }>(
    `SELECT EXTRACT(epoch FROM started_on - created_on)::float8 * 1000 AS ms FROM pgboss.job WHERE name = $1 ORDER BY 1`,
    [task.name],
  );
  const ms = rows.map((r) => r.ms);
  console.log(
    `enqueue-to-start over ${LATENCY_JOBS} jobs at ${RATE}/s: p50 ${percentile(ms, 50).toFixed(1)} ms, p90 ${percentile(ms, 90).toFixed(1)} ms, p99 ${percentile(ms, 99).toFixed(1)} ms, max ${ms.at(-1)!.toFixed(1)} ms`,
  );
} finally {
  if (worker !== undefined && worker.exitCode === null) {
    worker.kill('SIGTERM');
    await new Promise((r) => worker!.once('exit', r));
  }
  await db.close();
  await admin.end();
  await server.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await server.end();
  await embedded.stop();
}
