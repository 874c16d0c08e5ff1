// A search's steps: which walks it takes for how many matches, and when it turns to bitmap scans;
// withBitmapScansOnly: its statements are planned without index or sequential scans, and the
// planner is as it was afterwards, on the pool and inside an enclosing transaction alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { SEARCH_WINDOW_PER_ROW, searchRows, withBitmapScansOnly } from './substring-search.ts';
import { Database, type Db } from './db.ts';

const signal = new AbortController().signal;

describe('searchRows', () => {
  const LIMIT = 51;
  const FIRST = LIMIT * SEARCH_WINDOW_PER_ROW;

  /** Steps over a list where one row in `every` matches; records each step it is asked for. */
  function list(every: number, total = 1_000_000) {
    const steps: string[] = [];
    const matchesAmong = (rows: number) => Array.from({ length: Math.min(LIMIT, Math.floor(Math.min(rows, total) / every)) }, (_, i) => i);
    return {
      steps,
      search: {
        walk: async (window: number) => {
          steps.push(`walk ${window}`);
          return matchesAmong(window);
        },
        everyMatch: async (tx: Db) => {
          const [s] = await tx.query<{ i: string }>(`SELECT current_setting('enable_indexscan') AS i`, [], new AbortController().signal);
          steps.push(`every match, index scans ${s!.i}`);
          return matchesAmong(total);
        },
      },
    };
  }

  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = new Database({ connectionString: database.url, poolSize: 1, applicationName: 'test-search-rows' });
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('stops at the first walk when it fills the page', async () => {
    const { steps, search } = list(10);
    expect(await searchRows(db, LIMIT, signal, search)).toHaveLength(LIMIT);
    expect(steps).toEqual([`walk ${FIRST}`]);
  });

  it('walks further, as far as twice what the matches seen suggest, for a word in one row of 60', async () => {
    const { steps, search } = list(60);
    expect(await searchRows(db, LIMIT, signal, search)).toHaveLength(LIMIT);
    const seen = Math.floor(FIRST / 60);
    expect(steps).toEqual([`walk ${FIRST}`, `walk ${Math.ceil((2 * FIRST * LIMIT) / seen)}`]);
  });

  it('turns to every match through bitmap scans for a word the first walk did not find, or found too seldom', async () => {
    for (const every of [5_000, 500]) {
      const { steps, search } = list(every);
      expect(await searchRows(db, LIMIT, signal, search), String(every)).toHaveLength(LIMIT);
      expect(steps, String(every)).toEqual([`walk ${FIRST}`, 'every match, index scans off']);
    }
  });

  it('ends with every match when the second walk falls short, as at the end of a short list', async () => {
    const { steps, search } = list(60, 2_500);
    expect(await searchRows(db, LIMIT, signal, search)).toHaveLength(Math.floor(2_500 / 60));
    expect(steps).toEqual([`walk ${FIRST}`, `walk ${Math.ceil((2 * FIRST * LIMIT) / Math.floor(FIRST / 60))}`, 'every match, index scans off']);
  });
});

describe('withBitmapScansOnly', () => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection: a setting left behind would be seen by the next statement.
    db = new Database({ connectionString: database.url, poolSize: 1, applicationName: 'test-bitmap-scans' });
    await db.query('CREATE TABLE scan_probe (id int8 PRIMARY KEY, v int8 NOT NULL)', [], signal);
    await db.query('INSERT INTO scan_probe SELECT g, g % 100 FROM generate_series(1, 20000) AS g', [], signal);
    await db.query('ANALYZE scan_probe', [], signal);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  /** The plan's top scan of scan_probe for a primary-key lookup. */
  const lookupPlan = async (on: Db) =>
    (await on.query<{ 'QUERY PLAN': string }>('EXPLAIN SELECT v FROM scan_probe WHERE id = 42', [], signal)).map((r) => r['QUERY PLAN']).join('\n');
  const settings = async (on: Db) =>
    (await on.query<{ i: string; s: string }>(`SELECT current_setting('enable_indexscan') AS i, current_setting('enable_seqscan') AS s`, [], signal))[0];

  it('plans its statements with bitmap scans, and returns their rows', async () => {
    const { plan, rows } = await withBitmapScansOnly(db, signal, async (tx) => ({
      plan: await lookupPlan(tx),
      rows: await tx.query<{ v: number }>('SELECT v FROM scan_probe WHERE id = 42', [], signal),
    }));
    expect(plan).toMatch(/Bitmap Index Scan on scan_probe_pkey/);
    expect(rows).toEqual([{ v: 42 }]);
  });

  it('leaves the pool’s connections planning as before', async () => {
    await withBitmapScansOnly(db, signal, async () => undefined);
    expect(await settings(db)).toEqual({ i: 'on', s: 'on' });
    expect(await lookupPlan(db)).toMatch(/Index (Only )?Scan using scan_probe_pkey/);
  });

  it('leaves an enclosing transaction planning as before, with its own settings', async () => {
    await db.transaction(signal, async (tx) => {
      await tx.query(`SET LOCAL enable_seqscan = off`, [], signal);
      const inside = await withBitmapScansOnly(tx, signal, (inner) => settings(inner));
      expect(inside).toEqual({ i: 'off', s: 'off' });
      expect(await settings(tx)).toEqual({ i: 'on', s: 'off' });
      expect(await lookupPlan(tx)).toMatch(/Index (Only )?Scan using scan_probe_pkey/);
    });
  });
});
