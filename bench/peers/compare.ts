// `npm run bench -- --peers`: the same workloads on Ledgerline, the Go peer and the Django + DRF
// peer (../shared/peers), in one run, alternating systems within each round.
//
// One load generator for all: the peers' own harness (bench.js + wrk + workloads.lua) measures
// every system, Ledgerline included, so the request mix, the client's cost and the latency
// accounting are identical; autocannon in this process would measure Ledgerline with a different
// (and, on 2 shared vCPUs, costlier) client. Every system is seeded through its public API with
// the same data set: the peers by the harness, Ledgerline by api-seed.ts (see why there). All
// three run against the peers' PostgreSQL 15 (Ledgerline in a database of its own on that server).
//
//   1. the peers' packages (install.sh, if missing), their PostgreSQL with a fresh database;
//   2. Django, seeded by the harness; Go on the same tables; Ledgerline, seeded through its API;
//   3. per workload, rounds of ledgerline → go → django (the order rotates each round);
//   4. medians, Ledgerline/Go and Ledgerline/Django ratios, each system's RSS under load (its
//      process group sampled every 250 ms during the measured wrk runs); JSON and the SVG plot in
//      bench/results/ (and at --plot).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { DbWaitSampler, formatDbWaits, type DbWaits } from '../db-waits.ts';
import { commandLine, machine, schedAutogroup, stamp } from '../machine.ts';
import type { BenchOptions, WorkloadId } from '../options.ts';
import { plotFileFor, writePlot } from '../plot-svg.ts';
import { formatSummary, summarise, type Round, type WorkloadSummary } from '../report.ts';
import { RssSampler, rssStats, type RssSamples } from '../rss.ts';
import { balanceMismatches } from '../seed-commerce.ts';
import { WORKLOADS } from '../workloads.ts';
import { seedLedgerlineThroughApi } from './api-seed.ts';
import { Harness, toMeasurement, type HarnessRow } from './harness.ts';
import { LEDGERLINE_PEERS_DATABASE, startLedgerlineOnPeersPostgres, vacuumAnalyze, type PeerLedgerline } from './ledgerline.ts';
import { DJANGO_STAFF, DJANGO_URL, GO_URL, PEERS_PG, Peers, peersPgUrl } from './setup.ts';
import { wrkMeasuring } from './wrk-window.ts';

const say = (line: string) => process.stderr.write(`${line}\n`);

interface System {
  name: 'ledgerline' | 'go' | 'django';
  baseUrl: string;
  seedFile: string;
  pid: number;
  /** Its database on the peers' PostgreSQL, for the wait sampling. */
  database: string;
}

/** Round r starts at a different system, so that no system always runs first (or last). */
const rotated = <T>(list: readonly T[], by: number): T[] => list.map((_, i) => list[(i + by) % list.length]!);

async function measureAll(harness: Harness, systems: System[], postgresPid: number, options: BenchOptions) {
  const results: Partial<Record<WorkloadId, { rounds: Round[]; rows: HarnessRow[]; summary: WorkloadSummary }>> = {};
  for (const workload of options.workloads) {
    const rounds: Round[] = [];
    const rows: HarnessRow[] = [];
    say(`\n${WORKLOADS[workload].title}: ${options.rounds} round(s) of ${options.warmup} s warm-up + ${options.duration} s per system (wrk)`);
    for (let round = 1; round <= options.rounds; round++) {
      const entry: Round = { round, results: {}, idle_before_pct: {}, rss: {}, db_waits: {} };
      for (const system of rotated(systems, round - 1)) {
        // RSS and database waits only while the harness's measuring wrk runs: not its checks, quiet
        // wait or warm-up.
        let harnessPid: number | undefined;
        const measuring = wrkMeasuring(() => harnessPid, options.warmup > 0);
        const sampler = new RssSampler({ [system.name]: system.pid }, measuring).start();
        const waits = new DbWaitSampler(peersPgUrl(PEERS_PG.database), system.database, measuring).start();
        const settings = {
          system: system.name,
          baseUrl: system.baseUrl,
          seedFile: system.seedFile,
          workload,
          duration: options.duration,
          warmup: options.warmup,
          connections: options.connections,
          quietIdle: options.quietIdle,
          quietMax: options.quietMax,
          watchPids: [system.pid, postgresPid],
          maxTries: options.peersTries,
        };
        let row: HarnessRow;
        let rss: RssSamples;
        let dbWaits: DbWaits;
        try {
          row = await harness.run(settings, (pid) => (harnessPid = pid));
        } finally {
          rss = sampler.stop()[system.name]!;
          dbWaits = await waits.stop();
        }
        rows.push({ ...row, round } as HarnessRow & { round: number });
        entry.results[system.name] = toMeasurement(row);
        entry.idle_before_pct[system.name] = row.idle_before_pct ?? 100;
        entry.rss![system.name] = rss;
        entry.db_waits![system.name] = dbWaits;
        const stats = rssStats([rss]);
        say(
          `  round ${round} ${system.name.padEnd(10)} ${row.rps.toFixed(1).padStart(9)} req/s  p50 ${row.p50_ms} ms  p99 ${row.p99_ms} ms  ` +
            `errors ${row.errors}  non2xx ${row.non2xx}  foreign CPU ${row.foreign_cpu_pct ?? '?'} %  ` +
            `RSS ${stats === undefined ? '?' : `${stats.median_mib}/${stats.max_mib}`} MiB (median/max)\n` +
            `           PostgreSQL backends (mean): ${formatDbWaits(dbWaits)}`,
        );
      }
      rounds.push(entry);
    }
    results[workload] = { rounds, rows, summary: summarise(rounds) };
  }
  return results;
}

/** The table for docs/PERFORMANCE.md: one row per workload and system, then the ratios. */
function markdown(results: Awaited<ReturnType<typeof measureAll>>): string {
  const lines = [
    '| workload | system | req/s | p50 ms | p99 ms | errors | non2xx | RSS median MiB | RSS max MiB |',
    '| --- | --- | --: | --: | --: | --: | --: | --: | --: |',
  ];
  const ratios = ['| workload | Ledgerline / Go | Ledgerline / Django |', '| --- | --: | --: |'];
  for (const [workload, r] of Object.entries(results)) {
    for (const [system, m] of Object.entries(r.summary.median)) {
      const rss = r.summary.rss[system];
      lines.push(
        `| ${WORKLOADS[workload as WorkloadId].title} | ${system} | ${m.rps.toFixed(0)} | ${m.p50_ms.toFixed(1)} | ${m.p99_ms.toFixed(1)} | ${m.errors} | ${m.non2xx} | ` +
          `${rss?.median_mib.toFixed(1) ?? '—'} | ${rss?.max_mib.toFixed(1) ?? '—'} |`,
      );
    }
    // Below 2 as a percentage (61 %), above as a factor (11.2×): both read at a glance.
    const ratio = (x: number) => (x < 2 ? `${(x * 100).toFixed(1)} %` : `${x.toFixed(1)}×`);
    const pct = (k: string) => (r.summary.ratios[k] === undefined ? '—' : ratio(r.summary.ratios[k]!));
    ratios.push(`| ${workload} | ${pct('ledgerline/go')} | ${pct('ledgerline/django')} |`);
  }
  return [...lines, '', ...ratios].join('\n');
}

async function ledgerlineBalanceMismatches(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await balanceMismatches(client);
  } finally {
    await client.end();
  }
}

export async function runPeerComparison(options: BenchOptions): Promise<number> {
  if (!existsSync(path.join(options.peersDir, 'bench', 'bench.js'))) {
    say(`--peers: no peers at ${options.peersDir} (expected bench/bench.js and scripts/ there); nothing to compare with.`);
    return 1;
  }
  if (schedAutogroup() === true) {
    say('note: kernel.sched_autogroup_enabled=1: the kernel schedules each PostgreSQL backend (a session of its own) as a group apart from the servers and wrk; expect p99 tails (docs/PERFORMANCE.md).');
  }
  const runStamp = stamp();
  const workDir = path.join(options.resultsDir, `peers-${runStamp}`);
  mkdirSync(workDir, { recursive: true });
  const peers = new Peers(options.peersDir, say);
  const harness = new Harness(options.peersDir, say);
  await peers.ensureTools();
  const postgresWasUp = peers.postgresIsUp();
  let ledgerline: PeerLedgerline | undefined;
  let results: Awaited<ReturnType<typeof measureAll>>;
  let mismatches: number;
  try {
    const postgresPid = await peers.startPostgres();
    const djangoPid = await peers.startDjango();
    const peersSeed = path.join(workDir, 'seed-peers.json');
    say('seeding the peers through the Django API (the Go peer serves the same tables)…');
    await harness.seed('django', DJANGO_URL, DJANGO_STAFF, peersSeed);
    await vacuumAnalyze(peersPgUrl(PEERS_PG.database));
    const goPid = await peers.startGo();

    ledgerline = await startLedgerlineOnPeersPostgres(options.pool, options.webConcurrency, options.cpuProf ? path.join(workDir, 'profiles') : undefined, say);
    const ledgerlineUrl = `http://127.0.0.1:${ledgerline.server.port}`;
    const ledgerlineSeed = path.join(workDir, 'seed-ledgerline.json');
    say(`seeding Ledgerline through its API (${ledgerlineUrl}), the same data set…`);
    await seedLedgerlineThroughApi(ledgerlineUrl, ledgerline.staff, ledgerlineSeed, say);
    await vacuumAnalyze(ledgerline.databaseUrl);

    const systems: System[] = [
      { name: 'ledgerline', baseUrl: ledgerlineUrl, seedFile: ledgerlineSeed, pid: ledgerline.server.pid, database: LEDGERLINE_PEERS_DATABASE },
      { name: 'go', baseUrl: GO_URL, seedFile: peersSeed, pid: goPid, database: PEERS_PG.database },
      { name: 'django', baseUrl: DJANGO_URL, seedFile: peersSeed, pid: djangoPid, database: PEERS_PG.database },
    ];
    results = await measureAll(harness, systems, postgresPid, options);
    mismatches = await ledgerlineBalanceMismatches(ledgerline.databaseUrl);
  } finally {
    await ledgerline?.server.stop();
    await peers.stopPeers().catch((err: unknown) => say(`stop-peers.sh: ${String(err)}`));
    if (!postgresWasUp) await peers.stopPostgres().catch((err: unknown) => say(`stop-postgres.sh: ${String(err)}`));
  }

  process.stdout.write('\n');
  for (const [workload, r] of Object.entries(results)) {
    process.stdout.write(`${formatSummary(WORKLOADS[workload as WorkloadId].title, r.summary, r.rounds.length)}\n\n`);
  }
  process.stdout.write(`${markdown(results)}\n\nLedgerline balances ≠ ledger sums after the run: ${mismatches}\n`);
  const file = path.join(options.resultsDir, `peers-${runStamp}.json`);
  const record = {
    kind: 'peers',
    date: new Date().toISOString(),
    command: commandLine(),
    machine: machine(),
    load_generator: 'wrk -t2 via the peers harness (bench/bench.js, workloads.lua)',
    postgres: `peers' PostgreSQL 15 at ${PEERS_PG.host}:${PEERS_PG.port} (databases ${PEERS_PG.database} and ledgerline_peers)`,
    options: { ...options, dataDir: undefined, resultsDir: undefined, adminDataDir: undefined },
    workloads: Object.fromEntries(
      Object.entries(results).map(([w, r]) => [
        w,
        { title: WORKLOADS[w as WorkloadId].title, median: r.summary.median, ratios: r.summary.ratios, rss: r.summary.rss, rows: r.rows, rss_samples_mib: r.rounds.map((x) => x.rss), postgres_backends: r.rounds.map((x) => x.db_waits) },
      ]),
    ),
    ledgerline_balance_mismatches_after_run: mismatches,
  };
  writeFileSync(file, JSON.stringify(record, null, 2) + '\n');
  const plots = writePlot(record, [plotFileFor(file), ...(options.plot === undefined ? [] : [options.plot])]);
  say(`written ${[file, ...plots].map((f) => path.relative(process.cwd(), f)).join(', ')} (seed files in ${path.relative(process.cwd(), workDir)})`);
  return mismatches === 0 ? 0 : 1;
}
