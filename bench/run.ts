// `npm run bench`: workloads W1–W4 on Ledgerline, W1 also on a bare Fastify + pg baseline, start
// times, the job queue and (on request) the admin list at a million products, in one run, on one
// embedded PostgreSQL under var/bench (ADMIN has its own, under var/bench-admin).
//
//   1. a fresh database, migrated, seeded set-based (users, tokens, invoices, catalog, paid orders);
//   2. START: `ledgerline web` started and stopped against it, spawn to ready (start-time.ts);
//   3. `ledgerline web` and (for W1) the baseline, each a child process on its own port;
//   4. per workload: response checks, then rounds alternating the servers, each after a warm-up,
//      with the RSS of the measured server's processes sampled during its measured seconds;
//   5. JOBS: one worker per concurrency on a fresh database of the same server (jobs-bench.ts);
//   6. ADMIN, when selected (admin-bench.ts);
//   7. tables printed, everything written to bench/results/<timestamp>.json, and the SVG plot of
//      W1–W4 next to it (and at --plot).
//
// `--peers` runs the comparison with the Django and Go peers instead (peers/compare.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { Migrator } from '../src/platform/db/migrations.ts';
import { formatAdmin, measureAdminList, type AdminResult } from './admin-bench.ts';
import { ensureFreshBuild } from './build.ts';
import { writeFlameGraphs } from './flamegraph.ts';
import { formatJobs, measureJobs, type JobsResult } from './jobs-bench.ts';
import { measure } from './load.ts';
import { commandLine, machine, stamp } from './machine.ts';
import { parseOptions, USAGE, type BenchOptions, type MeasureId, type WorkloadId } from './options.ts';
import { runPeerComparison } from './peers/compare.ts';
import { plotFileFor, writePlot } from './plot-svg.ts';
import { waitForQuiet } from './quiet.ts';
import { formatLine, formatSummary, summarise, TABLE_HEADER, type Round, type WorkloadSummary } from './report.ts';
import { requestsFor } from './requests.ts';
import { RssSampler, rssStats } from './rss.ts';
import { balanceMismatches } from './seed-commerce.ts';
import { seed, type SeededData } from './seed.ts';
import { startBaseline, startLedgerline, type ServerProcess, type ServerSettings } from './servers.ts';
import { formatStarts, measureStarts, type StartTimes } from './start-time.ts';
import { verifyBaseline, verifyLedgerline } from './verify.ts';
import { WORKLOADS } from './workloads.ts';

const DATABASE = 'ledgerline_bench';
const say = (line: string) => process.stderr.write(`${line}\n`);

async function freshDatabase(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function prepare(url: string, options: BenchOptions): Promise<SeededData> {
  await new Migrator(url, MIGRATIONS_DIR).migrate();
  return withClient(url, async (client) => {
    const started = performance.now();
    const data = await seed(client, options);
    const invoices = data.users.reduce((n, u) => n + u.invoiceIds.length, 0);
    say(
      `seeded ${data.users.length} users, ${invoices} invoices, ${options.categories} categories, ${options.products} products, ` +
        `${data.users.length * options.ordersPerUser} orders × 3 items in ${Math.round(performance.now() - started)} ms ` +
        `(rows ${data.timings.load_ms} ms, indexes ${data.timings.indexes_ms} ms, checks ${data.timings.check_ms} ms, vacuum ${data.timings.vacuum_ms} ms)`,
    );
    return data;
  });
}

/** One workload: checks, then rounds alternating the servers that run it. */
async function runWorkload(workload: WorkloadId, servers: ServerProcess[], data: SeededData, options: BenchOptions): Promise<Round[]> {
  const ledgerline = servers.find((s) => s.name === 'ledgerline')!;
  try {
    await verifyLedgerline(workload, ledgerline.port, data, options.ordersPerUser);
  } catch (err) {
    say(`ledgerline's log:\n${ledgerline.output() || '(nothing)'}`);
    throw err;
  }
  const baseline = servers.find((s) => s.name === 'baseline');
  if (baseline) await verifyBaseline(baseline.port, data);
  const requests = requestsFor(workload, data);
  say(`\n${WORKLOADS[workload].title}: responses checked; ${options.rounds} round(s) of ${options.warmup} s warm-up + ${options.duration} s`);
  say(`${'round'.padEnd(6)} ${TABLE_HEADER}`);
  const rounds: Round[] = [];
  for (let round = 1; round <= options.rounds; round++) {
    const entry: Round = { round, results: {}, idle_before_pct: {}, rss: {} };
    // Alternating, so drift on a shared machine (other tenants, thermal, caches) hits all alike.
    for (const server of servers) {
      entry.idle_before_pct[server.name] = await waitForQuiet(options.quietIdle, options.quietMax * 1000, say);
      if (options.warmup > 0) await measure(server.port, requests, options.connections, options.warmup);
      // Sampled while autocannon runs, so neither the warm-up nor the settle pause after it counts.
      const sampler = new RssSampler({ [server.name]: server.pid });
      const m = await measure(server.port, requests, options.connections, options.duration, sampler);
      const rss = sampler.stop()[server.name]!;
      entry.results[server.name] = m;
      entry.rss![server.name] = rss;
      say(`${String(round).padEnd(6)} ${formatLine(server.name, m, rssStats([rss]))}`);
    }
    rounds.push(entry);
  }
  return rounds;
}

type WorkloadResults = Partial<Record<WorkloadId, { title: string; rounds: Round[]; summary: WorkloadSummary }>>;

/** W1–W4 against `ledgerline web` and, for W1, the baseline, started once for all of them. */
async function runWorkloads(settings: ServerSettings, data: SeededData, options: BenchOptions): Promise<WorkloadResults> {
  const withBaseline = options.workloads.some((w) => WORKLOADS[w].baseline);
  const servers = await Promise.all([...(withBaseline ? [startBaseline(settings)] : []), startLedgerline(settings)]);
  const results: WorkloadResults = {};
  try {
    for (const workload of options.workloads) {
      const running = servers.filter((s) => s.name === 'ledgerline' || WORKLOADS[workload].baseline);
      const rounds = await runWorkload(workload, running, data, options);
      results[workload] = { title: WORKLOADS[workload].title, rounds, summary: summarise(rounds) };
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
  return results;
}

/** JOBS: one worker process per concurrency, each on a fresh database of the bench's server. */
async function runJobs(urlFor: (database: string) => string, options: BenchOptions): Promise<JobsResult[]> {
  const results: JobsResult[] = [];
  for (const concurrency of options.jobConcurrency) {
    say(`\nJOBS: ${options.jobs} no-op jobs, one worker at WORKER_CONCURRENCY=${concurrency}, then ${options.latencyJobs} jobs at ${options.jobRate}/s`);
    await waitForQuiet(options.quietIdle, options.quietMax * 1000, say);
    results.push(await measureJobs(urlFor, { jobs: options.jobs, concurrency, latencyJobs: options.latencyJobs, rate: options.jobRate }, say));
  }
  return results;
}

async function postgresVersion(url: string): Promise<string> {
  return withClient(url, async (client) => (await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version);
}

async function runLocal(options: BenchOptions): Promise<number> {
  const runStamp = stamp();
  const profileDir = options.cpuProf ? path.join(options.resultsDir, `profiles-${runStamp}`) : undefined;
  const wants = (m: MeasureId) => options.measures.includes(m);
  say(`embedded PostgreSQL under ${options.dataDir}`);
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, log: (l) => say(`  ${l}`) });
  let seeded: SeededData | undefined;
  let postgres: string;
  let start: StartTimes | undefined;
  let results: WorkloadResults = {};
  let mismatches = 0;
  let jobs: JobsResult[] | undefined;
  try {
    await freshDatabase(embedded.urlFor('postgres'));
    const databaseUrl = embedded.urlFor(DATABASE);
    postgres = await postgresVersion(embedded.urlFor('postgres'));
    if (options.workloads.length > 0 || wants('START')) {
      seeded = await prepare(databaseUrl, options);
      const settings = { databaseUrl, pool: options.pool, webConcurrency: options.webConcurrency, profileDir };
      // Before the load servers start, so that its first start is the first in this run.
      if (wants('START')) {
        say(`\nSTART: \`ledgerline web\` started ${options.starts + 1} times, spawn to first 200 from /readyz`);
        start = await measureStarts(settings, options.starts, () => waitForQuiet(options.quietIdle, options.quietMax * 1000, say), say);
      }
      if (options.workloads.length > 0) results = await runWorkloads(settings, seeded, options);
      // W4 moved money: every balance must still be the sum of its ledger rows.
      mismatches = await withClient(databaseUrl, balanceMismatches);
    }
    if (wants('JOBS')) jobs = await runJobs(embedded.urlFor, options);
  } finally {
    await embedded.stop();
  }
  let admin: AdminResult | undefined;
  if (wants('ADMIN')) {
    say(`\nADMIN: the product list at ${options.adminProducts.toLocaleString('en-US')} products (embedded PostgreSQL under ${options.adminDataDir})`);
    admin = await measureAdminList({ dataDir: options.adminDataDir, products: options.adminProducts, runs: options.adminRuns }, say);
  }

  process.stdout.write('\n');
  for (const [, r] of Object.entries(results)) process.stdout.write(`${formatSummary(r.title, r.summary, r.rounds.length)}\n\n`);
  if (start !== undefined) process.stdout.write(`${formatStarts(start)}\n\n`);
  if (jobs !== undefined) process.stdout.write(`${formatJobs(jobs)}\n\n`);
  if (admin !== undefined) process.stdout.write(`${formatAdmin(admin)}\n\n`);
  if (seeded !== undefined) process.stdout.write(`balances ≠ ledger sums after the run: ${mismatches}\n`);
  mkdirSync(options.resultsDir, { recursive: true });
  const file = path.join(options.resultsDir, `${runStamp}.json`);
  const record = {
    kind: 'local',
    date: new Date().toISOString(),
    command: commandLine(),
    machine: machine(),
    postgres,
    options: { ...options, dataDir: undefined, resultsDir: undefined, peersDir: undefined, adminDataDir: undefined },
    seed:
      seeded === undefined
        ? undefined
        : { users: seeded.users.length, invoices: seeded.users.reduce((n, u) => n + u.invoiceIds.length, 0), timings_ms: seeded.timings },
    workloads: Object.fromEntries(
      Object.entries(results).map(([w, r]) => [w, { title: r.title, median: r.summary.median, ratios: r.summary.ratios, rss: r.summary.rss, rounds: r.rounds }]),
    ),
    start,
    jobs,
    admin,
    balance_mismatches_after_run: seeded === undefined ? undefined : mismatches,
    profiles: profileDir,
  };
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  const plots = writePlot(record, [plotFileFor(file), ...(options.plot === undefined ? [] : [options.plot])]);
  const written = [file, ...plots].map((f) => path.relative(process.cwd(), f)).join(', ');
  say(`written ${written}${profileDir ? `; CPU profiles in ${path.relative(process.cwd(), profileDir)}` : ''}`);
  // The servers have stopped by now, which is when they wrote their profiles.
  for (const svg of profileDir ? writeFlameGraphs(profileDir) : []) say(`flame graph ${path.relative(process.cwd(), svg)}`);
  return mismatches === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  ensureFreshBuild(say);
  return parsed.peers ? runPeerComparison(parsed) : runLocal(parsed);
}

process.exitCode = await main();
