import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { PRODUCT_ORDERINGS, type ProductOrdering } from './catalog.ts';
import { PROBLEM_JSON, PRODUCT_KEYS, makeCategory, makeProduct, walkPages } from './catalog.fixtures.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

interface Item {
  id: number;
  name: string;
  price_cents: number;
}
const ids = (items: { id: number }[]) => items.map((p) => p.id);
const list = async (query: string) => {
  const res = await t.request('GET', `/api/v1/products?${query}`);
  if (res.status !== 200) throw new Error(`${query} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.data as Item[];
};

describe('GET /api/v1/products orderings', () => {
  // Ties on purpose: equal names, equal prices, and creation times equal to the microsecond or
  // within one millisecond (which a millisecond cursor would get wrong).
  const ROWS: { name: string; price: number; createdAt: string }[] = [
    { name: 'pear', price: 500, createdAt: '2030-01-01T00:00:00.123456Z' },
    { name: 'apple', price: 100, createdAt: '2030-01-01T00:00:00.123457Z' },
    { name: 'fig', price: 500, createdAt: '2030-01-01T00:00:00.123456Z' },
    { name: 'apple', price: 300, createdAt: '2030-01-01T00:00:00.123999Z' },
    { name: 'kiwi', price: 100, createdAt: '2030-01-01T00:00:00.123000Z' },
    { name: 'banana', price: 900, createdAt: '2030-01-01T00:00:01Z' },
    { name: 'fig', price: 500, createdAt: '2030-01-01T00:00:00.123456Z' },
    { name: 'date', price: 300, createdAt: '2030-01-01T00:00:02.5Z' },
    { name: 'cherry', price: 700, createdAt: '2030-01-01T00:00:00.000001Z' },
  ];
  let expected: Record<ProductOrdering, number[]>;

  beforeAll(async () => {
    const category = await makeCategory(t.services.catalog, 'Ordering fruit', 'fruit');
    const made: { name: string; price: number; id: number; us: number }[] = [];
    for (const row of ROWS) {
      const product = await makeProduct(t.services.catalog, { name: row.name, priceCents: row.price, categoryId: category.id });
      // No API sets created_at; set it underneath to get exact ties.
      await t.database.admin.query('UPDATE products SET created_at = $2 WHERE id = $1', [product.id, row.createdAt]);
      const { rows } = await t.database.admin.query('SELECT (extract(epoch FROM created_at) * 1000000)::int8 AS us FROM products WHERE id = $1', [product.id]);
      made.push({ name: row.name, price: row.price, id: product.id, us: Number(rows[0].us) });
    }
    const by = (cmp: (a: (typeof made)[number], b: (typeof made)[number]) => number) => [...made].sort(cmp).map((p) => p.id);
    const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));
    expected = {
      '-created_at': by((a, b) => b.us - a.us || b.id - a.id),
      created_at: by((a, b) => a.us - b.us || a.id - b.id),
      price_cents: by((a, b) => a.price - b.price || a.id - b.id),
      '-price_cents': by((a, b) => b.price - a.price || b.id - a.id),
      // The test database's collation is C (byte order).
      name: by((a, b) => byteOrder(a.name, b.name) || a.id - b.id),
    };
  });

  it('defaults to -created_at: newest first, ties by id descending', async () => {
    expect(ids(await list('category=fruit'))).toEqual(expected['-created_at']);
  });

  for (const ordering of PRODUCT_ORDERINGS) {
    it(`walks ordering=${ordering} following next_cursor and returns every product once, in order, at any page size`, async () => {
      expect(ids(await list(`category=fruit&ordering=${ordering}&limit=200`))).toEqual(expected[ordering]);
      for (const limit of [1, 2, 4]) {
        const { items, pages } = await walkPages<Item>(t, `/api/v1/products?category=fruit&ordering=${encodeURIComponent(ordering)}&limit=${limit}`);
        expect(ids(items), `limit=${limit}`).toEqual(expected[ordering]);
        expect(pages).toBe(Math.ceil(ROWS.length / limit));
      }
    });
  }

  it('orders price ties by id: ascending for price_cents, descending for -price_cents', async () => {
    const fives = (items: Item[]) => ids(items.filter((p) => p.price_cents === 500));
    const ascending = fives(await list('category=fruit&ordering=price_cents'));
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(ascending).toHaveLength(3);
    expect(fives(await list('category=fruit&ordering=-price_cents'))).toEqual([...ascending].reverse());
  });

  it('answers 400 for an unknown ordering, and for a cursor from another ordering, saying so', async () => {
    for (const ordering of ['bogus', '-name', 'PRICE_CENTS', 'price', '']) {
      const res = await t.request('GET', `/api/v1/products?ordering=${ordering}`);
      expect(res.status, ordering).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    const page = await t.request('GET', '/api/v1/products?category=fruit&ordering=price_cents&limit=2');
    const cursor = encodeURIComponent(page.body.next_cursor);
    for (const other of ['-price_cents', 'name', '-created_at']) {
      const res = await t.request('GET', `/api/v1/products?category=fruit&ordering=${other}&limit=2&cursor=${cursor}`);
      expect(res.status, other).toBe(400);
      expect(res.body.detail).toMatch(/ordering=price_cents/);
    }
  });
});

describe('GET /api/v1/products filters', () => {
  beforeAll(async () => {
    const kitchen = await makeCategory(t.services.catalog, 'Filter kitchen', 'kitchen');
    const other = await makeCategory(t.services.catalog, 'Filter other', 'other');
    const make = (name: string, priceCents: number, description = '', categoryId = kitchen.id) =>
      makeProduct(t.services.catalog, { name, description, priceCents, categoryId });
    await make('Red Kettle', 100, 'Made of COPPER.');
    await make('Blue mug', 200, 'Save 50% now');
    await make('Green mug', 300, '500 units in stock');
    await make('snake_case sticker', 400);
    await make('snakeXcase sticker', 500);
    await make('back\\slash', 600);
    await make('Plain', 200, 'nothing special');
    await make('Other kettle', 200, '', other.id);
  });
  const names = async (query: string) => (await list(`category=kitchen&ordering=name&${query}`)).map((p) => p.name);

  it('filters by category slug, and lists nothing (200, not 404) for an unknown slug', async () => {
    expect(await names('')).toEqual(['Blue mug', 'Green mug', 'Plain', 'Red Kettle', 'back\\slash', 'snakeXcase sticker', 'snake_case sticker']);
    expect((await list('category=other')).map((p) => p.name)).toEqual(['Other kettle']);
    const unknown = await t.request('GET', '/api/v1/products?category=no-such-category');
    expect(unknown.status).toBe(200);
    expect(unknown.body).toEqual({ data: [], next_cursor: null });
  });

  it('treats min_price_cents and max_price_cents as inclusive bounds, alone or together', async () => {
    expect(await names('min_price_cents=200&max_price_cents=300')).toEqual(['Blue mug', 'Green mug', 'Plain']);
    expect(await names('min_price_cents=200&max_price_cents=200')).toEqual(['Blue mug', 'Plain']);
    expect(await names('min_price_cents=500')).toEqual(['back\\slash', 'snakeXcase sticker']);
    expect(await names('max_price_cents=100')).toEqual(['Red Kettle']);
    expect(await names('max_price_cents=99')).toEqual([]);
    expect(await names('min_price_cents=0')).toHaveLength(7);
    // An empty range is an empty list, as in Django filters, not an error.
    expect(await names('min_price_cents=400&max_price_cents=300')).toEqual([]);
  });

  it('matches q case-insensitively as a substring of the name or the description', async () => {
    expect(await names('q=kettle')).toEqual(['Red Kettle']);
    expect(await names('q=KeTtLe')).toEqual(['Red Kettle']);
    expect(await names('q=copper')).toEqual(['Red Kettle']);
    expect(await names('q=MUG')).toEqual(['Blue mug', 'Green mug']);
    expect(await names('q=ed%20ke')).toEqual(['Red Kettle']);
    expect(await names('q=special')).toEqual(['Plain']);
    expect(await names('q=nothing-matches-this')).toEqual([]);
    expect(await names('q=')).toHaveLength(7);
    // Across categories when no category is given.
    expect((await list('q=kettle&ordering=name')).map((p) => p.name)).toEqual(['Other kettle', 'Red Kettle']);
  });

  it('treats %, _ and \\ in q literally', async () => {
    expect(await names(`q=${encodeURIComponent('50%')}`)).toEqual(['Blue mug']);
    expect(await names(`q=${encodeURIComponent('%')}`)).toEqual(['Blue mug']);
    expect(await names('q=_')).toEqual(['snake_case sticker']);
    expect(await names('q=e_c')).toEqual(['snake_case sticker']);
    expect(await names(`q=${encodeURIComponent('\\')}`)).toEqual(['back\\slash']);
    expect(await names(`q=${encodeURIComponent('k\\s')}`)).toEqual(['back\\slash']);
  });

  it('combines every filter with AND, and pages within them', async () => {
    expect(await names('q=mug&min_price_cents=250')).toEqual(['Green mug']);
    expect(await names('q=s&max_price_cents=450&min_price_cents=200')).toEqual(['Blue mug', 'Green mug', 'Plain', 'snake_case sticker']);
    const { items } = await walkPages<Item>(t, '/api/v1/products?category=kitchen&q=s&ordering=-price_cents&limit=2');
    expect(items.map((p) => p.price_cents)).toEqual([600, 500, 400, 300, 200, 200]);
  });

  it('answers 400 for malformed or out-of-range parameters', async () => {
    const queries = [
      'min_price_cents=abc',
      'min_price_cents=-1',
      'max_price_cents=1.5',
      'max_price_cents=',
      'min_price_cents=99999999999999999999',
      'limit=0',
      'limit=201',
      'limit=abc',
      'cursor=not-a-cursor',
      `cursor=${Buffer.from('[1,2]').toString('base64url')}`,
      `cursor=${Buffer.from('["bogus","x",1]').toString('base64url')}`,
      `cursor=${Buffer.from('["name",1,1]').toString('base64url')}&ordering=name`,
      // A NUL inside a name cursor reaches PostgreSQL, which rejects it: still the client's 400.
      `cursor=${Buffer.from(JSON.stringify(['name', 'a\u0000', 1])).toString('base64url')}&ordering=name`,
      `q=${'q'.repeat(201)}`,
      'q=a&q=b',
    ];
    for (const query of queries) {
      const res = await t.request('GET', `/api/v1/products?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
  });

  it('accepts any well-formed cursor value without failing, even one no server made', async () => {
    for (const key of [['-created_at', -Number.MAX_SAFE_INTEGER, 1], ['created_at', Number.MAX_SAFE_INTEGER, -5], ['price_cents', -1, 0]]) {
      const cursor = Buffer.from(JSON.stringify(key)).toString('base64url');
      const res = await t.request('GET', `/api/v1/products?ordering=${key[0]}&cursor=${cursor}`);
      expect(res.status, JSON.stringify(key)).toBe(200);
    }
  });
});

describe('GET /api/v1/products shape and statements', () => {
  it('answers {data, next_cursor} with items of exactly the contract fields, anonymously', async () => {
    const res = await t.request('GET', '/api/v1/products?limit=3');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'next_cursor']);
    expect(res.body.data).toHaveLength(3);
    for (const item of res.body.data) expect(Object.keys(item).sort()).toEqual(PRODUCT_KEYS);
    expect(typeof res.body.next_cursor).toBe('string');
  });

  it('runs the same number of SQL statements for limit=5 as for limit=200, with or without filters', async () => {
    // At least 10 products spread over several categories, so a per-row category look-up would show.
    const categories = [];
    for (let i = 0; i < 4; i++) categories.push(await makeCategory(t.services.catalog, `Counting ${i}`, `counting-${i}`));
    for (let i = 0; i < 12; i++) await makeProduct(t.services.catalog, { name: `Counted ${i}`, categoryId: categories[i % 4]!.id });
    const small = await t.request('GET', '/api/v1/products?limit=5');
    const large = await t.request('GET', '/api/v1/products?limit=200');
    expect(small.body.data).toHaveLength(5);
    expect(large.body.data.length).toBeGreaterThanOrEqual(12);
    expect(small.statements).toBe(1);
    expect(large.statements).toBe(small.statements);
    for (const query of ['category=counting-1&limit=200', 'min_price_cents=1&max_price_cents=5000&ordering=name&limit=200']) {
      expect((await t.request('GET', `/api/v1/products?${query}`)).statements, query).toBe(1);
    }
    // A search is one statement when the walk of the ordering's first rows fills the page, and
    // six when it turns to the trigram indexes (the walk, then BEGIN, the planner's settings, the
    // search, the settings back, COMMIT), whatever the page's size.
    expect((await t.request('GET', '/api/v1/products?q=counted&limit=5')).statements).toBe(1);
    expect((await t.request('GET', '/api/v1/products?q=counted&limit=100')).statements).toBe(6);
    expect((await t.request('GET', '/api/v1/products?q=counted&limit=200')).statements).toBe(6);
    for (const ordering of PRODUCT_ORDERINGS) {
      const first = await t.request('GET', `/api/v1/products?limit=5&ordering=${ordering}`);
      const next = await t.request('GET', `/api/v1/products?limit=200&ordering=${ordering}&cursor=${encodeURIComponent(first.body.next_cursor)}`);
      expect([first.statements, next.statements], ordering).toEqual([1, 1]);
    }
  });
});
