// The harness's own PostgreSQL: an embedded server under var/bench-reliability with the default
// durability (fsync and synchronous_commit on, as in production), owned by the harness so that
// the `restarts` scenario can restart it, and a fresh, migrated database for every scenario.
import path from 'node:path';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { Migrator } from '../../src/platform/db/migrations.ts';

const DATABASE = 'ledgerline_reliability';
export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export interface HarnessDatabase {
  server: EmbeddedPostgres;
  url: string;
  /** A client for checks under the API (ledger sums, job states); reconnects after a restart. */
  query<R extends pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  close(): Promise<void>;
}

export async function openDatabase(say: (line: string) => void): Promise<HarnessDatabase> {
  const server = await startEmbeddedPostgres({ dataDir: path.join(ROOT, 'var', 'bench-reliability'), log: (l) => say(`  ${l}`) });
  try {
    const admin = new pg.Client({ connectionString: server.urlFor('postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    const url = server.urlFor(DATABASE);
    await new Migrator(url, MIGRATIONS_DIR).migrate();
    return {
      server,
      url,
      async query<R extends pg.QueryResultRow>(sql: string, values: unknown[] = []) {
        // A client per check: the scenarios restart the server under it.
        const client = new pg.Client({ connectionString: url });
        client.on('error', () => undefined);
        await client.connect();
        try {
          return (await client.query<R>(sql, values)).rows;
        } finally {
          await client.end();
        }
      },
      close: () => server.stop(),
    };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
