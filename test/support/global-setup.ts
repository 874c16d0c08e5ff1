// Starts one embedded PostgreSQL for the whole test run and migrates a template database that
// every test file clones (CREATE DATABASE … TEMPLATE), so files are isolated and start fast.
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/platform/db/embedded.ts';
import { Migrator } from '../../src/platform/db/migrations.ts';
import { MIGRATIONS_DIR } from '../../src/main.ts';

export const TEMPLATE_DB = 'ledgerline_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgBaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = path.resolve(process.env.TEST_DATA_DIR ?? 'var/test');
  const embedded = await startEmbeddedPostgres({
    dataDir,
    // Durability is irrelevant for throwaway test data; speed is not.
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
  });
  const admin = new pg.Client({ connectionString: embedded.urlFor('postgres') });
  await admin.connect();
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname = $1 OR datname LIKE 'test\\_%'`,
    [TEMPLATE_DB],
  );
  for (const { datname } of rows) await admin.query(`DROP DATABASE ${admin.escapeIdentifier(datname)} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await new Migrator(embedded.urlFor(TEMPLATE_DB), MIGRATIONS_DIR).migrate();
  project.provide('pgBaseUrl', embedded.urlFor(''));
  return async () => {
    await embedded.stop();
  };
}
