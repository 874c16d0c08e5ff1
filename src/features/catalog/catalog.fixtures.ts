// Test and benchmark support for the catalog: data built through the service, set-based seeding
// for plan tests at scale, and a Db that EXPLAINs the statements a service method would run.
// Not a test file itself: vitest only collects *.test.ts.
import type pg from 'pg';
import type { TestApp } from '../../../test/support/app.ts';
import type { PreparedQuery } from '@pgtyped/runtime';
import { bindings, compile } from '../../platform/db/compiled-query.ts';
import type { Db, Row } from '../../platform/db/db.ts';
import { typeParsers } from '../../platform/db/types.ts';
import type { Category, Product } from './catalog.ts';
import type { CatalogService } from './catalog.service.ts';

const signal = () => new AbortController().signal;

export function makeCategory(catalog: CatalogService, name: string, slug?: string): Promise<Category> {
  return catalog.createCategory({ name, slug }, signal());
}

export function makeProduct(
  catalog: CatalogService,
  fields: { name?: string; description?: string; priceCents?: number; categoryId?: number | null } = {},
): Promise<Product> {
  return catalog.createProduct(
    { name: fields.name ?? 'Widget', description: fields.description, priceCents: fields.priceCents ?? 1000, categoryId: fields.categoryId },
    signal(),
  );
}

/** Rare words the seeded rows contain, to search for: one live row in RARE_EVERY has each. */
export const RARE_NAME_WORD = 'Zanzibar';
export const RARE_DESCRIPTION_WORD = 'quixotic';
export const RARE_EVERY = 5000;

/**
 * Inserts `count` live products (plus 1 in 19 more, soft-deleted) in one INSERT … SELECT over
 * generate_series, spread over `categories` new categories, then ANALYZEs so the planner sees
 * the real sizes. Names and descriptions mix common words with md5 text, so trigrams are varied.
 *
 * The trigram indexes write through (migration 0006), which costs ~0.3 ms a row; for a bulk load
 * it is faster to let GIN queue the entries and merge them once, as a bulk import would. The
 * indexes end as write-through would leave them: nothing pending, their own setting restored.
 */
export async function seedProducts(client: pg.ClientBase, count: number, categories = 20): Promise<void> {
  const trigramIndexes = ['products_name_trgm_idx', 'products_description_trgm_idx'];
  const before = await trigramWritesThrough(client);
  for (const index of trigramIndexes) await client.query(`ALTER INDEX ${index} SET (fastupdate = on)`);
  await client.query(
    `INSERT INTO categories (name, slug)
     SELECT 'Seeded ' || g, 'seeded-' || g FROM generate_series(1, $1::int) AS g`,
    [categories],
  );
  await client.query(
    `INSERT INTO products (name, description, price_cents, category_id, created_at, deleted_at)
     SELECT (ARRAY['Red', 'Blue', 'Large', 'Small', 'Classic', 'Deluxe'])[1 + g % 6] || ' '
              || (ARRAY['chair', 'lamp', 'table', 'mug', 'shirt', 'kettle', 'book'])[1 + g % 7] || ' '
              || substr(md5(g::text), 1, 8)
              || CASE WHEN g % $3::int = 7 THEN ' ' || $4::text ELSE '' END,
            'A fine ' || substr(md5((g * 7)::text), 1, 24) || ' made of ' || substr(md5((g * 13)::text), 1, 16)
              || CASE WHEN g % $3::int = 1 THEN ' and ' || $5::text ELSE '' END,
            100 + (g * 7919) % 100000,
            (SELECT min(id) FROM categories WHERE slug LIKE 'seeded-%') + g % $2::int,
            now() - make_interval(secs => g),
            -- Residues 7 and 1 (the rare words) are never multiples of 20: those rows stay live.
            CASE WHEN g % 20 = 0 THEN now() END
       FROM generate_series(1, $1::int) AS g`,
    [Math.ceil(count * 20 / 19), categories, RARE_EVERY, RARE_NAME_WORD, RARE_DESCRIPTION_WORD],
  );
  for (const index of trigramIndexes) {
    await client.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    await client.query(before[index] ? `ALTER INDEX ${index} SET (fastupdate = off)` : `ALTER INDEX ${index} RESET (fastupdate)`);
  }
  // Statistics from every row, not ANALYZE's random sample of 300 × the target: with a sample, a
  // rare word lands in the description's histogram in ~2 % of runs, the planner then expects
  // hundreds of matches and walks the ordering index instead, and plan assertions flake. The
  // table is small enough for this; the session's setting goes with its ANALYZE.
  await client.query('SET default_statistics_target = 1000');
  try {
    await client.query('ANALYZE categories, products');
  } finally {
    await client.query('RESET default_statistics_target');
  }
}

/** Whether each trigram index writes through (fastupdate off), by index name. */
export async function trigramWritesThrough(client: pg.ClientBase): Promise<Record<string, boolean>> {
  const { rows } = await client.query<{ relname: string; off: boolean }>(
    `SELECT relname, coalesce('fastupdate=off' = ANY(reloptions), false) AS off
       FROM pg_class WHERE relname IN ('products_name_trgm_idx', 'products_description_trgm_idx')`,
  );
  return Object.fromEntries(rows.map((r) => [r.relname, r.off]));
}

/** One node of an `EXPLAIN (FORMAT JSON)` plan. */
export interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
  [key: string]: unknown;
}

export interface ExplainedStatement {
  text: string;
  plan: PlanNode;
  /** With `analyze`: the statement's execution time as PostgreSQL measured it. */
  executionMs: number | undefined;
}

/**
 * A Db on `client` that EXPLAINs every statement (with ANALYZE when asked) and records its plan
 * before running it, so `service.withDb(explainingDb(…))` shows the plans of exactly the
 * statements, text and parameters, that the service sends, and the service still gets their rows
 * to decide what to send next. Transactions are BEGIN/COMMIT on the same client. With ANALYZE
 * each statement runs twice, so it is for reads (and settings) only.
 */
export function explainingDb(client: pg.ClientBase, recorded: ExplainedStatement[], options: { analyze?: boolean } = {}): Db {
  const explainAndRun = async (text: string, values: readonly unknown[]): Promise<Row[]> => {
    const { rows } = await client.query(`EXPLAIN (${options.analyze ? 'ANALYZE, BUFFERS, ' : ''}FORMAT JSON) ${text}`, [...values]);
    const [result] = (rows[0] as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time'?: number }[] })['QUERY PLAN'];
    recorded.push({ text, plan: result!.Plan, executionMs: result!['Execution Time'] });
    // With the application's parsers, so int8 and timestamptz arrive as the service expects.
    return (await client.query({ text, values: [...values], types: typeParsers })).rows as Row[];
  };
  const db: Db = {
    query: <R extends Row>(text: string, values: readonly unknown[]) => explainAndRun(text, values) as Promise<R[]>,
    run: async <P, R>(query: PreparedQuery<P, R>, params: P) => {
      // As Database sends it: the text without pgtyped's nullability hints, so the row keys match R.
      const compiled = compile(query as PreparedQuery<unknown, unknown>);
      return (await explainAndRun(compiled.text, bindings(compiled, params))) as R[];
    },
    transaction: async (_signal, fn) => {
      await client.query('BEGIN');
      try {
        const result = await fn(db);
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
    },
    afterCommit: () => Promise.reject(new Error('explainingDb commits nothing')),
  };
  return db;
}

/** Every node of a plan, depth first. */
export function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

/**
 * Rows of `table` an analyzed plan read: what its scans of the table returned and what their
 * filters and rechecks threw away, over all their loops.
 */
export function rowsRead(plan: PlanNode, table = 'products'): number {
  const count = (key: string, n: PlanNode) => Number(n[key] ?? 0);
  return planNodes(plan)
    .filter((n) => n['Relation Name'] === table)
    .reduce((sum, n) => sum + (count('Actual Rows', n) + count('Rows Removed by Filter', n) + count('Rows Removed by Index Recheck', n)) * count('Actual Loops', n), 0);
}

/** `Node Type` or `Node Type on index`, for every node: easy to assert on and to print. */
export function describePlan(node: PlanNode): string[] {
  return planNodes(node).map((n) => (n['Index Name'] ? `${n['Node Type']} on ${n['Index Name']}` : n['Node Type']));
}

/** Follows next_cursor from `url` (which has a `?`) and returns every item, page by page. */
export async function walkPages<T = { id: number }>(t: TestApp, url: string): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | null = null;
  do {
    const res = await t.request('GET', cursor === null ? url : `${url}&cursor=${encodeURIComponent(cursor)}`);
    if (res.status !== 200) throw new Error(`page ${pages + 1} of ${url} answered ${res.status}: ${JSON.stringify(res.body)}`);
    items.push(...(res.body.data as T[]));
    cursor = res.body.next_cursor as string | null;
    pages += 1;
    if (pages > 1000) throw new Error('pagination does not terminate');
  } while (cursor !== null);
  return { items, pages };
}

export const PROBLEM_JSON = /^application\/problem\+json/;
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const PRODUCT_KEYS = ['category', 'created_at', 'currency', 'description', 'id', 'name', 'price_cents'];
export const CATEGORY_KEYS = ['id', 'name', 'product_count', 'slug'];
