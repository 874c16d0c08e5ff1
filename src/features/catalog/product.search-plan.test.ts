// Plans at scale: 50,000 live products seeded set-based, so that the planner's choices are the
// ones it makes for a real catalog (on a handful of rows every plan is a sequential scan).
// bench/catalog-search.ts does the same at 200,000 rows; docs/PERFORMANCE.md has its numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { Database } from '../../platform/db/db.ts';
import { PRODUCT_ORDERINGS, type ProductFilter, type ProductOrdering } from './catalog.ts';
import { CatalogService } from './catalog.service.ts';
import {
  RARE_DESCRIPTION_WORD,
  RARE_EVERY,
  RARE_NAME_WORD,
  describePlan,
  explainingDb,
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

/** EXPLAIN ANALYZE of the one statement listProducts sends for `filter`. */
async function explain(filter: ProductFilter): Promise<ExplainedStatement> {
  const recorded: ExplainedStatement[] = [];
  await t.services.catalog.withDb(explainingDb(t.database.admin, recorded, { analyze: true })).listProducts(filter, firstPage, signal());
  expect(recorded).toHaveLength(1);
  return recorded[0]!;
}

describe('GET /api/v1/products?q= on 50,000 products', () => {
  it('has trigram indexes that write through, so no burst of inserts leaves searches to an unsorted pending list', async () => {
    expect(await trigramWritesThrough(t.database.admin)).toEqual({ products_name_trgm_idx: true, products_description_trgm_idx: true });
    const { rows } = await t.database.admin.query(`SELECT count(*)::int AS n FROM products WHERE deleted_at IS NULL`);
    expect(rows[0].n).toBeGreaterThanOrEqual(ROWS);
  });

  it('finds a rare word through Bitmap Index Scans on both trigram indexes, in milliseconds', async () => {
    for (const q of [RARE_NAME_WORD.toLowerCase(), RARE_DESCRIPTION_WORD.toUpperCase()]) {
      const { plan, executionMs } = await explain({ q });
      const nodes = describePlan(plan);
      expect(nodes, q).toContain('Bitmap Index Scan on products_name_trgm_idx');
      expect(nodes, q).toContain('Bitmap Index Scan on products_description_trgm_idx');
      expect(nodes, q).not.toContain('Seq Scan on products');
      // Well under 1 ms here; the bound only catches a plan that reads the whole table.
      expect(executionMs, q).toBeLessThan(250);
    }
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

  it('reads each ordering’s first page from its own index and sorts nothing', async () => {
    for (const ordering of PRODUCT_ORDERINGS) {
      const nodes = describePlan((await explain({ ordering })).plan);
      expect(nodes, ordering).toContain(`Index Scan on ${INDEX[ordering]}`);
      expect(nodes, ordering).not.toContain('Sort');
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
