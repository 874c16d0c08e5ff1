import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Category } from './catalog.ts';
import { ISO_UTC, PROBLEM_JSON, PRODUCT_KEYS, makeCategory, makeProduct, walkPages } from './catalog.fixtures.ts';

let t: TestApp;
let staff: TestUser;
let regular: TestUser;
let tools: Category;
let garden: Category;
beforeAll(async () => {
  t = await startTestApp();
  staff = await createUser(t, { staff: true });
  regular = await createUser(t);
  tools = await makeCategory(t.services.catalog, 'Tools');
  garden = await makeCategory(t.services.catalog, 'Garden');
});
afterAll(async () => t.close());

const create = (body: unknown, token: string | null = staff.token) =>
  t.request('POST', '/api/v1/products', { ...(token === null ? {} : { token }), body });
const fields = (res: { body: { errors?: { field: string }[] } }) => res.body.errors?.map((e) => e.field);
const signal = () => new AbortController().signal;

describe('POST /api/v1/products', () => {
  it('creates a product with 201 and exactly the contract fields, its category embedded and the base currency', async () => {
    const res = await create({ name: 'Hammer', description: 'Forged steel.', price_cents: 1999, category_id: tools.id });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(PRODUCT_KEYS);
    expect(res.body).toMatchObject({
      name: 'Hammer',
      description: 'Forged steel.',
      price_cents: 1999,
      currency: 'USD',
      category: { id: tools.id, name: 'Tools', slug: 'tools' },
    });
    expect(Object.keys(res.body.category).sort()).toEqual(['id', 'name', 'slug']);
    expect(res.body.created_at).toMatch(ISO_UTC);
  });

  it('defaults description to "" and category to null', async () => {
    const res = await create({ name: 'Loose nail', price_cents: 1 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ description: '', category: null, price_cents: 1 });
    expect((await create({ name: 'Explicit null', price_cents: 5, category_id: null })).body.category).toBeNull();
  });

  it('accepts price_cents from 1 to 100000000 and answers 422 on price_cents outside it or not an integer', async () => {
    expect((await create({ name: 'Dearest', price_cents: 100_000_000 })).status).toBe(201);
    for (const price_cents of [0, -1, 100_000_001, 1.5, '100', null]) {
      const res = await create({ name: 'Bad price', price_cents });
      expect(res.status, String(price_cents)).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(fields(res), String(price_cents)).toEqual(['price_cents']);
    }
    expect(fields(await create({ name: 'No price' }))).toEqual(['price_cents']);
  });

  it('answers 422 on category_id for a category that does not exist', async () => {
    const res = await create({ name: 'Orphan', price_cents: 100, category_id: 999_999_999 });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ type: '/problems/validation' });
    expect(res.body.errors).toEqual([{ field: 'category_id', message: expect.any(String) }]);
    expect(fields(await create({ name: 'Zero', price_cents: 100, category_id: 0 }))).toEqual(['category_id']);
  });

  it('answers 422 for a missing, blank, too long or NUL-containing name and a too long description', async () => {
    for (const body of [{ price_cents: 5 }, { name: ' ', price_cents: 5 }, { name: 'n'.repeat(201), price_cents: 5 }, { name: 'a\u0000b', price_cents: 5 }]) {
      expect(fields(await create(body)), JSON.stringify(body)).toEqual(['name']);
    }
    expect(fields(await create({ name: 'Wordy', description: 'd'.repeat(5001), price_cents: 5 }))).toEqual(['description']);
    // Limits count Unicode characters: 200 emoji are 200 characters (400 UTF-16 units).
    expect((await create({ name: '🔨'.repeat(200), description: '🪵'.repeat(5000), price_cents: 5 })).status).toBe(201);
  });

  it('answers 401 without a token, 401 with an invalid one and 403 for a user who is not staff, before the body', async () => {
    const anonymous = await create({ name: 'Anonymous', price_cents: 100 }, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(PROBLEM_JSON);
    expect((await create({ name: 'Forged', price_cents: 100 }, 'forged-token')).status).toBe(401);
    expect((await create({ price_cents: 'not even valid' }, null)).status).toBe(401);
    const forbidden = await create({ name: 'Not staff', price_cents: 100 }, regular.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(PROBLEM_JSON);
    const names = (await walkPages<{ name: string }>(t, '/api/v1/products?limit=200')).items.map((p) => p.name);
    expect(names).not.toContain('Not staff');
  });

  it('creates products through the service too, for tests and the CLI', async () => {
    const product = await t.services.catalog.createProduct({ name: 'From the service', priceCents: 250, categoryId: garden.id }, signal());
    expect(product).toMatchObject({ name: 'From the service', description: '', priceCents: 250, category: { id: garden.id, slug: 'garden' } });
    await expect(t.services.catalog.createProduct({ name: 'Bad', priceCents: 0 }, signal())).rejects.toMatchObject({ kind: 'validation' });
  });
});

describe('GET /api/v1/products/{id}', () => {
  it('needs no credentials and answers the same shape as creation and as the list', async () => {
    const created = await create({ name: 'Trowel', price_cents: 799, category_id: garden.id });
    for (const token of [undefined, regular.token, 'an-invalid-token']) {
      const res = await t.request('GET', `/api/v1/products/${created.body.id}`, token === undefined ? {} : { token });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(created.body);
    }
    const listed = await t.request('GET', `/api/v1/products?category=garden&limit=200`);
    expect(listed.body.data.find((p: { id: number }) => p.id === created.body.id)).toEqual(created.body);
  });

  it('answers 404 for an unknown id and 400 for an id that is not a positive integer', async () => {
    const missing = await t.request('GET', '/api/v1/products/999999999');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      expect((await t.request('GET', `/api/v1/products/${id}`)).status, id).toBe(400);
    }
  });
});

describe('PATCH /api/v1/products/{id}', () => {
  it('changes only the fields given, moves the category, and clears it with category_id null', async () => {
    const product = await makeProduct(t.services.catalog, { name: 'Rake', description: 'Wide.', priceCents: 1500, categoryId: garden.id });
    const url = `/api/v1/products/${product.id}`;
    const renamed = await t.request('PATCH', url, { token: staff.token, body: { name: 'Leaf rake' } });
    expect(renamed.status).toBe(200);
    expect(Object.keys(renamed.body).sort()).toEqual(PRODUCT_KEYS);
    expect(renamed.body).toMatchObject({ name: 'Leaf rake', description: 'Wide.', price_cents: 1500, category: { id: garden.id } });

    const repriced = await t.request('PATCH', url, { token: staff.token, body: { price_cents: 1750, description: '' } });
    expect(repriced.body).toMatchObject({ name: 'Leaf rake', description: '', price_cents: 1750 });
    const moved = await t.request('PATCH', url, { token: staff.token, body: { category_id: tools.id } });
    expect(moved.body.category).toEqual({ id: tools.id, name: 'Tools', slug: 'tools' });
    const cleared = await t.request('PATCH', url, { token: staff.token, body: { category_id: null } });
    expect(cleared.body.category).toBeNull();
    const unchanged = await t.request('PATCH', url, { token: staff.token, body: {} });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toEqual(cleared.body);
    expect((await t.request('GET', url)).body).toEqual(cleared.body);
  });

  it('answers 422 for an invalid field or an unknown category, and changes nothing', async () => {
    const product = await makeProduct(t.services.catalog, { name: 'Shears', priceCents: 900, categoryId: garden.id });
    const url = `/api/v1/products/${product.id}`;
    for (const [body, field] of [
      [{ price_cents: 0 }, 'price_cents'],
      [{ name: '' }, 'name'],
      [{ name: null }, 'name'],
      [{ category_id: 999_999_999 }, 'category_id'],
    ] as const) {
      const res = await t.request('PATCH', url, { token: staff.token, body: { description: 'changed', ...body } });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(fields(res)).toEqual([field]);
    }
    expect((await t.request('GET', url)).body).toMatchObject({ name: 'Shears', description: '', price_cents: 900, category: { id: garden.id } });
  });

  it('answers 404 for an unknown product, 401 anonymously and 403 for a user who is not staff', async () => {
    expect((await t.request('PATCH', '/api/v1/products/999999999', { token: staff.token, body: { name: 'X' } })).status).toBe(404);
    const product = await makeProduct(t.services.catalog, { name: 'Guarded' });
    const url = `/api/v1/products/${product.id}`;
    expect((await t.request('PATCH', url, { body: { name: 'Hacked' } })).status).toBe(401);
    expect((await t.request('PATCH', url, { token: regular.token, body: { name: 'Hacked' } })).status).toBe(403);
    expect((await t.request('GET', url)).body.name).toBe('Guarded');
  });
});

describe('DELETE /api/v1/products/{id}', () => {
  it('soft-deletes with 204: the product leaves detail, lists and counts, and cannot be changed or deleted again', async () => {
    const category = await makeCategory(t.services.catalog, 'Short-lived things');
    const product = await makeProduct(t.services.catalog, { name: 'Ephemeral', categoryId: category.id });
    const url = `/api/v1/products/${product.id}`;
    const res = await t.request('DELETE', url, { token: staff.token });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();

    expect((await t.request('GET', url)).status).toBe(404);
    expect((await t.request('PATCH', url, { token: staff.token, body: { name: 'Back' } })).status).toBe(404);
    expect((await t.request('DELETE', url, { token: staff.token })).status).toBe(404);
    const everything = (await walkPages<{ id: number }>(t, '/api/v1/products?limit=200')).items.map((p) => p.id);
    expect(everything).not.toContain(product.id);
    expect((await t.request('GET', `/api/v1/products?category=${category.slug}`)).body.data).toEqual([]);
    const categories = (await walkPages<{ id: number; product_count: number }>(t, '/api/v1/categories?limit=200')).items;
    expect(categories.find((c) => c.id === category.id)?.product_count).toBe(0);
    const order = await t.request('POST', '/api/v1/orders', { token: staff.token, body: { items: [{ product_id: product.id, qty: 1 }], payment_method: 'balance' } });
    expect([order.status, order.body.detail]).toEqual([422, `Product ${product.id} does not exist or can no longer be ordered.`]);

    // The row stays, for the order items that point at it.
    const { rows } = await t.database.admin.query('SELECT deleted_at FROM products WHERE id = $1', [product.id]);
    expect(rows[0].deleted_at).toBeInstanceOf(Date);
  });

  it('answers 401 anonymously and 403 for a user who is not staff, and keeps the product', async () => {
    const product = await makeProduct(t.services.catalog, { name: 'Keeper' });
    const url = `/api/v1/products/${product.id}`;
    expect((await t.request('DELETE', url)).status).toBe(401);
    expect((await t.request('DELETE', url, { token: regular.token })).status).toBe(403);
    expect((await t.request('GET', url)).status).toBe(200);
  });
});

describe('currency', () => {
  it('is the configured base currency on every product', async () => {
    const eur = await startTestApp({ env: { BASE_CURRENCY: 'EUR' } });
    try {
      const product = await makeProduct(eur.services.catalog, { name: 'Euro product' });
      expect((await eur.request('GET', `/api/v1/products/${product.id}`)).body.currency).toBe('EUR');
      expect((await eur.request('GET', '/api/v1/products')).body.data[0].currency).toBe('EUR');
    } finally {
      await eur.close();
    }
  });
});
