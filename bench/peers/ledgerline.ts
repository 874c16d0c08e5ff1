// Ledgerline for the peer comparison: its own fresh database on the peers' PostgreSQL 15 (the same
// server, settings and disk as the peers' tables), migrated, a staff user made with the CLI as an
// operator would, then `ledgerline web` as production runs it, with sign-up open so the peers'
// harness can create its users through the API.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { Migrator } from '../../src/platform/db/migrations.ts';
import { ledgerlineEnv, startLedgerline, type ServerProcess } from '../servers.ts';
import { peersPgUrl, run } from './setup.ts';

export const LEDGERLINE_PEERS_DATABASE = 'ledgerline_peers';
const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface PeerLedgerline {
  server: ServerProcess;
  databaseUrl: string;
  staff: { email: string; password: string };
}

export async function startLedgerlineOnPeersPostgres(
  pool: number,
  webConcurrency: number,
  profileDir: string | undefined,
  say: (l: string) => void,
): Promise<PeerLedgerline> {
  const admin = new pg.Client({ connectionString: peersPgUrl('postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${LEDGERLINE_PEERS_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${LEDGERLINE_PEERS_DATABASE}`);
  } finally {
    await admin.end();
  }
  const databaseUrl = peersPgUrl(LEDGERLINE_PEERS_DATABASE);
  await new Migrator(databaseUrl, MIGRATIONS_DIR).migrate();
  const staff = { email: 'staff@example.com', password: `bench-staff-${randomBytes(12).toString('base64url')}` };
  await run(
    process.execPath,
    [path.join(ROOT, 'bin', 'ledgerline.js'), 'createsuperuser', '--email', staff.email, '--password', staff.password, '--no-input'],
    ledgerlineEnv(databaseUrl, pool),
    say,
  );
  const server = await startLedgerline({ databaseUrl, pool, webConcurrency, profileDir }, { SIGNUP_OPEN: 'true', TRUST_PROXY: 'false' });
  return { server, databaseUrl, staff };
}

/** VACUUM ANALYZE after seeding, as the peers' run-all.sh does for theirs. */
export async function vacuumAnalyze(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('VACUUM ANALYZE');
  } finally {
    await client.end();
  }
}
