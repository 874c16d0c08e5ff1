import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser, type TestUser } from '../support/factories.ts';
import { AdminClient } from '../support/admin.ts';

const signal = () => new AbortController().signal;

describe('Admin changes', () => {
  let t: TestApp;
  let c: AdminClient;
  let staff: TestUser;
  let categoryId: number;

  beforeAll(async () => {
    t = await startTestApp();
    staff = await createUser(t, { staff: true });
    categoryId = (await t.services.catalog.createCategory({ name: 'Kitchen' }, signal())).id;
    c = new AdminClient(t);
    await c.login(staff.email, staff.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const audit = async (model: string) =>
    (await t.database.admin.query(`SELECT * FROM admin_audit_log WHERE model = $1 ORDER BY id`, [model])).rows;

  it('shows a field error for an invalid price, then saves the corrected product in cents', async () => {
    const form = await c.get('/admin/products/add/');
    expect(form.body).toContain('<label for="id_price_cents">Price');
    const bad = await c.post('/admin/products/add/', { name: 'Kettle', description: '', price_cents: '12.345', category_id: String(categoryId) });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatch(/id="id_price_cents_error"><li>Enter an amount in USD/);
    expect(bad.body).toContain('value="Kettle"');
    const zero = await c.post('/admin/products/add/', { name: 'Kettle', price_cents: '0.00' });
    expect(zero.status).toBe(422);
    const ok = await c.post('/admin/products/add/', { name: 'Kettle', description: 'Steel', price_cents: '15.00', category_id: String(categoryId) });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe('/admin/products/?msg=added');
    const { rows } = await t.database.admin.query(`SELECT price_cents::int, category_id::int FROM products WHERE name = 'Kettle'`);
    expect(rows).toEqual([{ price_cents: 1500, category_id: categoryId }]);
    const list = await c.get(ok.location!);
    expect(list.body).toContain('The product was added successfully.');
    expect(list.body).toContain('15.00 USD');
    const [entry] = await audit('products');
    expect(entry).toMatchObject({ actor_id: String(staff.id), actor_email: staff.email, action: 'create', object_repr: 'Kettle', before: null });
    expect(entry.after).toMatchObject({ name: 'Kettle', price_cents: 1500 });
  });

  it("shows the service's validation error next to its field (a name too long)", async () => {
    const res = await c.post('/admin/products/add/', { name: 'x'.repeat(201), price_cents: '1.00' });
    expect(res.status).toBe(422);
    expect(res.body).toMatch(/id="id_name_error"><li>Ensure this field has no more than 200 characters\./);
  });

  it('changes a product and records before and after', async () => {
    const p = await t.services.catalog.createProduct({ name: 'Toaster', priceCents: 2000 }, signal());
    const page = await c.get(`/admin/products/${p.id}/change/`);
    expect(page.body).toContain('value="20.00"');
    const res = await c.post(`/admin/products/${p.id}/change/`, { name: 'Toaster', description: '', price_cents: '25.50', category_id: '' });
    expect(res.status).toBe(303);
    expect((await t.services.catalog.getProduct(p.id, signal())).priceCents).toBe(2550);
    const entry = (await audit('products')).find((e) => e.action === 'update' && e.object_id === String(p.id));
    expect(entry.before.price_cents).toBe(2000);
    expect(entry.after.price_cents).toBe(2550);
    expect(entry.summary).toBe('Changed price_cents.');
  });

  it('deletes one product after a confirmation page', async () => {
    const p = await t.services.catalog.createProduct({ name: 'Blender', priceCents: 500 }, signal());
    const confirm = await c.get(`/admin/products/${p.id}/delete/`);
    expect(confirm.body).toContain('Are you sure you want to delete the product “Blender”?');
    const res = await c.post(`/admin/products/${p.id}/delete/`, { confirm: 'yes' });
    expect(res.status).toBe(303);
    await expect(t.services.catalog.getProduct(p.id, signal())).rejects.toThrow();
    expect((await audit('products')).some((e) => e.action === 'delete' && e.object_id === String(p.id))).toBe(true);
  });

  it('bulk-deletes selected products only after the confirmation page', async () => {
    const a = await t.services.catalog.createProduct({ name: 'Bulk A', priceCents: 100 }, signal());
    const b = await t.services.catalog.createProduct({ name: 'Bulk B', priceCents: 100 }, signal());
    await c.get('/admin/products/');
    const confirm = await c.post('/admin/products/action/', { action: 'delete-selected', ids: [String(a.id), String(b.id)] });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Bulk A');
    expect(confirm.body).toContain("Yes, I&#39;m sure");
    expect((await t.services.catalog.getProduct(a.id, signal())).name).toBe('Bulk A');
    const done = await c.post('/admin/products/action/', { action: 'delete-selected', ids: [String(a.id), String(b.id)], confirm: 'yes' });
    expect(done.status).toBe(303);
    await expect(t.services.catalog.getProduct(a.id, signal())).rejects.toThrow();
    await expect(t.services.catalog.getProduct(b.id, signal())).rejects.toThrow();
    const deletions = (await audit('products')).filter((e) => e.action === 'delete');
    expect(deletions.map((e) => e.object_repr)).toEqual(expect.arrayContaining(['Bulk A', 'Bulk B']));
  });

  it('creates a category with the slug derived from the name when left empty', async () => {
    const res = await c.post('/admin/categories/add/', { name: 'Home & Garden', slug: '' });
    expect(res.status).toBe(303);
    const { rows } = await t.database.admin.query(`SELECT slug FROM categories WHERE name = 'Home & Garden'`);
    expect(rows[0].slug).toBe('home-garden');
    const taken = await c.post('/admin/categories/add/', { name: 'Home & Garden', slug: '' });
    expect(taken.status).toBe(422);
  });

  it("adjusts a user's balance through the ledger and shows the new row", async () => {
    const user = await createUser(t);
    const page = await c.get(`/admin/users/${user.id}/adjust-balance/`);
    expect(page.body).toContain('<label for="id_amount_cents">Amount');
    const res = await c.post(`/admin/users/${user.id}/adjust-balance/`, { amount_cents: '12.50', reason: 'Goodwill credit' });
    expect(res.status).toBe(303);
    expect(res.location).toBe(`/admin/balance-ledger/?user_id=${user.id}&msg=done`);
    const ledger = await c.get(res.location!);
    expect(ledger.body).toContain('Goodwill credit');
    expect(ledger.body).toContain('12.50 USD');
    expect((await t.services.users.getById(user.id, signal())).balance_cents).toBe(1250);
    const [entry] = (await audit('users')).filter((e) => e.object_id === String(user.id));
    expect(entry.summary).toBe('Adjusted the balance by 12.50 USD: Goodwill credit');
    expect(entry.before.balance_cents).toBe(0);
    expect(entry.after.balance_cents).toBe(1250);
    const history = await c.get(`/admin/audit-log/?model=users&object_id=${user.id}`);
    expect(history.body).toContain('Adjusted the balance by 12.50 USD');
  });

  it('refuses a debit the balance does not cover, with the reason on the form and nothing audited', async () => {
    const user = await createUser(t);
    const res = await c.post(`/admin/users/${user.id}/adjust-balance/`, { amount_cents: '-5.00', reason: 'Oops' });
    expect(res.status).toBe(422);
    expect(res.body).toContain('form-errors');
    expect((await audit('users')).filter((e) => e.object_id === String(user.id))).toHaveLength(0);
  });

  it('shows an order with its items inline', async () => {
    const buyer = await createUser(t);
    await t.services.balance.adjust({ userId: buyer.id, amountCents: 10_000, reason: 'seed', staffUserId: staff.id }, signal());
    const p = await t.services.catalog.createProduct({ name: 'Mug', priceCents: 700 }, signal());
    const order = await t.services.orders.create(buyer.id, { items: [{ productId: p.id, qty: 2 }], paymentMethod: 'balance' }, signal());
    const page = await c.get(`/admin/orders/${order.id}/change/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Mug');
    expect(page.body).toContain('14.00 USD');
  });
});
