// What a system's PostgreSQL backends were doing while its load was measured: `pg_stat_activity`
// sampled every 100 ms, each active backend counted under its wait event (`Lock:transactionid`,
// `IO:WALSync`, …) or as `running` when it waits on nothing, and each backend idle inside a
// transaction as `idle in transaction`. The result is the mean number of backends in each state
// over the measured seconds. It shows at a glance what a workload queues on. A throwaway version
// of it found the notification lock that serialised every order's commit (docs/PERFORMANCE.md,
// "Wake-ups after the commit").
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export const DB_WAIT_SAMPLE_MS = 100;

/** Mean active backends per state, over `samples` ticks. */
export interface DbWaits {
  samples: number;
  backends: Record<string, number>;
}

// A backend idle inside a transaction waits for the application's next statement while it holds
// the transaction's locks: counted apart, it shows how long the application keeps them.
const SAMPLE = `
  SELECT CASE WHEN state = 'active' THEN COALESCE(wait_event_type || ':' || wait_event, 'running') ELSE state END AS state,
         count(*)::int AS n
    FROM pg_stat_activity
   WHERE datname = $1 AND state IN ('active', 'idle in transaction') AND backend_type = 'client backend'
     AND pid <> pg_backend_pid()
   GROUP BY 1`;

export class DbWaitSampler {
  private readonly totals = new Map<string, number>();
  private samples = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;

  /** `measuring()`: whether this tick is inside the measured window (see wrk-window.ts). */
  constructor(
    private readonly connectionString: string,
    private readonly database: string,
    private readonly measuring: () => boolean = () => true,
  ) {}

  start(): this {
    this.loop = this.run();
    // stop() rethrows a failure; handled here too, so that one before stop() does not end the run
    // as an unhandled rejection.
    this.loop.catch(() => undefined);
    return this;
  }

  async stop(): Promise<DbWaits> {
    this.stopped = true;
    await this.loop;
    const backends: Record<string, number> = {};
    const sorted = [...this.totals].sort((a, b) => b[1] - a[1]);
    for (const [state, n] of sorted) backends[state] = Math.round((n / Math.max(this.samples, 1)) * 10) / 10;
    return { samples: this.samples, backends };
  }

  private async run(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString, application_name: 'ledgerline-bench-waits' });
    await client.connect();
    try {
      while (!this.stopped) {
        if (this.measuring()) {
          const { rows } = await client.query<{ state: string; n: number }>(SAMPLE, [this.database]);
          this.samples++;
          for (const r of rows) this.totals.set(r.state, (this.totals.get(r.state) ?? 0) + r.n);
        }
        await sleep(DB_WAIT_SAMPLE_MS);
      }
    } finally {
      await client.end();
    }
  }
}

/** `Lock:object 7.9, Lock:transactionid 6.5, running 1.2`: the states holding most backends. */
export function formatDbWaits(waits: DbWaits | undefined, top = 5): string {
  if (waits === undefined || waits.samples === 0) return '?';
  const states = Object.entries(waits.backends).filter(([, n]) => n >= 0.05);
  if (states.length === 0) return 'none active';
  return states
    .slice(0, top)
    .map(([state, n]) => `${state} ${n.toFixed(1)}`)
    .join(', ');
}
