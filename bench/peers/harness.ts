// The peers' black-box harness (bench/bench.js in the peers folder), called by path: `seed` fills a
// system through the public API and writes a seed file; `run` checks one workload's answers and
// drives wrk with the peers' workloads.lua, printing one JSON line. Every system, Ledgerline
// included, is seeded and measured by this same code with the same load generator.
import path from 'node:path';
import type { Measurement } from '../load.ts';
import type { WorkloadId } from '../options.ts';
import { run } from './setup.ts';

/** One line of the harness's output. */
export interface HarnessRow {
  system: string;
  workload: string;
  rps: number;
  p50_ms: number;
  p99_ms: number;
  p90_ms: number;
  max_ms: number;
  errors: number;
  non2xx: number;
  requests: number;
  duration_s: number;
  idle_before_pct: number | null;
  foreign_cpu_pct: number | null;
  tries: number;
}

/** The harness's seed-size knobs, passed through when set (USERS=… npm run bench -- --peers). */
const SEED_KNOBS = ['USERS', 'CUSTOMERS', 'INVOICES', 'CATEGORIES', 'PRODUCTS', 'ORDERS', 'FUND_CENTS', 'SEED_CONCURRENCY'];

export interface RunSettings {
  system: string;
  baseUrl: string;
  seedFile: string;
  workload: WorkloadId;
  duration: number;
  warmup: number;
  connections: number;
  quietIdle: number;
  quietMax: number;
  /** The system under test's processes (server, PostgreSQL): the rest is "foreign" CPU. */
  watchPids: number[];
  maxTries: number;
}

export class Harness {
  private readonly script: string;

  constructor(
    peersDir: string,
    private readonly say: (l: string) => void,
  ) {
    this.script = path.join(peersDir, 'bench', 'bench.js');
  }

  async seed(system: string, baseUrl: string, staff: { email: string; password: string }, seedFile: string): Promise<void> {
    const knobs = Object.fromEntries(SEED_KNOBS.flatMap((k) => (process.env[k] ? [[k, process.env[k]!]] : [])));
    await run(
      process.execPath,
      [this.script, 'seed'],
      { ...knobs, SYSTEM: system, BASE_URL: baseUrl, STAFF_EMAIL: staff.email, STAFF_PASSWORD: staff.password, SEED_FILE: seedFile },
      (l) => this.say(`[${system}] ${l.trim()}`),
    );
  }

  /**
   * One workload on one system: the harness's checks, its wait for a quiet machine, warm-up, then
   * wrk. `spawned` learns the harness process's PID.
   */
  async run(s: RunSettings, spawned?: (pid: number) => void): Promise<HarnessRow> {
    const output = await run(
      process.execPath,
      [this.script, 'run'],
      {
        SYSTEM: s.system,
        BASE_URL: s.baseUrl,
        SEED_FILE: s.seedFile,
        WORKLOADS: s.workload,
        DURATION: String(s.duration),
        WARMUP: String(s.warmup),
        CONNECTIONS: String(s.connections),
        THREADS: '2',
        QUIET_PCT: String(s.quietIdle),
        QUIET_MAX: String(s.quietMax),
        WATCH_PIDS: s.watchPids.join(','),
        MAX_TRIES: String(s.maxTries),
      },
      // The JSON result line is parsed below; the harness's notes (retries, busy machine) are shown.
      (l) => (l.trim().startsWith('{') ? undefined : this.say(l)),
      spawned,
    );
    const line = output.split('\n').find((l) => l.startsWith('{') && l.includes('"workload"'));
    if (line === undefined) throw new Error(`no result from the harness for ${s.system} ${s.workload}:\n${output.slice(-1000)}`);
    return JSON.parse(line) as HarnessRow;
  }
}

/** A harness row in the local run's terms (wrk counts timeouts among its errors). */
export function toMeasurement(row: HarnessRow): Measurement {
  return {
    rps: row.rps,
    p50_ms: row.p50_ms,
    p99_ms: row.p99_ms,
    requests: row.requests,
    errors: row.errors,
    timeouts: 0,
    non2xx: row.non2xx,
    duration_s: row.duration_s,
  };
}
