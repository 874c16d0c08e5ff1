// WEB_CONCURRENCY > 1: the web server on every core, as Node cluster workers sharing one listening
// socket (gunicorn's model: one supervising process, N identical web processes). The primary owns
// what must exist once per machine — the embedded database, migrations, the in-process job worker
// of `ledgerline start` — and restarts a web process that dies. Each web process has its own pool,
// principal cache and metrics registry; see docs/SCALING.md for the connection budget.
import cluster, { type Worker as ClusterWorker } from 'node:cluster';
import type { Logger } from 'pino';

/** A web process that dies sooner than this after starting counts as a crash loop, not a crash. */
const MIN_UPTIME_MS = 5_000;
/** Consecutive quick deaths before the primary gives up and exits with an error. */
const MAX_QUICK_DEATHS = 5;

export interface WebClusterOptions {
  size: number;
  /** Handed to every web process: the database it must use (the embedded one's URL, for `start`). */
  databaseUrl: string;
  logger: Logger;
  /** How long the web processes get to drain after SIGTERM before they are killed. */
  shutdownGraceMs: number;
}

export interface WebCluster {
  /** Resolves once every web process listens. */
  ready: Promise<void>;
  /** Rejects when the cluster cannot keep its processes alive (a crash loop). */
  failed: Promise<never>;
  /** SIGTERM to every web process, then waits for all of them to exit (SIGKILL after the grace). */
  stop(): Promise<void>;
}

/** True in a web process forked by `startWebCluster`. */
export const isClusterWorker = (): boolean => cluster.isWorker;

export function startWebCluster(options: WebClusterOptions): WebCluster {
  const { size, databaseUrl, logger } = options;
  // Workers are forked from this very command line (`ledgerline start|web`); they see
  // cluster.isWorker and serve HTTP only, on the database chosen here.
  const env = { DATABASE_URL: databaseUrl };
  // The web processes accept from the shared socket themselves. Under Node's default round-robin
  // the primary accepts and hands each connection over IPC, and one handed to a process that has
  // just died (kill -9, OOM) is never closed nor passed on: its client hangs until it times out
  // (one per kill in `npm run bench:reliability -- kill-web`). Throughput measured the same.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  const live = new Set<ClusterWorker>();
  let stopping = false;
  let quickDeaths = 0;
  let fail: (err: Error) => void = () => undefined;
  const failed = new Promise<never>((_resolve, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);

  const fork = (): Promise<void> =>
    new Promise((resolve) => {
      const startedAt = Date.now();
      const worker = cluster.fork(env);
      live.add(worker);
      worker.once('listening', () => resolve());
      worker.once('exit', (code, signal) => {
        live.delete(worker);
        if (stopping) return;
        const quick = Date.now() - startedAt < MIN_UPTIME_MS;
        quickDeaths = quick ? quickDeaths + 1 : 0;
        logger.error({ pid: worker.process.pid, code, signal }, 'web process died; starting another');
        if (quickDeaths >= MAX_QUICK_DEATHS) {
          fail(new Error(`web processes keep dying within ${MIN_UPTIME_MS} ms of starting; giving up (see the log above)`));
          return;
        }
        void fork();
      });
    });

  const ready = Promise.race([Promise.all(Array.from({ length: size }, fork)).then(() => undefined), failed]);

  return {
    ready,
    failed,
    async stop() {
      stopping = true;
      const exits = [...live].map((w) => new Promise<void>((resolve) => (w.isDead() ? resolve() : w.once('exit', () => resolve()))));
      for (const w of live) w.process.kill('SIGTERM');
      const kill = setTimeout(() => {
        for (const w of live) w.process.kill('SIGKILL');
      }, options.shutdownGraceMs + 2_000);
      await Promise.all(exits);
      clearTimeout(kill);
    },
  };
}
