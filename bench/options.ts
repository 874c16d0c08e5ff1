// Benchmark settings: flags win over environment variables, which win over the defaults.
import path from 'node:path';
import { parseArgs } from 'node:util';

export interface BenchOptions {
  users: number;
  invoicesPerUser: number;
  customersPerUser: number;
  connections: number;
  /** Seconds measured per round and per server. */
  duration: number;
  /** Seconds of unmeasured load before each measurement. */
  warmup: number;
  rounds: number;
  /** Database pool size of both servers. */
  pool: number;
  dataDir: string;
  resultsDir: string;
  /** Before each measurement, wait for this share of idle CPU (%)… */
  quietIdle: number;
  /** …for at most this many seconds. */
  quietMax: number;
  /** Write V8 CPU profiles of both servers (node --cpu-prof) to resultsDir/profiles-<stamp>/. */
  cpuProf: boolean;
}

export const USAGE = `usage: npm run bench -- [flags]

  --users N               users, each with one API token (BENCH_USERS, 100)
  --invoices-per-user N   invoices per user (BENCH_INVOICES_PER_USER, 100)
  --customers-per-user N  customers per user (BENCH_CUSTOMERS_PER_USER, 5)
  --connections N         concurrent keep-alive connections (BENCH_CONNECTIONS, 32)
  --duration S            seconds measured per round and server (BENCH_DURATION, 10)
  --warmup S              unmeasured seconds before each measurement (BENCH_WARMUP, 2)
  --rounds N              baseline/ledgerline alternations, medians reported (BENCH_ROUNDS, 3)
  --pool N                database pool size of both servers (BENCH_POOL, 10)
  --quiet-idle P          wait for P % idle CPU before each measurement (BENCH_QUIET_IDLE, 85; 0 = never wait)
  --quiet-max S           but at most S seconds (BENCH_QUIET_MAX, 120)
  --data-dir DIR          embedded PostgreSQL data (BENCH_DATA_DIR, var/bench)
  --cpu-prof              write CPU profiles of both servers next to the results
`;

const ROOT = path.resolve(import.meta.dirname, '..');

/** The settings, or 'help' when --help was asked for. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      users: { type: 'string' },
      'invoices-per-user': { type: 'string' },
      'customers-per-user': { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      pool: { type: 'string' },
      'quiet-idle': { type: 'string' },
      'quiet-max': { type: 'string' },
      'data-dir': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const int = (flag: keyof typeof values, envName: string, fallback: number, min: number): number => {
    const raw = (values[flag] as string | undefined) ?? env[envName];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${flag} / ${envName} must be an integer ≥ ${min} (got "${raw}")`);
    return n;
  };
  const options: BenchOptions = {
    users: int('users', 'BENCH_USERS', 100, 2),
    invoicesPerUser: int('invoices-per-user', 'BENCH_INVOICES_PER_USER', 100, 1),
    customersPerUser: int('customers-per-user', 'BENCH_CUSTOMERS_PER_USER', 5, 1),
    connections: int('connections', 'BENCH_CONNECTIONS', 32, 1),
    duration: int('duration', 'BENCH_DURATION', 10, 1),
    warmup: int('warmup', 'BENCH_WARMUP', 2, 0),
    rounds: int('rounds', 'BENCH_ROUNDS', 3, 1),
    pool: int('pool', 'BENCH_POOL', 10, 1),
    quietIdle: int('quiet-idle', 'BENCH_QUIET_IDLE', 85, 0),
    quietMax: int('quiet-max', 'BENCH_QUIET_MAX', 120, 0),
    dataDir: path.resolve(values['data-dir'] ?? env['BENCH_DATA_DIR'] ?? path.join(ROOT, 'var', 'bench')),
    resultsDir: path.join(ROOT, 'bench', 'results'),
    cpuProf: values['cpu-prof'] === true,
  };
  return options;
}
