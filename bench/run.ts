// `npm run bench`: W1 (GET /api/v1/invoices/{id}) on Ledgerline side by side with a bare Fastify +
// pg baseline, in one run, on one embedded PostgreSQL under var/bench.
//
//   1. a fresh database, migrated, seeded set-based (users × invoices, one token per user);
//   2. `ledgerline web` and the baseline, each a child process on its own port, same pool size;
//   3. response checks (right invoice, 404 for another user's);
//   4. rounds alternating baseline, ledgerline, …, each after an unmeasured warm-up;
//   5. medians and the ratio printed, everything written to bench/results/<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { Migrator } from '../src/platform/db/migrations.ts';
import { invoiceRequests, measure, type Measurement } from './load.ts';
import { parseOptions, USAGE, type BenchOptions } from './options.ts';
import { waitForQuiet } from './quiet.ts';
import { formatLine, formatSummary, summarise, TABLE_HEADER, type Round } from './report.ts';
import { seed, type SeededUser } from './seed.ts';
import { startBaseline, startLedgerline, type ServerProcess } from './servers.ts';
import { verifyBaseline, verifyLedgerline } from './verify.ts';

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

async function prepare(url: string, options: BenchOptions): Promise<{ users: SeededUser[]; postgres: string }> {
  await new Migrator(url, MIGRATIONS_DIR).migrate();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    const users = await seed(client, options);
    const invoices = users.reduce((n, u) => n + u.invoiceIds.length, 0);
    say(`seeded ${users.length} users, ${users.length * options.customersPerUser} customers, ${invoices} invoices in ${Math.round(performance.now() - started)} ms`);
    const { rows } = await client.query<{ server_version: string }>('SHOW server_version');
    return { users, postgres: rows[0]!.server_version };
  } finally {
    await client.end();
  }
}

async function timedRounds(servers: { baseline: ServerProcess; ledgerline: ServerProcess }, users: SeededUser[], options: BenchOptions): Promise<Round[]> {
  const requests = invoiceRequests(users);
  const run = async (server: ServerProcess): Promise<[Measurement, number]> => {
    const idle = await waitForQuiet(options.quietIdle, options.quietMax * 1000, say);
    if (options.warmup > 0) await measure(server.port, requests, options.connections, options.warmup);
    return [await measure(server.port, requests, options.connections, options.duration), idle];
  };
  const rounds: Round[] = [];
  say(`\n${'round'.padEnd(6)} ${TABLE_HEADER}`);
  for (let round = 1; round <= options.rounds; round++) {
    // Alternating, so drift on a shared machine (other tenants, thermal, caches) hits both alike.
    const [baseline, baselineIdle] = await run(servers.baseline);
    say(`${String(round).padEnd(6)} ${formatLine('baseline', baseline)}`);
    const [ledgerline, ledgerlineIdle] = await run(servers.ledgerline);
    say(`${String(round).padEnd(6)} ${formatLine('ledgerline', ledgerline)}`);
    rounds.push({ round, baseline, ledgerline, idle_before_pct: { baseline: baselineIdle, ledgerline: ledgerlineIdle } });
  }
  return rounds;
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    memory_gib: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
  };
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv.slice(2));
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const options = parsed;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const profileDir = options.cpuProf ? path.join(options.resultsDir, `profiles-${stamp}`) : undefined;
  say(`embedded PostgreSQL under ${options.dataDir}`);
  const embedded = await startEmbeddedPostgres({ dataDir: options.dataDir, log: (l) => say(`  ${l}`) });
  try {
    await freshDatabase(embedded.urlFor('postgres'));
    const databaseUrl = embedded.urlFor(DATABASE);
    const { users, postgres } = await prepare(databaseUrl, options);
    const settings = { databaseUrl, pool: options.pool, profileDir };
    const [baseline, ledgerline] = await Promise.all([startBaseline(settings), startLedgerline(settings)]);
    let rounds: Round[];
    try {
      await verifyBaseline(baseline.port, users);
      await verifyLedgerline(ledgerline.port, users);
      say(`responses checked; ${options.rounds} round(s) of ${options.warmup} s warm-up + ${options.duration} s, ${options.connections} connections`);
      rounds = await timedRounds({ baseline, ledgerline }, users, options);
    } finally {
      await Promise.all([baseline.stop(), ledgerline.stop()]);
    }
    const summary = summarise(rounds);
    process.stdout.write(`\n${formatSummary(summary, rounds.length)}\n`);
    mkdirSync(options.resultsDir, { recursive: true });
    const file = path.join(options.resultsDir, `${stamp}.json`);
    const record = {
      workload: 'W1 GET /api/v1/invoices/{id}',
      date: new Date().toISOString(),
      command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      machine: { ...machine(), loadavg_at_end: os.loadavg().map((l) => Math.round(l * 100) / 100) },
      postgres,
      options: { ...options, dataDir: undefined, resultsDir: undefined },
      seed: { users: users.length, invoices: users.reduce((n, u) => n + u.invoiceIds.length, 0) },
      rounds,
      median: summary,
      profiles: profileDir,
    };
    writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
    say(`\nwritten ${path.relative(process.cwd(), file)}${profileDir ? `; CPU profiles in ${path.relative(process.cwd(), profileDir)}` : ''}`);
    return 0;
  } finally {
    await embedded.stop();
  }
}

process.exitCode = await main();
