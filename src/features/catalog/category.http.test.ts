import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { CATEGORY_KEYS, PROBLEM_JSON, makeCategory, makeProduct, walkPages } from './catalog.fixtures.ts';

let t: TestApp;
let staff: TestUser;
let regular: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  staff = await createUser(t, { staff: true });
  regular = await createUser(t);
});
afterAll(async () => t.close());

const post = (body: unknown, token: string | null = staff.token) =>
  t.request('POST', '/api/v1/categories', { ...(token === null ? {} : { token }), body });
const signal = () => new AbortController().signal;

describe('POST /api/v1/categories', () => {
  it('creates a category with 201 and exactly id, name, slug and product_count 0', async () => {
    const res = await post({ name: 'Kitchenware', slug: 'kitchen' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(CATEGORY_KEYS);
    expect(res.body).toMatchObject({ name: 'Kitchenware', slug: 'kitchen', product_count: 0 });
    expect(Number.isSafeInteger(res.body.id) && res.body.id > 0).toBe(true);
  });

  it('derives the slug from the name when none is given: "Home & Garden" → home-garden, "Café Crème" → cafe-creme', async () => {
    expect((await post({ name: 'Home & Garden' })).body.slug).toBe('home-garden');
    expect((await post({ name: 'Café Crème' })).body.slug).toBe('cafe-creme');
    expect((await post({ name: '  --Über   Größe!! 2024--  ' })).body).toMatchObject({ name: '--Über   Größe!! 2024--', slug: 'uber-grosse-2024' });
  });

  it('answers 422 on slug when the name derives no slug, asking for one', async () => {
    for (const name of ['!!!', '日本', '—']) {
      const res = await post({ name });
      expect(res.status, name).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(res.body.errors).toEqual([{ field: 'slug', message: expect.stringMatching(/provide one/) }]);
    }
    expect((await post({ name: '!!!', slug: 'bangs' })).status).toBe(201);
  });

  it('answers 422 on slug for an explicit slug that is not lowercase letters, digits and single hyphens', async () => {
    for (const slug of ['Home-Garden', 'home--garden', '-home', 'home-', 'home garden', 'home_garden', 'café', '', 'a'.repeat(101)]) {
      const res = await post({ name: `Bad slug ${slug.slice(0, 20)}`, slug });
      expect(res.status, slug).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field), slug).toEqual(['slug']);
    }
  });

  it('answers 422 for a missing, blank, too long or NUL-containing name, and for a non-string slug', async () => {
    const bodies = [{}, { name: '   ' }, { name: 'n'.repeat(101) }, { name: 'nul\u0000name', slug: 'nul' }];
    for (const body of bodies) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['name']);
    }
    const slugNull = await post({ name: 'Null slug', slug: null });
    expect(slugNull.status).toBe(422);
    expect(slugNull.body.errors.map((e: { field: string }) => e.field)).toEqual(['slug']);
    // 100 characters is the limit, counted in Unicode characters, not UTF-16 units or bytes.
    expect((await post({ name: '🍎'.repeat(100), slug: 'apples' })).status).toBe(201);
  });

  it('answers 409 with a field error on name for a taken name, and on slug for a taken slug', async () => {
    await post({ name: 'Garden Tools' });
    const sameName = await post({ name: 'Garden Tools', slug: 'other-slug' });
    expect(sameName.status).toBe(409);
    expect(sameName.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(sameName.body).toMatchObject({ status: 409, type: '/problems/conflict' });
    expect(sameName.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);

    // A different name that derives the same slug.
    const sameSlug = await post({ name: 'Garden-Tools' });
    expect(sameSlug.status).toBe(409);
    expect(sameSlug.body.errors).toEqual([{ field: 'slug', message: expect.any(String) }]);
    const sameExplicitSlug = await post({ name: 'Tools for gardens', slug: 'garden-tools' });
    expect(sameExplicitSlug.status).toBe(409);
    expect(sameExplicitSlug.body.errors).toEqual([{ field: 'slug', message: expect.any(String) }]);
  });

  it('answers 401 without a token or with an invalid one, and 403 for a user who is not staff', async () => {
    const anonymous = await post({ name: 'Anonymous' }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(PROBLEM_JSON);
    expect((await post({ name: 'Forged' }, 'not-a-real-token')).status).toBe(401);
    // Credentials are checked before the body: an invalid body from nobody is still a 401.
    expect((await post({ name: 42 }, null)).status).toBe(401);
    const forbidden = await post({ name: 'Not staff' }, regular.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(PROBLEM_JSON);
    const names = (await walkPages<{ name: string }>(t, '/api/v1/categories?limit=200')).items.map((c) => c.name);
    expect(names).not.toContain('Not staff');
    expect(names).not.toContain('Anonymous');
  });

  it('creates categories through the service too, with the same rules', async () => {
    const made = await t.services.catalog.createCategory({ name: 'Service Made' }, signal());
    expect(made).toMatchObject({ name: 'Service Made', slug: 'service-made', productCount: 0 });
    await expect(t.services.catalog.createCategory({ name: 'Service Made' }, signal())).rejects.toMatchObject({ code: 'category.name_taken' });
  });
});

describe('GET /api/v1/categories', () => {
  it('needs no credentials and ignores a token if one is sent, even an invalid one', async () => {
    expect((await t.request('GET', '/api/v1/categories')).status).toBe(200);
    expect((await t.request('GET', '/api/v1/categories', { token: regular.token })).status).toBe(200);
    expect((await t.request('GET', '/api/v1/categories', { token: 'garbage' })).status).toBe(200);
  });

  it('lists {data, next_cursor} with items shaped like the created category, by name ascending', async () => {
    const res = await t.request('GET', '/api/v1/categories?limit=200');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'next_cursor']);
    for (const item of res.body.data) expect(Object.keys(item).sort()).toEqual(CATEGORY_KEYS);
    const names: string[] = res.body.data.map((c: { name: string }) => c.name);
    // The embedded database uses the C collation: byte order, which JS's default sort matches for these.
    expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
    const created = await post({ name: 'Zz Shape Check' });
    const listed = (await walkPages<{ id: number }>(t, '/api/v1/categories?limit=200')).items.find((c) => c.id === created.body.id);
    expect(listed).toEqual(created.body);
  });

  it('walks every category exactly once in name order following next_cursor with limit=2', async () => {
    const all = (await walkPages<{ id: number; name: string }>(t, '/api/v1/categories?limit=200')).items;
    const { items, pages } = await walkPages<{ id: number; name: string }>(t, '/api/v1/categories?limit=2');
    expect(items).toEqual(all);
    // limit + 1 rows are fetched, so the last page is never an empty one.
    expect(pages).toBe(Math.ceil(all.length / 2));
    expect(new Set(items.map((c) => c.id)).size).toBe(items.length);
  });

  it('counts only live products in product_count, which drops when a product is deleted', async () => {
    const category = await makeCategory(t.services.catalog, 'Counted');
    const other = await makeCategory(t.services.catalog, 'Not Counted');
    const products = [];
    for (let i = 0; i < 3; i++) products.push(await makeProduct(t.services.catalog, { categoryId: category.id }));
    await makeProduct(t.services.catalog, { categoryId: other.id });
    await makeProduct(t.services.catalog, { categoryId: null });
    const count = async (id: number) =>
      (await walkPages<{ id: number; product_count: number }>(t, '/api/v1/categories?limit=200')).items.find((c) => c.id === id)?.product_count;
    expect(await count(category.id)).toBe(3);
    expect(await count(other.id)).toBe(1);

    expect((await t.request('DELETE', `/api/v1/products/${products[0]!.id}`, { token: staff.token })).status).toBe(204);
    expect(await count(category.id)).toBe(2);
    // Moving a product to another category moves its count.
    await t.request('PATCH', `/api/v1/products/${products[1]!.id}`, { token: staff.token, body: { category_id: other.id } });
    expect(await count(category.id)).toBe(1);
    expect(await count(other.id)).toBe(2);
  });

  it('answers 400 for limit=0, limit=201, limit=abc and malformed cursors', async () => {
    const foreign = Buffer.from(JSON.stringify([1, 'x'])).toString('base64url');
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=not-a-cursor', `cursor=${foreign}`, `cursor=${'x'.repeat(1025)}`]) {
      const res = await t.request('GET', `/api/v1/categories?${query}`);
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
  });

  it('runs the same number of SQL statements, one, for limit=5 as for limit=200', async () => {
    // At least 10 categories, each with products, so a per-row count would show.
    for (let i = 0; i < 10; i++) {
      const c = await makeCategory(t.services.catalog, `Statement count ${i}`);
      await makeProduct(t.services.catalog, { categoryId: c.id });
    }
    const small = await t.request('GET', '/api/v1/categories?limit=5');
    const large = await t.request('GET', '/api/v1/categories?limit=200');
    expect(small.body.data).toHaveLength(5);
    expect(large.body.data.length).toBeGreaterThanOrEqual(10);
    expect(small.statements).toBe(1);
    expect(large.statements).toBe(small.statements);
    const next = await t.request('GET', `/api/v1/categories?limit=5&cursor=${encodeURIComponent(small.body.next_cursor)}`);
    expect(next.statements).toBe(1);
  });
});
