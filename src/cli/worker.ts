// `ledgerline worker`: a background-job worker process (any number of them, on any machines).
// Logs JSON at LOG_LEVEL like `web`; exits 0 after a graceful SIGTERM/SIGINT.
import { runWorker } from '../processes.ts';
import { createLogger } from '../platform/log.ts';
import { config, type Command } from './command.ts';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'run background jobs (embedded PostgreSQL unless DATABASE_URL is set); never migrates',
  details: [
    'WORKER_CONCURRENCY jobs at a time. SIGTERM or Ctrl-C: no new jobs, running ones get',
    'WORKER_SHUTDOWN_GRACE_MS to finish, the rest go back to the queue for another worker.',
    "A killed worker's jobs run again within JOB_LEASE_SECONDS + JOB_SWEEP_INTERVAL_SECONDS.",
  ],
  async run(_flags, _positionals, ctx) {
    const cfg = config(ctx);
    await runWorker(cfg, createLogger(cfg.logLevel));
    return 0;
  },
};
