import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser } from '../support/factories.ts';
import { AdminClient } from '../support/admin.ts';

const signal = () => new AbortController().signal;

describe('Admin list pages', () => {
  let t: TestApp;
  let c: AdminClient;
  let toolsId: number;

  beforeAll(async () => {
    t = await startTestApp();
    const staff = await createUser(t, { staff: true });
    const tools = await t.services.catalog.createCategory({ name: 'Tools' }, signal());
    const toys = await t.services.catalog.createCategory({ name: 'Toys' }, signal());
    toolsId = tools.id;
    for (let i = 1; i <= 30; i++) {
      await t.services.catalog.createProduct(
        { name: `Hammer ${String(i).padStart(2, '0')}`, priceCents: i * 100, categoryId: i % 2 === 0 ? tools.id : toys.id, description: i === 7 ? 'has 100% cotton' : '' },
        signal(),
      );
    }
    // Spread creation dates over two years for the drill-down (dates only; nothing else changes).
    await t.database.admin.query(
      `UPDATE products SET created_at = (CASE WHEN id % 3 = 0 THEN '2023-03-15T10:00:00Z' ELSE '2024-05-0' || (1 + id % 5) || 'T10:00:00Z' END)::timestamptz`,
    );
    c = new AdminClient(t);
    await c.login(staff.email, staff.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const rowsOf = (body: string) => [...body.matchAll(/<th scope="row" class="text"><a href="\/admin\/products\/\d+\/change\/">([^<]+)<\/a>/g)].map((m) => m[1]);

  it('lists products with their category joined and prices in major units with the currency', async () => {
    const res = await c.get('/admin/products/?o=name');
    expect(res.status).toBe(200);
    expect(rowsOf(res.body)[0]).toBe('Hammer 01');
    expect(res.body).toContain('1.00 USD');
    expect(res.body).toContain('Toys');
    expect(res.body).toContain('30 products');
  });

  it('searches case-insensitively, taking % literally', async () => {
    expect(rowsOf((await c.get('/admin/products/?q=hammer%2012')).body)).toEqual(['Hammer 12']);
    expect(rowsOf((await c.get('/admin/products/?q=100%25')).body)).toEqual(['Hammer 07']);
    expect(rowsOf((await c.get('/admin/products/?q=%25')).body)).toEqual(['Hammer 07']);
  });

  it('filters by category', async () => {
    const res = await c.get(`/admin/products/?category_id=${toolsId}&o=name`);
    expect(rowsOf(res.body)).toHaveLength(15);
    expect(rowsOf(res.body).every((n) => Number(n!.slice(-2)) % 2 === 0)).toBe(true);
  });

  it('drills down by year, month and day', async () => {
    const years = await c.get('/admin/products/');
    expect(years.body).toContain('href="/admin/products/?year=2023"');
    expect(rowsOf((await c.get('/admin/products/?year=2023')).body)).toHaveLength(10);
    const months = await c.get('/admin/products/?year=2024');
    expect(months.body).toContain('May 2024');
    expect(rowsOf(months.body)).toHaveLength(20);
    expect(rowsOf((await c.get('/admin/products/?year=2024&month=5&day=2')).body).length).toBe(4);
  });

  it('sorts by a column in both directions', async () => {
    const asc = rowsOf((await c.get('/admin/products/?o=price_cents')).body);
    const desc = rowsOf((await c.get('/admin/products/?o=-price_cents')).body);
    expect(asc[0]).toBe('Hammer 01');
    expect(desc[0]).toBe('Hammer 30');
  });

  it('pages forwards and backwards with keyset cursors, without gaps or repeats', async () => {
    const seen: string[] = [];
    let url: string | undefined = '/admin/products/?o=price_cents';
    const pages: string[] = [];
    while (url !== undefined) {
      const res = await c.get(url.replace(/&amp;/g, '&'));
      pages.push(res.body);
      seen.push(...(rowsOf(res.body) as string[]));
      url = /<a rel="next" href="([^"]+)"/.exec(res.body)?.[1];
      if (seen.length > 100) break;
    }
    // perPage is 50 by default; 30 rows make one page, so use a search to force small pages below.
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('runs a bounded number of statements whatever the number of rows on the page', async () => {
    const half = await c.get(`/admin/products/?category_id=${toolsId}`);
    const thirty = await c.get('/admin/products/');
    expect(rowsOf(half.body)).toHaveLength(15);
    expect(rowsOf(thirty.body)).toHaveLength(30);
    expect(half.statements).toBe(thirty.statements);
    // Session, page, estimate, exact count (small lists), date bounds, category choices.
    expect(thirty.statements).toBe(6);
    expect(thirty.body).toContain('30 products');

    // A search's page takes a bounded number of steps (substring-search.ts), whatever its rows.
    const one = await c.get('/admin/products/?q=Hammer%2001');
    const all = await c.get('/admin/products/?q=hammer');
    expect(rowsOf(one.body)).toHaveLength(1);
    expect(rowsOf(all.body)).toHaveLength(30);
    // As above, but the page is the walk of the first rows (one match, less than a page), then
    // every match with the planner held to bitmap scans (BEGIN, its settings, the page, the
    // settings back, COMMIT).
    expect(one.statements).toBe(11);
    // 30 matches in the first walk suggest a page within a second, longer walk: one more.
    expect(all.statements).toBe(12);
    expect(one.body).toContain('1 product');
  });

  it('ignores a sort on anything but a registered sortable column', async () => {
    for (const o of ['description', 'name;DROP TABLE products', '-id) --', 'category']) {
      const res = await c.get(`/admin/products/?o=${encodeURIComponent(o)}`);
      expect(res.status).toBe(200);
    }
    const { rows } = await t.database.admin.query(`SELECT count(*)::int AS n FROM products`);
    expect(rows[0].n).toBe(30);
  });

  it('treats injection attempts in search as plain text', async () => {
    const res = await c.get(`/admin/products/?q=${encodeURIComponent("' OR 1=1 --")}`);
    expect(res.status).toBe(200);
    expect(rowsOf(res.body)).toHaveLength(0);
  });

  it('rejects malformed filter values and tampered cursors with a 400, and ignores unknown filters', async () => {
    expect((await c.get(`/admin/products/?category_id=${encodeURIComponent('1 OR 1=1')}`)).status).toBe(400);
    expect((await c.get('/admin/products/?deleted_at=2020-01-01')).status).toBe(200);
    const bad = Buffer.from(JSON.stringify(["2024-13-45 99:99:99", 1])).toString('base64url');
    expect((await c.get(`/admin/products/?after=${bad}`)).status).toBe(400);
    const shape = Buffer.from(JSON.stringify(["x'); DROP TABLE products; --", 1])).toString('base64url');
    expect((await c.get(`/admin/products/?after=${shape}`)).status).toBe(400);
    expect((await c.get('/admin/products/?after=not-json')).status).toBe(400);
    expect((await c.get('/admin/products/?year=20x4')).status).toBe(400);
  });

  it('escapes stored text in the page', async () => {
    await t.services.catalog.createProduct({ name: '<script>alert(1)</script>', priceCents: 100 }, signal());
    const res = await c.get('/admin/products/?q=script');
    expect(res.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).not.toContain('<script>alert(1)');
  });

  it('shows every registered model on the index and lists each of them', async () => {
    const index = await c.get('/admin/');
    for (const name of ['users', 'customers', 'invoices', 'categories', 'products', 'orders', 'balance-ledger', 'audit-log']) {
      expect(index.body).toContain(`href="/admin/${name}/"`);
      const list = await c.get(`/admin/${name}/`);
      expect(list.status, name).toBe(200);
    }
  });
});

describe('Admin list counts and searches over several pages', () => {
  let t: TestApp;
  let c: AdminClient;

  beforeAll(async () => {
    t = await startTestApp();
    const staff = await createUser(t, { staff: true });
    await t.database.admin.query(
      `INSERT INTO products (name, description, price_cents, created_at)
       SELECT 'Widget ' || g, '', g * 100, '2024-01-01T00:00:00Z'::timestamptz + make_interval(mins => g) FROM generate_series(1, 120) AS g`,
    );
    await t.database.admin.query('ANALYZE products');
    c = new AdminClient(t);
    await c.login(staff.email, staff.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const namesOf = (body: string) => [...body.matchAll(/<th scope="row" class="text"><a href="\/admin\/products\/\d+\/change\/">([^<]+)<\/a>/g)].map((m) => m[1]);
  const nextOf = (body: string) => /<a rel="next" href="([^"]+)"/.exec(body)?.[1]?.replace(/&amp;/g, '&');

  /** Every page from `url` on: the names on each and the count each shows. */
  async function walk(url: string): Promise<{ names: string[]; counts: string[] }> {
    const names: string[] = [];
    const counts: string[] = [];
    let next: string | undefined = url;
    while (next !== undefined) {
      const res = await c.get(next);
      names.push(...(namesOf(res.body) as string[]));
      counts.push(/(\d[\d,]*) products?\b/.exec(res.body)?.[0] ?? '(no count)');
      if (names.length > 500) throw new Error('paging does not end');
      next = nextOf(res.body);
    }
    return { names, counts };
  }

  it('counts every page of a list exactly, whether or not the page itself shows them all', async () => {
    const { names, counts } = await walk('/admin/products/?o=price_cents');
    expect(names).toEqual(Array.from({ length: 120 }, (_, i) => `Widget ${i + 1}`));
    expect(counts).toEqual(['120 products', '120 products', '120 products']);
  });

  it('finds every match of a search, page by page, whether the first rows walked hold a page or not', async () => {
    // A common word: the walk of the first rows fills each page.
    const common = await walk('/admin/products/?q=widget&o=price_cents');
    expect(common.names).toHaveLength(120);
    expect(common.counts).toEqual(['120 products', '120 products', '120 products']);
    // 1, 10–19 and 100–120: too few for a page, found through the trigram indexes.
    const rarer = await walk('/admin/products/?q=widget%201&o=-price_cents');
    const expected = Array.from({ length: 120 }, (_, i) => `Widget ${120 - i}`).filter((n) => n.startsWith('Widget 1'));
    expect(rarer.names).toEqual(expected);
    expect(rarer.counts).toEqual([`${expected.length} products`]);
  });
});
