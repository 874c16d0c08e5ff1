// A claim walks the queue's waiting jobs in due order and stops at its limit, whatever the
// planner's statistics say: on a queue never analyzed (a new task, a burst after a quiet spell)
// the planner's own choice reads the whole backlog at every claim (migration 0016).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import type pg from 'pg';
import { claimJobs } from './queries.queries.ts';

const QUEUE = 'test.backlog';
const BACKLOG = 5_000;

// ClaimJobs as it was before migration 0016, left to the planner: the control.
const PLANNER_CHOOSES = `
  WITH next AS (
    SELECT id FROM pgboss.job
     WHERE name = $1 AND state < 'active' AND start_after < now()
     ORDER BY start_after LIMIT $2
       FOR UPDATE SKIP LOCKED)
  UPDATE pgboss.job j SET state = 'active', started_on = now()
    FROM next WHERE j.name = $1 AND j.id = next.id
  RETURNING j.id`;

describe('claiming jobs from a backlog the statistics know nothing of', () => {
  let database: TestDatabase;
  let partition: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const { admin } = database;
    await admin.query(`SELECT pgboss.create_queue($1, '{"policy": "standard"}')`, [QUEUE]);
    const { rows } = await admin.query<{ partition: string }>(`SELECT partition_name AS partition FROM pgboss.queue WHERE name = $1`, [QUEUE]);
    partition = `pgboss.${rows[0]!.partition}`;
    // Never analyzed, and autovacuum must not analyze it while the test runs.
    await admin.query(`ALTER TABLE ${partition} SET (autovacuum_enabled = false)`);
    // Due one second apart, the oldest first in due order but inserted last: physical order is
    // not due order.
    await admin.query(
      `INSERT INTO pgboss.job (id, name, data, start_after, expire_in, keep_until, retry_limit, policy)
       SELECT gen_random_uuid(), $1, jsonb_build_object('n', i), now() - make_interval(secs => i), interval '60 s',
              now() + interval '14 days', 3, 'standard'
         FROM generate_series(1, $2::int) AS i`,
      [QUEUE, BACKLOG],
    );
  });
  afterAll(async () => {
    await database?.drop();
  });

  /**
   * Runs `claim` in a transaction that is rolled back: what it returned, and how many of the
   * partition's rows the scans read meanwhile (the counter's difference around the claim, on the
   * same transaction: the counts of earlier transactions may not be flushed yet).
   */
  async function rowsRead<T>(claim: (client: pg.Client) => Promise<T>): Promise<{ claimed: T; rows: number }> {
    const { admin } = database;
    const fetched = async () => Number((await admin.query<{ n: string }>(`SELECT pg_stat_get_xact_tuples_fetched($1::regclass) AS n`, [partition])).rows[0]!.n);
    await admin.query('BEGIN');
    try {
      const before = await fetched();
      const claimed = await claim(admin);
      return { claimed, rows: (await fetched()) - before };
    } finally {
      await admin.query('ROLLBACK');
    }
  }

  it('reads the whole backlog when the planner chooses (the hazard this guards against)', async () => {
    const { claimed, rows } = await rowsRead(async (client) => (await client.query(PLANNER_CHOOSES, [QUEUE, 16])).rows);
    expect(claimed).toHaveLength(16);
    expect(rows).toBeGreaterThanOrEqual(BACKLOG);
  });

  it('takes the 16 jobs due first, reading only those', async () => {
    const { claimed, rows } = await rowsRead((client) => claimJobs.run({ name: QUEUE, limit: 16 }, client));
    expect(claimed.map((j) => (j.data as { n: number }).n).sort((a, b) => b - a)).toEqual(Array.from({ length: 16 }, (_, i) => BACKLOG - i));
    expect(claimed.every((j) => j.retry_count === 0 && j.name === QUEUE)).toBe(true);
    // 16 through the index of waiting jobs, and the same 16 again to update them.
    expect(rows).toBeLessThanOrEqual(32);
  });
});
