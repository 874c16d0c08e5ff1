// The job queue's schema comes from our migration, not from pg-boss at start-up; this keeps the
// migration identical to what the installed pg-boss would build, so an upgrade cannot slip by.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../main.ts';
import { pgBossSchemaSql } from './boss.ts';

const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();

describe('the pg-boss schema migration', () => {
  const migration = readFileSync(path.join(MIGRATIONS_DIR, '0009_job_queue.sql'), 'utf8');
  const body = migration.split('-- pg-boss schema below\n')[1]!.split('-- end of pg-boss schema')[0]!;

  it("is pg-boss's own construction plan, unchanged", async () => {
    expect(squash(body)).toBe(squash(await pgBossSchemaSql()));
  });

  it('builds the schema version this pg-boss expects', () => {
    const version = (createRequire(import.meta.url)('pg-boss/version.json') as { schema: number }).schema;
    expect(body).toContain(`INSERT INTO pgboss.version(version) VALUES ('${version}')`);
    expect(PgBoss.getConstructionPlans()).toContain(`VALUES ('${version}')`);
  });
});
