// A private database per test file, cloned from the migrated template.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

const TEMPLATE_DB = 'ledgerline_template';

export interface TestDatabase {
  url: string;
  /** A raw client for assertions that look under the API (ledger sums, pg_stat_activity…). */
  admin: pg.Client;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const base = inject('pgBaseUrl');
  const name = `test_${randomBytes(6).toString('hex')}`;
  const server = new pg.Client({ connectionString: `${base}postgres` });
  await server.connect();
  await server.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  const admin = new pg.Client({ connectionString: `${base}${name}` });
  await admin.connect();
  return {
    url: `${base}${name}`,
    admin,
    async drop() {
      await admin.end();
      await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await server.end();
    },
  };
}
