// Plans at scale: 50,000 live products seeded set-based, so that the planner's choices are the
// ones it makes for a real catalog (on a handful of rows every plan is a sequential scan).
// bench/catalog-search.ts does the same at 200,000 rows; docs/PERFORMANCE.md has its numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { SEARCH_WINDOW_PER_ROW } from '../../platform/db/substring-search.ts';
import { Database } from '../../platform/db/db.ts';
import type { PageRequest } from '../../platform/pagination.ts';
import { PRODUCT_ORDERINGS, type ProductFilter, type ProductOrdering } from './catalog.ts';
import { CatalogService } from './catalog.service.ts';
import { productAdmin } from './product.admin.ts';
import { lookup, lookupSql } from '../../admin/lookup.ts';
import { listProductsNewest } from './queries.queries.ts';
import {
  RARE_DESCRIPTION_WORD,
  RARE_EVERY,
  RARE_NAME_WORD,
  describePlan,
  explainingDb,
  rowsRead,
  seedProducts,
  trigramWritesThrough,
  type ExplainedStatement,
} from './catalog.fixtures.ts';

const ROWS = 50_000;
const signal = () => new AbortController().signal;
const firstPage = { limit: 50, cursor: undefined };

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedProducts(t.database.admin, ROWS);
});
afterAll(async () => t.close());

/** EXPLAIN ANALYZE of every product list statement listProducts sends for `filter`, in order. */
async function explainAll(filter: ProductFilter, page: PageRequest = firstPage): Promise<ExplainedStatement[]> {
  const recorded: ExplainedStatement[] = [];
  await t.services.catalog.withDb(explainingDb(t.database.admin, recorded, { analyze: true })).listProducts(filter, page, signal());
  return recorded.filter((s) => s.text.includes('FROM products p'));
}

/** The statement a list without a search sends: one, whatever the filters. */
async function explain(filter: ProductFilter): Promise<ExplainedStatement> {
  const statements = await explainAll(filter);
  expect(statements).toHaveLength(1);
  return statements[0]!;
}

describe('GET /api/v1/products?q= on 50,000 products', () => {
  it('has trigram indexes that write through, so no burst of inserts leaves searches to an unsorted pending list', async () => {
    expect(await trigramWritesThrough(t.database.admin)).toEqual({ products_name_trgm_idx: true, products_description_trgm_idx: true });
    const { rows } = await t.database.admin.query(`SELECT count(*)::int AS n FROM products WHERE deleted_at IS NULL`);
    expect(rows[0].n).toBeGreaterThanOrEqual(ROWS);
  });

  it('finds a rare word through Bitmap Index Scans on both trigram indexes, in milliseconds', async () => {
    for (const q of [RARE_NAME_WORD.toLowerCase(), RARE_DESCRIPTION_WORD.toUpperCase()]) {
      // First the bounded walk, which finds less than a page; then the trigram indexes.
      const statements = await explainAll({ q });
      expect(statements, q).toHaveLength(2);
      expect(rowsRead(statements[0]!.plan), q).toBeLessThanOrEqual(51 * SEARCH_WINDOW_PER_ROW);
      const { plan, executionMs } = statements[1]!;
      const nodes = describePlan(plan);
      expect(nodes, q).toContain('Bitmap Index Scan on products_name_trgm_idx');
      expect(nodes, q).toContain('Bitmap Index Scan on products_description_trgm_idx');
      expect(nodes, q).not.toContain('Seq Scan on products');
      // Well under 1 ms here; the bound only catches a plan that reads the whole table.
      expect(executionMs, q).toBeLessThan(250);
    }
  });

  it('walks only the category’s own products for a search within one category', async () => {
    // With a page of 1 the walk wants 80 of the category's products: reading the catalog's newest
    // and keeping the category's (one in 20) would take ~1,600 rows.
    const statements = await explainAll({ q: RARE_NAME_WORD, categorySlug: 'seeded-2' }, { limit: 1, cursor: undefined });
    expect(rowsRead(statements[0]!.plan)).toBeLessThanOrEqual(2 * SEARCH_WINDOW_PER_ROW);
    expect(describePlan(statements[0]!.plan)).toContain('Index Scan on products_live_category_created_idx');
    expect(describePlan(statements.at(-1)!.plan)).toContain('Bitmap Index Scan on products_name_trgm_idx');
  });

  it('finds every matching live product, and only those', async () => {
    const expected = Math.floor((ROWS * 20) / 19 / RARE_EVERY);
    const names = await t.services.catalog.listProducts({ q: RARE_NAME_WORD.toUpperCase() }, { limit: 200, cursor: undefined }, signal());
    expect(names.items.length).toBeGreaterThanOrEqual(expected);
    expect(names.items.every((p) => p.name.includes(RARE_NAME_WORD))).toBe(true);
    const descriptions = await t.services.catalog.listProducts({ q: RARE_DESCRIPTION_WORD }, { limit: 200, cursor: undefined }, signal());
    expect(descriptions.items.length).toBeGreaterThanOrEqual(expected);
    expect(descriptions.items.every((p) => p.description.includes(RARE_DESCRIPTION_WORD))).toBe(true);
  });

  it('plans for the actual values on every execution, never falling back to a cached generic plan', async () => {
    // One connection, so every execution and the check below share a session. A named prepared
    // statement would be eligible for a generic plan from its sixth execution on.
    const db = new Database({ connectionString: t.database.url, poolSize: 1, applicationName: 'catalog-plan-test' });
    try {
      const catalog = new CatalogService({ db });
      for (let i = 0; i < 8; i++) {
        for (const filter of [{ q: RARE_NAME_WORD }, {}, { q: 'lamp' }] as ProductFilter[]) {
          await catalog.listProducts(filter, firstPage, signal());
        }
      }
      const cached = await db.query<{ statement: string }>(`SELECT statement FROM pg_prepared_statements WHERE statement LIKE '%FROM products p%'`, [], signal());
      // Only the unfiltered front page is prepared: its own statement, without optional filters.
      expect(cached).toHaveLength(1);
      expect(cached[0]!.statement).not.toMatch(/ILIKE|categories WHERE slug|BETWEEN/);
    } finally {
      await db.close();
    }
  });
});

describe('GET /api/v1/products orderings on 50,000 products', () => {
  const INDEX: Record<ProductOrdering, string> = {
    '-created_at': 'products_live_created_idx',
    created_at: 'products_live_created_idx',
    price_cents: 'products_live_price_idx',
    '-price_cents': 'products_live_price_idx',
    name: 'products_live_name_idx',
  };

  it('reads each ordering’s first page from its own index and stops after the page', async () => {
    for (const ordering of PRODUCT_ORDERINGS) {
      const { plan } = await explain({ ordering });
      expect(describePlan(plan), ordering).toContain(`Index Scan on ${INDEX[ordering]}`);
      // Whatever sorts the page's 51 rows after their categories are joined, nothing sorts more.
      expect(rowsRead(plan), ordering).toBeLessThanOrEqual(51);
    }
  });

  it('continues from a cursor deep in the list with an index condition, not by reading the rows before it', async () => {
    const page = await t.services.catalog.listProducts({ ordering: 'price_cents' }, { limit: 200, cursor: undefined }, signal());
    let cursor = page.nextCursor!;
    for (let i = 0; i < 3; i++) cursor = (await t.services.catalog.listProducts({ ordering: 'price_cents' }, { limit: 200, cursor }, signal())).nextCursor!;
    const recorded: ExplainedStatement[] = [];
    await t.services.catalog
      .withDb(explainingDb(t.database.admin, recorded, { analyze: true }))
      .listProducts({ ordering: 'price_cents' }, { limit: 50, cursor }, signal());
    const scan = describePlan(recorded[0]!.plan).indexOf('Index Scan on products_live_price_idx');
    expect(scan).toBeGreaterThanOrEqual(0);
    // The keyset is an index condition: the scan starts at the cursor and reads about one page.
    const node = (function find(n: typeof recorded[number]['plan']): typeof n | undefined {
      if (n['Index Name'] === 'products_live_price_idx') return n;
      for (const child of n.Plans ?? []) {
        const found = find(child);
        if (found) return found;
      }
      return undefined;
    })(recorded[0]!.plan);
    expect(String(node?.['Index Cond'])).toMatch(/ROW\(price_cents, id\) >/);
    expect(node?.['Actual Rows']).toBeLessThanOrEqual(51);
  });
});

describe('GET /api/v1/products?q= for a word of one of the statistics’ histogram bounds', () => {
  // ANALYZE keeps ~100 sample names as histogram bounds, and the planner estimates `ILIKE '%w%'`
  // by the share of bounds w is found in: a word from one bound reads as 1 % of the table, however
  // rare. For a page of n it then expects to walk ~100 × n rows of the ordering, and prefers that
  // to reading 1 % of the table through the trigram indexes once the table holds more than
  // ~10,000 × n rows: from the first page of 50 at 1,000,000 products (docs/PERFORMANCE.md), from
  // a page of 1 here. The word is taken from a bound of a fresh ANALYZE at the default target, as
  // any production database has them; its md5 part names one product.
  const onePage = { limit: 1, cursor: undefined };
  let word: string;
  let product: { id: number; name: string };
  beforeAll(async () => {
    await t.database.admin.query('ANALYZE products');
    const { rows } = await t.database.admin.query<{ bounds: string[] }>(
      `SELECT histogram_bounds::text::text[] AS bounds FROM pg_stats WHERE tablename = 'products' AND attname = 'name'`,
    );
    // A bound's md5 part that no other product holds (8 hex digits can recur in a description).
    // Not the first or last bound: the estimate leaves those two out.
    for (const bound of rows[0]!.bounds.slice(1, -1)) {
      const candidate = bound.split(' ')[2]!;
      const found = await t.database.admin.query<{ id: string; name: string }>(
        `SELECT id, name FROM products WHERE deleted_at IS NULL AND (name ILIKE $1 OR description ILIKE $1)`,
        [`%${candidate}%`],
      );
      if (found.rows.length === 1) {
        word = candidate;
        product = { id: Number(found.rows[0]!.id), name: found.rows[0]!.name };
        return;
      }
    }
    throw new Error('no histogram bound names a single product');
  });

  it('would walk the whole catalog if the planner chose the plan (the hazard is real here)', async () => {
    const recorded: ExplainedStatement[] = [];
    await explainingDb(t.database.admin, recorded, { analyze: true }).run(
      listProductsNewest,
      {
        afterCreatedAt: 'infinity',
        afterId: 0,
        minPriceCents: 0,
        maxPriceCents: Number.MAX_SAFE_INTEGER,
        categorySlug: null,
        pattern: `%${word}%`,
        windowPattern: null,
        window: 2,
        limit: 2,
      },
      signal(),
    );
    expect(describePlan(recorded[0]!.plan)).toContain('Index Scan on products_live_created_idx');
    expect(rowsRead(recorded[0]!.plan)).toBeGreaterThanOrEqual(ROWS);
  });

  it('finds its one product in every ordering reading a bounded number of rows, not the catalog', async () => {
    for (const ordering of PRODUCT_ORDERINGS) {
      const recorded: ExplainedStatement[] = [];
      const page = await t.services.catalog
        .withDb(explainingDb(t.database.admin, recorded, { analyze: true }))
        .listProducts({ q: word.toUpperCase(), ordering }, onePage, signal());
      expect(page.items.map((p) => [p.id, p.name]), ordering).toEqual([[product.id, product.name]]);
      const statements = recorded.filter((s) => s.text.includes('FROM products p'));
      const read = statements.map((s) => rowsRead(s.plan));
      expect(read.reduce((a, b) => a + b, 0), ordering).toBeLessThanOrEqual(2 * SEARCH_WINDOW_PER_ROW + 10);
      // The walk reads its window; the trigram indexes, the one match and what their recheck drops.
      expect(read, ordering).toHaveLength(2);
      expect(read[0], ordering).toBeLessThanOrEqual(2 * SEARCH_WINDOW_PER_ROW);
      expect(describePlan(statements[1]!.plan), ordering).toContain('Bitmap Index Scan on products_name_trgm_idx');
    }
  });

  it('is found by the admin’s related-object look-up reading a bounded number of rows', async () => {
    const model = productAdmin({ catalog: t.services.catalog, currency: 'USD' });
    // The look-up's statement left to the planner: it scans for 20 matches it expects within
    // ~2,000 rows, and reads them all.
    const planned: ExplainedStatement[] = [];
    const sql = lookupSql(model, word);
    await explainingDb(t.database.admin, planned, { analyze: true }).query(sql.text, sql.values, signal());
    expect(rowsRead(planned[0]!.plan)).toBeGreaterThanOrEqual(ROWS);

    const recorded: ExplainedStatement[] = [];
    const found = await lookup(explainingDb(t.database.admin, recorded, { analyze: true }), model, word, signal());
    expect(found).toEqual({ results: [{ id: product.id, label: product.name }], complete: true });
    const read = recorded.filter((s) => s.text.includes('FROM "products"')).map((s) => rowsRead(s.plan));
    // The walk's window of the table's first 800 rows, then the match.
    expect(read.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(2 * 20 * SEARCH_WINDOW_PER_ROW);
  });
});
