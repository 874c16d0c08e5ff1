// The worker: claims jobs of the registered tasks and runs at most `concurrency` at a time.
//
// - Fetching: batches of up to the free slots per statement (FOR UPDATE SKIP LOCKED, in due
//   order; see ClaimJobs in queries.sql), woken by NOTIFY from enqueue (a job starts within milliseconds of its commit), by a
//   slot freeing up, and by a fallback poll (retries whose backoff ended, cron jobs, a lost
//   LISTEN connection).
// - Claims: a job is sent with expire_in = lease; the heartbeat renews the claims of running
//   attempts every lease/3. A dead worker's claims lapse, and the sweep (every worker, each
//   sweepInterval) puts them back: a job is runnable again within lease + sweepInterval of its
//   worker's death.
// - Shutdown: stop fetching, let running attempts finish within the grace period, release the
//   rest (runnable at once, attempt not counted), flush completions, stop.
import type { Logger } from 'pino';
import type { JobSettings } from '../../config.ts';
import type { Db } from '../db/db.ts';
import { NotificationListener } from '../db/notifications.ts';
import { NEVER_ABORTED } from '../signals.ts';
import { Attempt } from './attempt.ts';
import { AttemptStore, type ClaimedJob } from './attempt-store.ts';
import { createBoss, jobDefaults, type PgBoss } from './boss.ts';
import { describeError, WorkerShutdownError } from './errors.ts';
import { ensureQueue } from './queue.ts';
import { JOBS_CHANNEL } from './wakeups.ts';
import type { TaskRegistry } from './registry.ts';

export interface WorkerOptions {
  /** The worker's own pool (handlers, fetches and outcomes share it). */
  db: Db;
  /** For the LISTEN connection (a pooled connection cannot hold LISTEN). */
  databaseUrl: string;
  registry: TaskRegistry;
  logger: Logger;
  concurrency: number;
  settings: JobSettings;
  /** How often cron schedules are checked (pg-boss default 30 s; tests shorten it). */
  cronCheckIntervalSeconds?: number;
  /** After a stop released jobs, how long to wait for their aborted handlers to settle. */
  abortGraceMs?: number;
}

export class Worker {
  /** Made by start() (pg-boss is loaded then); undefined before. */
  private boss: PgBoss | undefined;
  private readonly store: AttemptStore;
  private readonly listener: NotificationListener;
  private readonly running = new Map<string, Attempt>();
  /** Queues that may have runnable jobs, with a mark that changes on every hint. */
  private readonly hints = new Map<string, number>();
  private hintSeq = 0;
  private cursor = 0;
  private wakeUp: (() => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private loop: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: WorkerOptions) {
    const log = options.logger;
    this.store = new AttemptStore(options.db, (err, what) => log.error({ err }, `job queue: ${what}`));
    this.listener = new NotificationListener({
      connectionString: options.databaseUrl,
      channels: [JOBS_CHANNEL],
      onNotification: (queue) => this.hint([queue]),
      // Notifications may have been missed: look everywhere.
      onReset: () => this.hint(options.registry.names),
      onError: (err) => log.warn({ err }, 'job notification connection lost; polling until it is back'),
    });
  }

  /** Attempts running now (their handlers have not settled). */
  get active(): number {
    return this.running.size;
  }

  async start(): Promise<void> {
    try {
      await this.begin();
    } catch (err) {
      // Leave nothing running (pg-boss timers, LISTEN) that would keep the process alive.
      for (const t of this.timers) clearInterval(t);
      await this.listener.stop();
      await this.boss?.stop({ graceful: false, close: false }).catch(() => undefined);
      throw err;
    }
  }

  private async begin(): Promise<void> {
    const { registry, settings, logger } = this.options;
    const boss = await createBoss({
      db: this.options.db,
      leaseSeconds: settings.leaseSeconds,
      role: 'worker',
      cronCheckIntervalSeconds: this.options.cronCheckIntervalSeconds,
      onError: (err) => logger.warn({ err }, 'job queue maintenance error'),
    });
    this.boss = boss;
    try {
      await boss.start();
    } catch (err) {
      throw new Error('the job queue schema is missing or out of date: run `ledgerline migrate`', { cause: err });
    }
    for (const name of registry.names) await ensureQueue(this.options.db, name, NEVER_ABORTED);
    await this.syncSchedules(boss);
    await this.listener.start();
    const every = (ms: number, fn: () => Promise<void> | void) => {
      this.timers.push(setInterval(() => void Promise.resolve(fn()).catch((err: unknown) => logger.warn({ err }, 'job worker timer failed')), ms));
    };
    every(settings.pollIntervalMs, () => this.hint(registry.names));
    every((settings.leaseSeconds * 1000) / 3, () => this.heartbeat());
    every(settings.sweepIntervalSeconds * 1000, () => boss.expire());
    // A worker restarting after a crash puts its own lapsed claims back at once.
    await boss.expire();
    this.hint(registry.names);
    this.loop = this.fetchLoop();
    logger.info({ tasks: registry.names, concurrency: this.options.concurrency, schedules: registry.schedules.length }, 'worker started');
  }

  /** Graceful stop; idempotent. Resolves when nothing of this worker runs any more. */
  stop(graceMs = this.options.settings.shutdownGraceMs): Promise<void> {
    this.stopping ??= this.shutdown(graceMs);
    return this.stopping;
  }

  private async shutdown(graceMs: number): Promise<void> {
    const log = this.options.logger;
    const deadline = Date.now() + graceMs;
    log.info({ running: this.running.size, graceMs }, 'worker stopping: no new jobs; waiting for running ones');
    this.wakeUp?.();
    await this.loop;
    await this.listener.stop();
    await this.boss?.stop({ graceful: false, close: false }).catch((err: unknown) => log.warn({ err }, 'stopping pg-boss'));
    while (this.running.size > 0 && Date.now() < deadline) await this.settled(deadline - Date.now());
    const released = [...this.running.values()].filter((a) => a.release()).map((a) => a.ref);
    if (released.length > 0) {
      await this.store
        .release(released, describeError(new WorkerShutdownError()))
        .catch((err: unknown) => log.error({ err }, 'could not release jobs at shutdown; they run again when their claims lapse'));
      const abortDeadline = Date.now() + (this.options.abortGraceMs ?? 2_000);
      while (this.running.size > 0 && Date.now() < abortDeadline) await this.settled(abortDeadline - Date.now());
    }
    if (this.running.size > 0) log.warn({ handlers: this.running.size }, 'handlers still running after their signal was aborted; leaving them');
    for (const t of this.timers) clearInterval(t);
    await this.store.drain();
    log.info({ released: released.length }, 'worker stopped');
  }

  /** Waits until some attempt settles, or ms pass (the timer is cleared: it must not hold the process). */
  private async settled(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      timer = setTimeout(resolve, Math.max(0, ms));
    });
    clearTimeout(timer);
  }

  private hint(queues: readonly string[]): void {
    this.hintSeq++;
    for (const q of queues) if (this.options.registry.get(q) !== undefined) this.hints.set(q, this.hintSeq);
    this.wakeUp?.();
  }

  private async fetchLoop(): Promise<void> {
    while (this.stopping === undefined) {
      const free = this.options.concurrency - this.running.size;
      const queues = [...this.hints.keys()];
      if (free <= 0 || queues.length === 0) {
        await new Promise<void>((r) => (this.wakeUp = r));
        continue;
      }
      const name = queues[this.cursor++ % queues.length]!;
      const mark = this.hints.get(name);
      const jobs = await this.fetch(name, free);
      // Drained for now, unless a hint arrived while fetching (that job may not have been visible).
      if (jobs.length < free && this.hints.get(name) === mark) this.hints.delete(name);
      for (const job of jobs) this.launch(job);
    }
  }

  private async fetch(name: string, batchSize: number): Promise<ClaimedJob[]> {
    try {
      return await this.store.claim(name, batchSize);
    } catch (err) {
      this.options.logger.warn({ err, queue: name }, 'fetching jobs failed');
      return [];
    }
  }

  private launch(job: ClaimedJob): void {
    const task = this.options.registry.get(job.name);
    if (task === undefined) return; // cannot happen: only registered queues are fetched
    const attempt = new Attempt(job, task, this.store, this.options.logger);
    this.running.set(job.id, attempt);
    void attempt.run().finally(() => {
      this.running.delete(job.id);
      this.wakeUp?.();
    });
  }

  /**
   * Renews the claims this worker holds (running handlers, and outcomes being recorded, such as a
   * slow onFinalFailure); a running attempt whose claim is already gone is abandoned.
   */
  private async heartbeat(): Promise<void> {
    const held = [...this.running.values()].filter((a) => a.holdsClaim);
    if (held.length === 0) return;
    const kept = await this.store.extend(
      held.map((a) => a.ref),
      this.options.settings.leaseSeconds,
    );
    for (const a of held) if (!kept.has(a.ref.id)) a.abandon();
  }

  /** Makes pg-boss's cron table match the registry (a schedule removed from code stops). */
  private async syncSchedules(boss: PgBoss): Promise<void> {
    const { registry, settings } = this.options;
    const wanted = new Map(registry.schedules.map((s) => [s.task.name, s]));
    for (const existing of await boss.getSchedules()) {
      if (!wanted.has(existing.name)) await boss.unschedule(existing.name);
    }
    for (const s of wanted.values()) {
      await boss.schedule(s.task.name, s.cron, s.payload as object, {
        tz: 'UTC',
        retryLimit: s.task.maxAttempts,
        ...jobDefaults(settings.leaseSeconds),
      });
    }
  }
}
