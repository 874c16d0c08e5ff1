// The peers' own machinery, called by path (nothing of theirs is copied here): their tools
// (installed with their install.sh when missing, which needs root and apt-get), their PostgreSQL 15
// on 127.0.0.1:55433, the Django peer on :8001 and the Go peer on :8002, and the PIDs their
// scripts record. Scripts get a clean environment, so nothing of ours (a DATABASE_URL, say)
// changes what they do.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

const PG_BIN = '/usr/lib/postgresql/15/bin';
/** The peers' defaults (scripts/common.sh, start-postgres.sh); the comparison uses them as they are. */
export const PEERS_PG = { host: '127.0.0.1', port: 55433, user: 'postgres', database: 'peers', dataDir: '/tmp/peers-pg' };
export const PEERS_RUN_DIR = '/tmp/peers-run';
export const DJANGO_URL = 'http://127.0.0.1:8001';
export const GO_URL = 'http://127.0.0.1:8002';
/** The Django peer's staff account, as start-django.sh creates it. */
export const DJANGO_STAFF = { email: 'staff@example.com', password: 'staff-password-123' };

export const peersPgUrl = (database: string) => `postgres://${PEERS_PG.user}@${PEERS_PG.host}:${PEERS_PG.port}/${database}`;

const onPath = (command: string) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

/** What the peers need that this machine lacks (empty when everything is there). */
export function missingTools(): string[] {
  const missing: string[] = [];
  if (!onPath('wrk')) missing.push('wrk');
  if (!onPath('go')) missing.push('go');
  if (!existsSync('/usr/bin/gunicorn')) missing.push('gunicorn');
  if (!existsSync(path.join(PG_BIN, 'pg_ctl'))) missing.push('postgresql-15');
  const python = spawnSync('/usr/bin/python3', ['-c', 'import django, rest_framework, psycopg2, argon2'], { stdio: 'ignore' });
  if (python.status !== 0) missing.push('python3 django/drf/psycopg2/argon2');
  return missing;
}

/**
 * Runs `command args…` to completion; rejects with its output when it exits non-zero. `spawned`
 * learns the child's PID (the comparison watches the harness's wrk children through it).
 */
export function run(command: string, args: string[], env: Record<string, string>, say: (l: string) => void, spawned?: (pid: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (child.pid !== undefined) spawned?.(child.pid);
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n')) if (line.trim() !== '') say(`  ${line}`);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${path.basename(command)} ${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`))));
  });
}

export class Peers {
  constructor(
    readonly dir: string,
    private readonly say: (l: string) => void,
  ) {}

  script(name: string, env: Record<string, string> = {}): Promise<string> {
    return run('bash', [path.join(this.dir, 'scripts', name)], env, this.say);
  }

  /** Installs the peers' packages with their install.sh, only when something is missing. */
  async ensureTools(): Promise<void> {
    const missing = missingTools();
    if (missing.length === 0) return;
    if (userInfo().uid !== 0) throw new Error(`the peers need ${missing.join(', ')}: run ${path.join(this.dir, 'scripts', 'install.sh')} as root`);
    this.say(`installing the peers' packages (missing: ${missing.join(', ')}) with scripts/install.sh…`);
    await this.script('install.sh');
    const still = missingTools();
    if (still.length > 0) throw new Error(`still missing after install.sh: ${still.join(', ')}`);
  }

  postgresIsUp(): boolean {
    return spawnSync(path.join(PG_BIN, 'pg_isready'), ['-q', '-h', PEERS_PG.host, '-p', String(PEERS_PG.port)], { stdio: 'ignore' }).status === 0;
  }

  /** Starts the peers' PostgreSQL with a fresh `peers` database; resolves to the postmaster's PID. */
  async startPostgres(): Promise<number> {
    await this.script('start-postgres.sh', { RESET_DB: '1' });
    return Number(readFileSync(path.join(PEERS_PG.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  async stopPostgres(): Promise<void> {
    await this.script('stop-postgres.sh');
  }

  /** The Django peer (gunicorn, 5 workers × 2 threads; migrates and ensures its staff user). */
  async startDjango(): Promise<number> {
    await this.script('start-django.sh');
    return this.pid('django');
  }

  /** The Go peer, built first; it serves the tables Django created. */
  async startGo(): Promise<number> {
    await this.script('start-go.sh');
    return this.pid('go');
  }

  /** Stops both peers by the PIDs their scripts recorded. */
  async stopPeers(): Promise<void> {
    await this.script('stop-peers.sh');
  }

  private pid(name: string): number {
    return Number(readFileSync(path.join(PEERS_RUN_DIR, `${name}.pid`), 'utf8').trim());
  }
}
