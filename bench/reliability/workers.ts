// `workers`: --workers `ledgerline worker` processes (outbox mail: DATA_DIR/mail), each killed with
// kill -9 --kills-per-worker times at random moments and started again, while --jobs balance
// orders are placed, each enqueuing its order-confirmation send_email job in its transaction.
// Expected: every job completes; every message is in the outbox exactly once (by Message-ID).
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { buildCliServices } from '../../src/main.ts';
import { ROOT } from './database.ts';
import { seedActors, seedProduct } from './fixtures.ts';
import { startWorker, type WorkerProcess } from './processes.ts';
import { check, round1, tally } from './report.ts';
import type { Scenario } from './scenario.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const signal = new AbortController().signal;
/** Seconds of order placing per planned kill of one worker: the kills fall while jobs arrive. */
const PRODUCE_SECONDS_PER_KILL = 3;

export const workers: Scenario = async ({ db, options, say }) => {
  const dataDir = path.join(ROOT, 'var', 'bench-reliability', 'workers');
  const outbox = path.join(dataDir, 'mail');
  rmSync(outbox, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const jobSettings = {
    JOB_LEASE_SECONDS: String(options.leaseSeconds),
    JOB_SWEEP_INTERVAL_SECONDS: '1',
    JOB_POLL_INTERVAL_MS: '500',
  };
  // The orders are placed in this process, through the services, as the API would place them.
  const config = loadConfig({
    APP_ENV: 'production',
    SECRET_KEY: randomBytes(48).toString('base64url'),
    DATABASE_URL: db.url,
    PUBLIC_URL: 'https://ledgerline.bench.test',
    EMAILS_PER_USER_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
    ...jobSettings,
  });
  const { db: pool, services } = buildCliServices(config, db.url);
  const workerEnv = { ...jobSettings, WORKER_CONCURRENCY: String(options.concurrency) };
  const slots: { proc: WorkerProcess; kills: number }[] = [];
  try {
    const [staff] = await seedActors(db, 1, { staff: true, prefix: 'staff' });
    const [buyer] = await seedActors(db, 1, { prefix: 'buyer' });
    const productId = await seedProduct(db, 1);
    await services.balance.adjust({ userId: buyer!.id, amountCents: options.jobs, reason: 'reliability funding', staffUserId: staff!.id }, signal);

    for (let w = 0; w < options.workers; w++) slots.push({ proc: startWorker(db.url, dataDir, workerEnv), kills: 0 });
    await Promise.all(slots.map((s) => s.proc.started));
    const t0 = performance.now();
    const now = () => performance.now() - t0;

    const produceMs = Math.max(10_000, options.killsPerWorker * PRODUCE_SECONDS_PER_KILL * 1000);
    say(`placing ${options.jobs} orders over ${produceMs / 1000} s; ${options.workers} workers, each killed ${options.killsPerWorker} times`);
    const producer = (async () => {
      for (let i = 0; i < options.jobs; i++) {
        await services.orders.create(buyer!.id, { items: [{ productId, qty: 1 }], paymentMethod: 'balance' }, signal);
        const wait = ((i + 1) * produceMs) / options.jobs - now();
        if (wait > 0) await sleep(wait);
      }
      return now();
    })();

    const states = async () =>
      Object.fromEntries(
        (
          await db.query<{ state: string; n: string }>(
            `SELECT state, count(*) AS n FROM (SELECT state FROM pgboss.job WHERE name = 'send_email' UNION ALL SELECT state FROM pgboss.archive WHERE name = 'send_email') j GROUP BY state`,
          )
        ).map((r) => [r.state, Number(r.n)]),
      ) as Record<string, number>;
    // When the last job completed: kills may go on after that, or the queue drain after them.
    let killsDone = Infinity;
    const drained = (async () => {
      let byState = await states();
      while ((byState['completed'] ?? 0) < options.jobs && now() - killsDone < 180_000) {
        await sleep(250);
        byState = await states();
      }
      return { byState, at: now() };
    })();

    const killLog: { worker: number; kill: number; at_ms: number; active_jobs: number; restart_ms: number }[] = [];
    const killers = slots.map(async (slot, w) => {
      while (slot.kills < options.killsPerWorker) {
        await slot.proc.started;
        await sleep(300 + Math.random() * 1_700);
        const [active] = await db.query<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'send_email' AND state = 'active'`);
        const at = now();
        await slot.proc.kill();
        slot.kills++;
        slot.proc = startWorker(db.url, dataDir, workerEnv);
        await slot.proc.started;
        killLog.push({ worker: w + 1, kill: slot.kills, at_ms: Math.round(at), active_jobs: Number(active!.n), restart_ms: Math.round(now() - at) });
      }
      return now();
    });
    const producedAt = await producer;
    const lastKillAt = Math.max(...(await Promise.all(killers)));
    killsDone = lastKillAt;
    say(`orders placed by ${Math.round(producedAt / 1000)} s, last kill at ${Math.round(lastKillAt / 1000)} s; waiting for the queue to drain`);
    const { byState, at: drainedAt } = await drained;

    const [{ retried, sent } = { retried: '0', sent: '0' }] = await db.query<{ retried: string; sent: string }>(
      `SELECT (SELECT count(*) FROM pgboss.job WHERE name = 'send_email' AND retry_count > 0) AS retried,
              (SELECT count(*) FROM sent_emails) AS sent`,
    );
    const files = readdirSync(outbox);
    const messages = files.filter((f) => f.endsWith('.eml') && !f.startsWith('.'));
    const partial = files.filter((f) => f.endsWith('.partial'));
    // `<UTC timestamp>-<Message-ID>.eml`: the timestamp has no dash.
    const perMessage = tally(messages, (f) => f.slice(f.indexOf('-') + 1, -'.eml'.length));
    const duplicates = Object.entries(perMessage).filter(([, n]) => n > 1);
    const interruptedKills = killLog.filter((k) => k.active_jobs > 0).length;
    const restartMs = killLog.map((k) => k.restart_ms).sort((a, b) => a - b);

    return {
      tables: [
        {
          title: `${options.workers} workers × ${options.killsPerWorker} kill -9 during ${options.jobs} send_email jobs (WORKER_CONCURRENCY=${options.concurrency}, JOB_LEASE_SECONDS=${options.leaseSeconds})`,
          rows: [
            { metric: 'kills (with jobs running anywhere at the moment)', value: `${killLog.length} (${interruptedKills})` },
            { metric: 'worker restart to `worker started` (ms, median / max)', value: `${restartMs[Math.floor(restartMs.length / 2)] ?? '-'} / ${restartMs.at(-1) ?? '-'}` },
            { metric: 'jobs by state', value: JSON.stringify(byState) },
            { metric: 'jobs claimed again after a kill (retry_count > 0)', value: Number(retried) },
            { metric: 'sent_emails rows', value: Number(sent) },
            { metric: 'outbox messages / distinct Message-IDs / duplicated', value: `${messages.length} / ${Object.keys(perMessage).length} / ${duplicates.length}` },
            { metric: 'partial files left by a kill mid-write', value: partial.length },
            { metric: 'orders placed by / last kill at / every job completed at (s)', value: `${round1(producedAt / 1000)} / ${round1(lastKillAt / 1000)} / ${round1(drainedAt / 1000)}` },
          ],
        },
      ],
      checks: [
        check('every job completed', (byState['completed'] ?? 0) === options.jobs, JSON.stringify(byState)),
        check('every kill done', killLog.length === options.workers * options.killsPerWorker, `${killLog.length} kills`),
        check('every e-mail delivered', Object.keys(perMessage).length === options.jobs && Number(sent) === options.jobs, `${Object.keys(perMessage).length} distinct messages, ${sent} recorded`),
        check('no e-mail delivered twice', duplicates.length === 0, duplicates.length === 0 ? 'none' : duplicates.slice(0, 5).map(([id, n]) => `${id} ×${n}`).join(', ')),
      ],
      data: { kills: killLog, jobs_by_state: byState, retried: Number(retried), sent_emails: Number(sent), outbox_messages: messages.length, duplicates, partial_files: partial.length, produced_at_s: producedAt / 1000, last_kill_at_s: lastKillAt / 1000, completed_at_s: drainedAt / 1000 },
    };
  } finally {
    await Promise.all(slots.map((s) => s.proc.stop()));
    await pool.close();
  }
};
