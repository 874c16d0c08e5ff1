// pg-boss, configured once for Ledgerline. Only platform/jobs imports this module; features see
// task.ts. pg-boss owns the schema (one partition of pgboss.job per queue), releases lapsed
// claims, archives old jobs and runs cron schedules. Inserting jobs as its send() does (queue.ts),
// claiming in due order, retries with our backoff, time limits, heartbeats and concurrency are
// ours (worker.ts, queries.sql).
//
// pg-boss itself is imported only when a PgBoss is made (workers, and tests): web processes enqueue
// with our own statement and never load it (~6 MiB of RSS each).
import type PgBoss from 'pg-boss';
import type { Db } from '../db/db.ts';
import { NEVER_ABORTED } from '../signals.ts';

export const PGBOSS_SCHEMA = 'pgboss';

/**
 * Retention, fixed on purpose (DECISIONS.md, "Background jobs"): completed jobs leave the hot table
 * after an hour, failed ones stay there 30 days for staff to inspect, retry or delete, and the
 * archive keeps both 7 more days. A job nobody started within 30 days is archived unrun.
 */
const RETENTION = {
  archiveCompletedAfterSeconds: 3600,
  archiveFailedAfterSeconds: 30 * 24 * 3600,
  deleteAfterDays: 7,
  retentionDays: 30,
  /** Archive, delete and (as a backstop to each worker's own sweep) release lapsed claims. */
  maintenanceIntervalSeconds: 60,
} as const;

/** pg-boss's maintenance commands: `BEGIN; SET LOCAL …; SELECT pg_advisory_xact_lock(…); …; COMMIT;`. */
const LOCKED = /^\s*BEGIN;([\s\S]*)COMMIT;\s*$/;

/** pg-boss's `db` adapter over our Db (the pool or a caller's transaction). */
export function executor(db: Db, signal: AbortSignal = NEVER_ABORTED): PgBoss.Db {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const locked = values === undefined || values.length === 0 ? LOCKED.exec(text) : null;
      if (locked !== null) {
        // Sent as one multi-statement text, a failure midway (say its lock_timeout) would leave
        // the pooled connection inside an aborted transaction for its next user. Our transaction
        // rolls back on error on that very connection.
        await db.transaction(signal, (tx) => tx.query(locked[1]!, [], signal));
        return { rows: [] };
      }
      const rows = await db.query(text, values ?? [], signal);
      return { rows };
    },
  };
}

/** Options every job is sent with, whoever sends it (enqueue, cron, pg-boss's own insert). */
export function jobDefaults(leaseSeconds: number): { expireInSeconds: number; retryDelay: number; retryBackoff: boolean } {
  // The claim lasts leaseSeconds unless the worker's heartbeat renews it. A claim that lapses is
  // failed by pg-boss into `retry`, runnable at once (retryDelay 0): our backoff applies only to
  // attempts that reported an error (worker.ts sets start_after itself).
  return { expireInSeconds: leaseSeconds, retryDelay: 0, retryBackoff: false };
}

/**
 * What pg-boss's send() falls back to for a job whose queue sets nothing itself, as queue.ts's own
 * insert (InsertJobs) needs it: the same constructor options as createBoss, so a job we insert and
 * one pg-boss inserts (cron) are written alike.
 */
export function sendDefaults(leaseSeconds: number): ReturnType<typeof jobDefaults> & { keepUntil: string } {
  return { ...jobDefaults(leaseSeconds), keepUntil: `${RETENTION.retentionDays} days` };
}

export interface BossOptions {
  db: Db;
  leaseSeconds: number;
  /**
   * `sender`: only sends and creates queues (web and CLI processes). `worker`: also runs pg-boss's
   * maintenance and cron scheduler.
   */
  role: 'sender' | 'worker';
  /** How often a worker looks for due cron schedules (pg-boss default 30 s; tests shorten it). */
  cronCheckIntervalSeconds?: number;
  onError(err: unknown): void;
}

export async function createBoss(options: BossOptions): Promise<PgBoss> {
  const { default: PgBossClass } = await import('pg-boss');
  const worker = options.role === 'worker';
  const boss = new PgBossClass({
    db: executor(options.db),
    schema: PGBOSS_SCHEMA,
    // The schema comes from our migrations (0009_job_queue.sql); start() only checks its version.
    migrate: false,
    supervise: worker,
    schedule: worker,
    ...RETENTION,
    ...jobDefaults(options.leaseSeconds),
    ...(options.cronCheckIntervalSeconds === undefined
      ? {}
      : { cronMonitorIntervalSeconds: options.cronCheckIntervalSeconds, cronWorkerIntervalSeconds: options.cronCheckIntervalSeconds }),
  });
  // An EventEmitter 'error' without a listener would crash the process.
  boss.on('error', options.onError);
  return boss;
}

/**
 * pg-boss's construction plan without its own BEGIN/advisory lock/COMMIT wrapper: the body of
 * migrations/0009_job_queue.sql, which a test keeps identical to what the installed pg-boss builds.
 */
export async function pgBossSchemaSql(): Promise<string> {
  const { default: PgBossClass } = await import('pg-boss');
  const plan = PgBossClass.getConstructionPlans(PGBOSS_SCHEMA);
  const lockEnd = '::bit(64)::bigint\n  );';
  const start = plan.indexOf(lockEnd);
  const end = plan.lastIndexOf('COMMIT;');
  if (start === -1 || end === -1) throw new Error('unexpected shape of pg-boss construction plan');
  return plan.slice(start + lockEnd.length, end).trim();
}

export type { PgBoss };
