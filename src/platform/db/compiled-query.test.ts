import { PreparedQuery } from '@pgtyped/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import { compile, stripHints } from './compiled-query.ts';
import { Database } from './db.ts';

const signal = () => new AbortController().signal;

/** A query as pgtyped generates it: a `:limit!` parameter, nullability hints on the aliases. */
const statement = 'SELECT n AS "n!", NULL::text AS "note?", \'"kept"\' AS label FROM generate_series(1, :limit!::int) n ORDER BY "n!" DESC';
const hinted = new PreparedQuery<{ limit: number }, { n: number; note: string | null; label: string }>({
  usedParamSet: { limit: true },
  params: [{ name: 'limit', required: true, transform: { type: 'scalar' }, locs: [{ a: statement.indexOf(':limit!'), b: statement.indexOf(':limit!') + 6 }] }],
  statement,
} as never);

describe('stripHints', () => {
  it('removes the nullability hint from every quoted identifier, alias and reference alike', () => {
    expect(stripHints('SELECT a AS "a!", b AS "b?", c AS "c" FROM t ORDER BY "a!"')).toBe('SELECT a AS "a", b AS "b", c AS "c" FROM t ORDER BY "a"');
  });

  it('leaves unhinted identifiers, operators and parameters alone', () => {
    const text = 'SELECT "x", a != b, coalesce($1, 0) AS total FROM "t" WHERE b IS NOT NULL';
    expect(stripHints(text)).toBe(text);
  });
});

describe('compile', () => {
  it('compiles the text once, without hints, with the parameters in $n order', () => {
    const c = compile(hinted as PreparedQuery<unknown, unknown>);
    expect(c.text).toBe('SELECT n AS "n", NULL::text AS "note", \'"kept"\' AS label FROM generate_series(1, $1::int) n ORDER BY "n" DESC');
    expect(c.params).toEqual(['limit']);
    expect(compile(hinted as PreparedQuery<unknown, unknown>)).toBe(c);
  });
});

describe('Database.run with a hinted query', () => {
  let tdb: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    tdb = await createTestDatabase();
    db = new Database({ connectionString: tdb.url, poolSize: 1, applicationName: 'compiled-query-test' });
  });
  afterAll(async () => {
    await db.close();
    await tdb.drop();
  });

  it('returns rows keyed exactly as the generated result type, prepared or planned per call', async () => {
    const expected = [
      { n: 2, note: null, label: '"kept"' },
      { n: 1, note: null, label: '"kept"' },
    ];
    for (const options of [undefined, { planPerCall: true }]) {
      const rows = await db.run(hinted, { limit: 2 }, signal(), options);
      expect(rows).toEqual(expected);
      expect(rows.map((r) => Object.keys(r))).toEqual([
        ['n', 'note', 'label'],
        ['n', 'note', 'label'],
      ]);
    }
  });
});
