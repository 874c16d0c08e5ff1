// Benchmark settings: flags win over environment variables, which win over the defaults. The
// defaults keep a full `npm run bench` (W1–W4, START, JOBS) at about five minutes on the 2-vCPU
// machine.
import path from 'node:path';
import { parseArgs } from 'node:util';

/** The HTTP workloads: load on a server, measured in req/s and latency. */
export const WORKLOAD_IDS = ['W1', 'W2', 'W3', 'W4'] as const;
export type WorkloadId = (typeof WORKLOAD_IDS)[number];
/** The other measurements --workloads can select: start times, the job queue, the admin list. */
export const MEASURE_IDS = ['START', 'JOBS', 'ADMIN'] as const;
export type MeasureId = (typeof MEASURE_IDS)[number];
/** ADMIN is left out: its first run seeds a million products, which takes minutes. */
const DEFAULT_SELECTION = 'W1,W2,W3,W4,START,JOBS';

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
  measures: MeasureId[];
  /** START: starts after the first one, whose median is the warm start time. */
  starts: number;
  /** JOBS: no-op jobs in the backlog each worker drains. */
  jobs: number;
  /** JOBS: the WORKER_CONCURRENCY values measured, one worker process each. */
  jobConcurrency: number[];
  /** JOBS: jobs enqueued one transaction each for the enqueue-to-start latency… */
  latencyJobs: number;
  /** …at this many per second. */
  jobRate: number;
  /** ADMIN: products in its database (seeded once, topped up when fewer). */
  adminProducts: number;
  /** ADMIN: timed requests per page (after 3 unmeasured). */
  adminRuns: number;
  adminDataDir: string;
  /** Also write the plot here (it is always written next to the JSON). */
  plot: string | undefined;
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
While each is measured, the RSS of every server process is sampled every 250 ms (max and median).

Other measurements, selected with the same flag:
  START  \`ledgerline web\` against the seeded database, spawn to first 200 from /readyz, and its
         RSS then: the first start in this run, then --starts more (median = warm start)
  JOBS   no-op jobs/s of one \`ledgerline worker\` at each --job-concurrency, and enqueue-to-start
         latency (p50/p99), in a fresh database on the same PostgreSQL
  ADMIN  the staff admin's product list at --admin-products rows, server time (median/p95); not in
         the default because its first run seeds a million products (minutes; reused afterwards)

  --workloads LIST        comma-separated, e.g. W1,W4,START (BENCH_WORKLOADS, ${DEFAULT_SELECTION})
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
  --starts N              START: warm starts after the first (BENCH_STARTS, 5)
  --jobs N                JOBS: backlog of no-op jobs per worker run (BENCH_JOBS, 20000)
  --job-concurrency LIST  JOBS: WORKER_CONCURRENCY values (BENCH_JOB_CONCURRENCY, 10,50)
  --latency-jobs N        JOBS: jobs timed for enqueue-to-start (BENCH_LATENCY_JOBS, 1000)
  --job-rate N            JOBS: their enqueue rate per second (BENCH_JOB_RATE, 200)
  --admin-products N      ADMIN: products in its database (BENCH_ADMIN_PRODUCTS, 1000000)
  --admin-runs N          ADMIN: timed requests per page (BENCH_ADMIN_RUNS, 30)
  --admin-data-dir DIR    ADMIN: its embedded PostgreSQL (BENCH_ADMIN_DATA_DIR, var/bench-admin)
  --plot FILE             also write the SVG plot (throughput and p99 per workload and system) to
                          FILE; it is always written next to the JSON in bench/results/.
                          \`npx tsx bench/plot.ts <results.json> [out.svg]\` redraws one later.

Comparison with the peers in ../shared/peers (Django + DRF, Go), when that folder exists:
  --peers                 run W1–W4 on Ledgerline, Go and Django with the peers' own harness
                          (wrk), alternating systems; installs the peers' packages if missing (root);
                          START, JOBS and ADMIN are not part of it
  --peers-dir DIR         where the peers are (BENCH_PEERS_DIR, ../shared/peers from the repository)
  --peers-tries N         repeat a disturbed measurement up to N times (BENCH_PEERS_TRIES, 2)
`;

const ROOT = path.resolve(import.meta.dirname, '..');

function selection(raw: string): { workloads: WorkloadId[]; measures: MeasureId[] } {
  const ids = raw.split(',').map((w) => w.trim().toUpperCase()).filter((w) => w !== '');
  const known: readonly string[] = [...WORKLOAD_IDS, ...MEASURE_IDS];
  const unknown = ids.filter((w) => !known.includes(w));
  if (ids.length === 0 || unknown.length > 0) throw new Error(`--workloads takes a list of ${known.join(', ')} (got "${raw}")`);
  // Always in W1..W4 order: W4 adds orders, which the others should not see mid-run.
  return { workloads: WORKLOAD_IDS.filter((w) => ids.includes(w)), measures: MEASURE_IDS.filter((m) => ids.includes(m)) };
}

function intList(raw: string, what: string): number[] {
  const list = raw.split(',').map((x) => Number(x.trim()));
  if (list.length === 0 || list.some((n) => !Number.isSafeInteger(n) || n < 1)) throw new Error(`${what} takes a list of integers ≥ 1 (got "${raw}")`);
  return list;
}

/** The settings, or 'help' when --help was asked for. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      workloads: { type: 'string' },
      starts: { type: 'string' },
      jobs: { type: 'string' },
      'job-concurrency': { type: 'string' },
      'latency-jobs': { type: 'string' },
      'job-rate': { type: 'string' },
      'admin-products': { type: 'string' },
      'admin-runs': { type: 'string' },
      'admin-data-dir': { type: 'string' },
      plot: { type: 'string' },
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
  const peers = values.peers === true;
  const chosen = values.workloads ?? env['BENCH_WORKLOADS'];
  const { workloads, measures } = selection(chosen ?? (peers ? WORKLOAD_IDS.join(',') : DEFAULT_SELECTION));
  if (peers && measures.length > 0) throw new Error(`--peers runs W1–W4 only: leave out ${measures.join(', ')} (measured without --peers)`);
  return {
    workloads,
    measures,
    starts: int('starts', 'BENCH_STARTS', 5, 1),
    jobs: int('jobs', 'BENCH_JOBS', 20_000, 1),
    jobConcurrency: intList(values['job-concurrency'] ?? env['BENCH_JOB_CONCURRENCY'] ?? '10,50', '--job-concurrency'),
    latencyJobs: int('latency-jobs', 'BENCH_LATENCY_JOBS', 1_000, 1),
    jobRate: int('job-rate', 'BENCH_JOB_RATE', 200, 1),
    adminProducts: int('admin-products', 'BENCH_ADMIN_PRODUCTS', 1_000_000, 100),
    adminRuns: int('admin-runs', 'BENCH_ADMIN_RUNS', 30, 1),
    adminDataDir: path.resolve(values['admin-data-dir'] ?? env['BENCH_ADMIN_DATA_DIR'] ?? path.join(ROOT, 'var', 'bench-admin')),
    plot: values.plot,
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
    peers,
    peersDir: path.resolve(ROOT, values['peers-dir'] ?? env['BENCH_PEERS_DIR'] ?? path.join('..', 'shared', 'peers')),
    peersTries: int('peers-tries', 'BENCH_PEERS_TRIES', 2, 1),
  };
}
