// `ledgerline worker` as an operator runs it: a child process on a test database. SIGTERM lets
// the running job finish and exits 0; past the grace period the job is released; a kill -9
// mid-job loses nothing: the job runs again, on another worker, within the recovery bound.
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../src/platform/db/db.ts';
import { sleepTask } from '../../src/platform/jobs/diagnostics.ts';
import { jobRow, signal, waitFor } from '../../src/platform/jobs/jobs.fixtures.ts';
import { PgBossJobQueue } from '../../src/platform/jobs/queue.ts';
import { finished, spawnCli, type CliResult } from '../support/cli.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const LEASE_SECONDS = 2;
const SWEEP_SECONDS = 1;

let database: TestDatabase;
let db: Database;
let queue: PgBossJobQueue;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  database = await createTestDatabase();
  db = new Database({ connectionString: database.url, poolSize: 2, applicationName: 'test' });
  queue = new PgBossJobQueue({ leaseSeconds: LEASE_SECONDS });
});
afterEach(() => {
  for (const child of children) child.kill('SIGKILL');
});
afterAll(async () => {
  await db?.close();
  await database?.drop();
});

interface RunningWorker {
  child: ChildProcess;
  done: Promise<CliResult>;
  output(): string;
}

/** Spawns `ledgerline worker` and resolves once it logs that it has started. */
async function spawnWorker(env: Record<string, string> = {}): Promise<RunningWorker> {
  const child = spawnCli(['worker'], {
    DATABASE_URL: database.url,
    LOG_LEVEL: 'info',
    JOB_LEASE_SECONDS: String(LEASE_SECONDS),
    JOB_SWEEP_INTERVAL_SECONDS: String(SWEEP_SECONDS),
    JOB_POLL_INTERVAL_MS: '100',
    ...env,
  });
  children.add(child);
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const done = finished(child).finally(() => children.delete(child));
  await waitFor(() => out.includes('"worker started"') || child.exitCode !== null, 45_000, 'the worker to start');
  if (child.exitCode !== null) throw new Error(`worker exited early:\n${out}`);
  return { child, done, output: () => out };
}

const enqueueSleep = async (ms: number) => (await queue.add(db, sleepTask, { ms }, signal()))!;
const state = async (id: string) => jobRow(database.admin, id);

describe('ledgerline worker', { timeout: 120_000 }, () => {
  it('on SIGTERM lets the running job finish, then exits 0', async () => {
    const w = await spawnWorker({ WORKER_SHUTDOWN_GRACE_MS: '10000' });
    const id = await enqueueSleep(1_500);
    await waitFor(async () => (await state(id))?.state === 'active', 5_000, 'the job to start');
    w.child.kill('SIGTERM');
    const result = await w.done;
    expect(result.code, w.output()).toBe(0);
    expect((await state(id))?.state).toBe('completed');
  });

  it('on SIGTERM releases a job that outlasts the grace period, and still exits 0', async () => {
    const w = await spawnWorker({ WORKER_SHUTDOWN_GRACE_MS: '300' });
    const id = await enqueueSleep(30_000);
    await waitFor(async () => (await state(id))?.state === 'active', 5_000, 'the job to start');
    const stopping = Date.now();
    w.child.kill('SIGTERM');
    const result = await w.done;
    expect(result.code, w.output()).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(5_000);
    expect(await state(id)).toMatchObject({ state: 'created', retry_count: 0 });
    await db.query(`DELETE FROM pgboss.job WHERE id = $1`, [id], signal());
  });

  it('after a kill -9 mid-job, another worker runs the job again within the recovery bound', async () => {
    // Two workers, as in production; whichever takes the job is killed mid-job.
    const workers = [await spawnWorker({ LOG_LEVEL: 'debug' }), await spawnWorker({ LOG_LEVEL: 'debug' })];
    const id = await enqueueSleep(3_000);
    const startedBy = (w: RunningWorker) => w.output().split('\n').some((l) => l.includes(id) && l.includes('"job started"'));
    const holder = await waitFor(() => workers.find(startedBy), 5_000, 'a worker to start the job');
    const other = workers.find((w) => w !== holder)!;
    holder.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await holder.done).signal).toBe('SIGKILL');

    // Runnable again within lease + sweep interval; the other worker polls every 100 ms.
    await waitFor(() => startedBy(other), 15_000, 'the other worker to run the job again');
    const recoveredMs = Date.now() - killedAt;
    expect(recoveredMs).toBeLessThan((LEASE_SECONDS + SWEEP_SECONDS) * 1000 + 1_000);
    expect((await state(id))?.retry_count).toBe(1);
    await waitFor(async () => (await state(id))?.state === 'completed', 10_000, 'the second run to complete');
    other.child.kill('SIGTERM');
    expect((await other.done).code).toBe(0);
  });
});
