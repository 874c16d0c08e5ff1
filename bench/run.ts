// `npm run bench`: workloads W1–W4 on Ledgerline, W1 also on a bare Fastify + pg baseline, in one
// run, on one embedded PostgreSQL under var/bench.
//
//   1. a fresh database, migrated, seeded set-based (users, tokens, invoices, catalog, paid orders);
//   2. `ledgerline web` and (for W1) the baseline, each a child process on its own port;
//   3. per workload: response checks, then rounds alternating the servers, each after a warm-up;
//   4. medians and ratios printed, everything written to bench/results/<timestamp>.json.
//
// `--peers` runs the comparison with the Django and Go peers instead (peers/compare.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { Migrator } from '../src/platform/db/migrations.ts';
import { measure } from './load.ts';
import { commandLine, machine, stamp } from './machine.ts';
import { parseOptions, USAGE, type BenchOptions, type WorkloadId } from './options.ts';
import { runPeerComparison } from './peers/compare.ts';
import { waitForQuiet } from './quiet.ts';
import { formatLine, formatSummary, summarise, TABLE_HEADER, type Round, type WorkloadSummary } from './report.ts';
import { requestsFor } from './requests.ts';
import { balanceMismatches } from './seed-commerce.ts';
import { seed, type SeededData } from './seed.ts';
import { startBaseline, startLedgerline, type ServerProcess } from './servers.ts';
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

async function prepare(url: string, options: BenchOptions): Promise<{ data: SeededData; postgres: string }> {
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
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return { data, postgres: rows[0]!.server_version };
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
    const entry: Round = { round, results: {}, idle_before_pct: {} };
    // Alternating, so drift on a shared machine (other tenants, thermal, caches) hits all alike.
    for (const server of servers) {
      entry.idle_before_pct[server.name] = await waitForQuiet(options.quietIdle, options.quietMax * 1000, say);
      if (options.warmup > 0) await measure(server.port, requests, options.connections, options.warmup);
      const m = await measure(server.port, requests, options.connections, options.duration);
      entry.results[server.name] = m;
      say(`${String(round).padEnd(6)} ${formatLine(server.name, m)}`);
    }
    rounds.push(entry);
  }
  return rounds;
}

async function runLocal(options: BenchOptions): Promise<number> {
  const runStamp = stamp();
  const profileDir = options.cpuProf ? path.join(options.resultsDir, `profiles-${runStamp}`) : undefined;
  say(`embedded PostgreSQL under ${options.dataDir}`);
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, log: (l) => say(`  ${l}`) });
  try {
    await freshDatabase(embedded.urlFor('postgres'));
    const databaseUrl = embedded.urlFor(DATABASE);
    const { data, postgres } = await prepare(databaseUrl, options);
    const settings = { databaseUrl, pool: options.pool, webConcurrency: options.webConcurrency, profileDir };
    const withBaseline = options.workloads.some((w) => WORKLOADS[w].baseline);
    const servers = await Promise.all([...(withBaseline ? [startBaseline(settings)] : []), startLedgerline(settings)]);
    const results: Partial<Record<WorkloadId, { title: string; rounds: Round[]; summary: WorkloadSummary }>> = {};
    try {
      for (const workload of options.workloads) {
        const running = servers.filter((s) => s.name === 'ledgerline' || WORKLOADS[workload].baseline);
        const rounds = await runWorkload(workload, running, data, options);
        results[workload] = { title: WORKLOADS[workload].title, rounds, summary: summarise(rounds) };
      }
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
    // W4 moved money: every balance must still be the sum of its ledger rows.
    const mismatches = await withClient(databaseUrl, balanceMismatches);
    process.stdout.write('\n');
    for (const [, r] of Object.entries(results)) process.stdout.write(`${formatSummary(r.title, r.summary, r.rounds.length)}\n\n`);
    process.stdout.write(`balances ≠ ledger sums after the run: ${mismatches}\n`);
    mkdirSync(options.resultsDir, { recursive: true });
    const file = path.join(options.resultsDir, `${runStamp}.json`);
    const record = {
      kind: 'local',
      date: new Date().toISOString(),
      command: commandLine(),
      machine: machine(),
      postgres,
      options: { ...options, dataDir: undefined, resultsDir: undefined, peersDir: undefined },
      seed: { users: data.users.length, invoices: data.users.reduce((n, u) => n + u.invoiceIds.length, 0), timings_ms: data.timings },
      workloads: Object.fromEntries(Object.entries(results).map(([w, r]) => [w, { title: r.title, median: r.summary.median, ratios: r.summary.ratios, rounds: r.rounds }])),
      balance_mismatches_after_run: mismatches,
      profiles: profileDir,
    };
    writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    say(`written ${path.relative(process.cwd(), file)}${profileDir ? `; CPU profiles in ${path.relative(process.cwd(), profileDir)}` : ''}`);
    return mismatches === 0 ? 0 : 1;
  } finally {
    await embedded.stop();
  }
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  return parsed.peers ? runPeerComparison(parsed) : runLocal(parsed);
}

process.exitCode = await main();
