// Benchmark settings: flags win over environment variables, which win over the defaults. The
// defaults keep a full `npm run bench` (W1–W4) at about four minutes on the 2-vCPU machine.
import path from 'node:path';
import { parseArgs } from 'node:util';

export const WORKLOAD_IDS = ['W1', 'W2', 'W3', 'W4'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];

export interface SeedSize {
  users: number;
  customersPerUser: number;
  invoicesPerUser: number;
  categories: number;
  products: number;
  /** Paid balance orders of 3 items each, per user. */
  ordersPerUser: number;
  /** What each user has left to spend after the seeded orders (minor units). */
  fundCents: number;
}

export interface BenchOptions extends SeedSize {
  workloads: WorkloadId[];
  connections: number;
  /** Seconds measured per round and per server. */
  duration: number;
  /** Seconds of unmeasured load before each measurement. */
  warmup: number;
  rounds: number;
  /** Database pool size of every Node server (per web process). */
  pool: number;
  /** Ledgerline's WEB_CONCURRENCY: web processes sharing the port (the baseline stays one process). */
  webConcurrency: number;
  dataDir: string;
  resultsDir: string;
  /** Before each measurement, wait for this share of idle CPU (%)… */
  quietIdle: number;
  /** …for at most this many seconds. */
  quietMax: number;
  /** Write V8 CPU profiles of the servers (node --cpu-prof) to resultsDir/profiles-<stamp>/. */
  cpuProf: boolean;
  /** Compare with the Django + DRF and Go peers (their harness, wrk) instead of the local run. */
  peers: boolean;
  peersDir: string;
  /** --peers: a measurement other processes disturbed by more than 5 % is repeated up to this many times. */
  peersTries: number;
}

export const USAGE = `usage: npm run bench -- [flags]

Workloads (each checked for the contract's shape before it is timed):
  W1  GET /api/v1/invoices/{id}       a random user's own invoice (also on the bare baseline)
  W2  GET /api/v1/orders?limit=50     a full page of 50 orders with 3 items each, random user
  W3  GET /api/v1/products?limit=50   anonymous, category nested
  W4  POST /api/v1/orders             balance, 1–3 random lines of qty 1–3, random funded user

  --workloads LIST        comma-separated, e.g. W1,W4 (BENCH_WORKLOADS, W1,W2,W3,W4)
  --users N               users, each with one API token (BENCH_USERS, 100)
  --invoices-per-user N   invoices per user (BENCH_INVOICES_PER_USER, 100)
  --customers-per-user N  customers per user (BENCH_CUSTOMERS_PER_USER, 5)
  --categories N          product categories (BENCH_CATEGORIES, 20)
  --products N            products, spread over the categories (BENCH_PRODUCTS, 100000)
  --orders-per-user N     paid balance orders of 3 items per user (BENCH_ORDERS_PER_USER, 60)
  --fund-cents N          balance left per user after the seeded orders (BENCH_FUND_CENTS, 10000000000)
  --connections N         concurrent keep-alive connections (BENCH_CONNECTIONS, 32)
  --duration S            seconds measured per round and server (BENCH_DURATION, 10)
  --warmup S              unmeasured seconds before each measurement (BENCH_WARMUP, 2)
  --rounds N              rounds per workload, servers alternating; medians reported (BENCH_ROUNDS, 3)
  --pool N                database pool size of the Node servers, per process (BENCH_POOL, 10)
  --web-concurrency N     Ledgerline's WEB_CONCURRENCY, web processes on one port
                          (BENCH_WEB_CONCURRENCY, 1; the baseline is always one process)
  --quiet-idle P          wait for P % idle CPU before each measurement (BENCH_QUIET_IDLE, 85; 0 = never wait)
  --quiet-max S           but at most S seconds (BENCH_QUIET_MAX, 120)
  --data-dir DIR          embedded PostgreSQL data (BENCH_DATA_DIR, var/bench)
  --cpu-prof              write CPU profiles of the servers next to the results (covers every
                          workload run: pick one with --workloads)

Comparison with the peers in ../shared/peers (Django + DRF, Go), when that folder exists:
  --peers                 run the workloads on Ledgerline, Go and Django with the peers' own harness
                          (wrk), alternating systems; installs the peers' packages if missing (root)
  --peers-dir DIR         where the peers are (BENCH_PEERS_DIR, ../shared/peers from the repository)
  --peers-tries N         repeat a disturbed measurement up to N times (BENCH_PEERS_TRIES, 2)
`;

const ROOT = path.resolve(import.meta.dirname, '..');

function workloadList(raw: string): WorkloadId[] {
  const ids = raw.split(',').map((w) => w.trim().toUpperCase()).filter((w) => w !== '');
  const unknown = ids.filter((w) => !(WORKLOAD_IDS as readonly string[]).includes(w));
  if (ids.length === 0 || unknown.length > 0) throw new Error(`--workloads takes a list of ${WORKLOAD_IDS.join(', ')} (got "${raw}")`);
  // Always in W1..W4 order: W4 adds orders, which the others should not see mid-run.
  return WORKLOAD_IDS.filter((w) => ids.includes(w));
}

/** The settings, or 'help' when --help was asked for. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      workloads: { type: 'string' },
      users: { type: 'string' },
      'invoices-per-user': { type: 'string' },
      'customers-per-user': { type: 'string' },
      categories: { type: 'string' },
      products: { type: 'string' },
      'orders-per-user': { type: 'string' },
      'fund-cents': { type: 'string' },
      connections: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      rounds: { type: 'string' },
      pool: { type: 'string' },
      'web-concurrency': { type: 'string' },
      'quiet-idle': { type: 'string' },
      'quiet-max': { type: 'string' },
      'data-dir': { type: 'string' },
      'cpu-prof': { type: 'boolean' },
      peers: { type: 'boolean' },
      'peers-dir': { type: 'string' },
      'peers-tries': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const int = (flag: keyof typeof values, envName: string, fallback: number, min: number): number => {
    const raw = (values[flag] as string | undefined) ?? env[envName];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isSafeInteger(n) || n < min) throw new Error(`--${flag} / ${envName} must be an integer ≥ ${min} (got "${raw}")`);
    return n;
  };
  return {
    workloads: workloadList(values.workloads ?? env['BENCH_WORKLOADS'] ?? WORKLOAD_IDS.join(',')),
    users: int('users', 'BENCH_USERS', 100, 2),
    invoicesPerUser: int('invoices-per-user', 'BENCH_INVOICES_PER_USER', 100, 1),
    customersPerUser: int('customers-per-user', 'BENCH_CUSTOMERS_PER_USER', 5, 1),
    categories: int('categories', 'BENCH_CATEGORIES', 20, 1),
    // Three distinct products per seeded order need at least three products.
    products: int('products', 'BENCH_PRODUCTS', 100_000, 3),
    ordersPerUser: int('orders-per-user', 'BENCH_ORDERS_PER_USER', 60, 0),
    fundCents: int('fund-cents', 'BENCH_FUND_CENTS', 10_000_000_000, 1),
    connections: int('connections', 'BENCH_CONNECTIONS', 32, 1),
    duration: int('duration', 'BENCH_DURATION', 10, 1),
    warmup: int('warmup', 'BENCH_WARMUP', 2, 0),
    rounds: int('rounds', 'BENCH_ROUNDS', 3, 1),
    pool: int('pool', 'BENCH_POOL', 10, 1),
    webConcurrency: int('web-concurrency', 'BENCH_WEB_CONCURRENCY', 1, 1),
    quietIdle: int('quiet-idle', 'BENCH_QUIET_IDLE', 85, 0),
    quietMax: int('quiet-max', 'BENCH_QUIET_MAX', 120, 0),
    dataDir: path.resolve(values['data-dir'] ?? env['BENCH_DATA_DIR'] ?? path.join(ROOT, 'var', 'bench')),
    resultsDir: path.join(ROOT, 'bench', 'results'),
    cpuProf: values['cpu-prof'] === true,
    peers: values.peers === true,
    peersDir: path.resolve(ROOT, values['peers-dir'] ?? env['BENCH_PEERS_DIR'] ?? path.join('..', 'shared', 'peers')),
    peersTries: int('peers-tries', 'BENCH_PEERS_TRIES', 2, 1),
  };
}
