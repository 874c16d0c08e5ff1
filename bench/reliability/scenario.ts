// What every scenario gets and gives back, and the command line that chooses one.
import { parseArgs } from 'node:util';
import type { HarnessDatabase } from './database.ts';
import type { Check } from './report.ts';

export const SCENARIOS = ['debits', 'restarts', 'workers', 'kill-web', 'soak'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface ReliabilityOptions {
  scenario: ScenarioName;
  /** WEB_CONCURRENCY of `ledgerline web`. */
  webProcesses: number;
  /** DATABASE_POOL_SIZE of each process. */
  pool: number;
  /** Concurrent request loops of the steady load (restarts, kill-web, the soak's peak measurement). */
  loops: number;
  /** debits: how many, and of how many cents each. */
  requests: number;
  amount: number;
  /** restarts: how many, how long PostgreSQL stays down, seconds of steady load after each recovery. */
  restarts: number;
  downMs: number;
  steadySeconds: number;
  /** kill-web: kill -9 of a web process, this many times, this many seconds apart. */
  kills: number;
  intervalSeconds: number;
  /** workers: worker processes, kill -9 of each, send_email jobs, WORKER_CONCURRENCY, JOB_LEASE_SECONDS. */
  workers: number;
  killsPerWorker: number;
  jobs: number;
  concurrency: number;
  leaseSeconds: number;
  /** soak: length, and requests per second (default: 70% of a quick peak measurement). */
  minutes: number;
  rate: number | undefined;
}

export interface ScenarioResult {
  tables: { title: string; rows: Record<string, unknown>[] }[];
  checks: Check[];
  data: Record<string, unknown>;
}

export interface ScenarioContext {
  db: HarnessDatabase;
  options: ReliabilityOptions;
  say: (line: string) => void;
}

export type Scenario = (ctx: ScenarioContext) => Promise<ScenarioResult>;

export const USAGE = `usage: npm run bench:reliability -- <${SCENARIOS.join('|')}> [options]
  common     --web-processes 2  --pool 10  --loops 16
  debits     --requests 1000  --amount 100
  restarts   --restarts 10  --down-ms 1000  --steady-seconds 3
  kill-web   --kills 6  --interval-seconds 4
  workers    --workers 2  --kills-per-worker 20  --jobs 2000  --concurrency 8  --lease-seconds 5
  soak       --minutes 10  --rate <requests/s; default 70% of a measured peak>`;

export function parseOptions(argv: string[]): ReliabilityOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'web-processes': { type: 'string', default: '2' },
      pool: { type: 'string', default: '10' },
      loops: { type: 'string', default: '16' },
      requests: { type: 'string', default: '1000' },
      amount: { type: 'string', default: '100' },
      restarts: { type: 'string', default: '10' },
      'down-ms': { type: 'string', default: '1000' },
      'steady-seconds': { type: 'string', default: '3' },
      kills: { type: 'string', default: '6' },
      'interval-seconds': { type: 'string', default: '4' },
      workers: { type: 'string', default: '2' },
      'kills-per-worker': { type: 'string', default: '20' },
      jobs: { type: 'string', default: '2000' },
      concurrency: { type: 'string', default: '8' },
      'lease-seconds': { type: 'string', default: '5' },
      minutes: { type: 'string', default: '10' },
      rate: { type: 'string' },
    },
  });
  const scenario = positionals[0];
  if (positionals.length !== 1 || !(SCENARIOS as readonly string[]).includes(scenario ?? '')) throw new Error(USAGE);
  const num = (name: keyof typeof values, min: number): number => {
    const n = Number(values[name]);
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number of at least ${min}\n${USAGE}`);
    return n;
  };
  return {
    scenario: scenario as ScenarioName,
    webProcesses: num('web-processes', 1),
    pool: num('pool', 1),
    loops: num('loops', 1),
    requests: num('requests', 2),
    amount: num('amount', 1),
    restarts: num('restarts', 1),
    downMs: num('down-ms', 0),
    steadySeconds: num('steady-seconds', 0),
    kills: num('kills', 1),
    intervalSeconds: num('interval-seconds', 0),
    workers: num('workers', 1),
    killsPerWorker: num('kills-per-worker', 0),
    jobs: num('jobs', 1),
    concurrency: num('concurrency', 1),
    leaseSeconds: num('lease-seconds', 2),
    minutes: num('minutes', 0.1),
    rate: values.rate === undefined ? undefined : num('rate', 1),
  };
}
