// Editing and deleting in place in the staff admin (categories, customers, users), the search
// endpoint behind relation boxes, and what deactivating a user does to their API tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser, type TestUser } from '../support/factories.ts';
import { AdminClient } from '../support/admin.ts';
import { eventually } from '../support/wait.ts';

const signal = () => new AbortController().signal;

describe('Admin edits', () => {
  let t: TestApp;
  let c: AdminClient;
  let staff: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    staff = await createUser(t, { staff: true });
    c = new AdminClient(t);
    await c.login(staff.email, staff.password);
  });
  afterAll(async () => {
    await t.close();
  });

  const auditOf = async (model: string, id: number) =>
    (await t.database.admin.query(`SELECT * FROM admin_audit_log WHERE model = $1 AND object_id = $2 ORDER BY id`, [model, id])).rows;

  describe('categories', () => {
    it('renames a category in place and audits before and after', async () => {
      const cat = await t.services.catalog.createCategory({ name: 'Kitchenware' }, signal());
      const page = await c.get(`/admin/categories/${cat.id}/change/`);
      expect(page.body).toContain('value="kitchenware"');
      const res = await c.post(`/admin/categories/${cat.id}/change/`, { name: 'Cookware', slug: '' });
      expect(res.status).toBe(303);
      expect(res.location).toBe('/admin/categories/?msg=changed');
      const { rows } = await t.database.admin.query('SELECT name, slug FROM categories WHERE id = $1', [cat.id]);
      expect(rows).toEqual([{ name: 'Cookware', slug: 'cookware' }]);
      const [entry] = await auditOf('categories', cat.id);
      expect(entry).toMatchObject({ action: 'update', actor_email: staff.email, summary: 'Changed name, slug.' });
      expect(entry.before).toMatchObject({ name: 'Kitchenware', slug: 'kitchenware' });
      expect(entry.after).toMatchObject({ name: 'Cookware', slug: 'cookware' });
    });

    it('shows a taken slug or name next to its field, as the API refuses it, and changes nothing', async () => {
      await t.services.catalog.createCategory({ name: 'Garden', slug: 'garden' }, signal());
      const cat = await t.services.catalog.createCategory({ name: 'Patio' }, signal());
      const slug = await c.post(`/admin/categories/${cat.id}/change/`, { name: 'Patio', slug: 'garden' });
      expect(slug.status).toBe(422);
      expect(slug.body).toMatch(/id="id_slug_error"><li>A category with this slug already exists\./);
      expect(slug.body).toContain('value="garden"');
      const name = await c.post(`/admin/categories/${cat.id}/change/`, { name: 'Garden', slug: 'patio' });
      expect(name.status).toBe(422);
      expect(name.body).toMatch(/id="id_name_error"><li>A category with this name already exists\./);
      const bad = await c.post(`/admin/categories/${cat.id}/change/`, { name: 'Patio', slug: 'Not a slug' });
      expect(bad.body).toMatch(/id="id_slug_error"><li>Enter a slug of lowercase letters/);
      expect(await auditOf('categories', cat.id)).toEqual([]);
    });

    it('refuses to delete a category that still has products, with the reason on the page', async () => {
      const cat = await t.services.catalog.createCategory({ name: 'Lighting' }, signal());
      await t.services.catalog.createProduct({ name: 'Lamp', priceCents: 1000, categoryId: cat.id }, signal());
      expect((await c.get(`/admin/categories/${cat.id}/change/`)).body).toContain(`href="/admin/categories/${cat.id}/delete/"`);
      const res = await c.post(`/admin/categories/${cat.id}/delete/`, { confirm: 'yes' });
      expect(res.status).toBe(409);
      expect(res.body).toContain('Cannot delete the category “Lighting”');
      expect(res.body).toMatch(/role="alert"><p>This category still has products; move them to another category or delete them first\./);
      expect(res.body).toContain(`href="/admin/categories/${cat.id}/change/"`);
      expect((await t.database.admin.query('SELECT 1 FROM categories WHERE id = $1', [cat.id])).rowCount).toBe(1);
      expect(await auditOf('categories', cat.id)).toEqual([]);
    });

    it('deletes an empty category after the confirmation page, and audits it', async () => {
      const cat = await t.services.catalog.createCategory({ name: 'Seasonal' }, signal());
      expect((await c.get(`/admin/categories/${cat.id}/delete/`)).body).toContain('Are you sure you want to delete the category “Seasonal”?');
      const res = await c.post(`/admin/categories/${cat.id}/delete/`, { confirm: 'yes' });
      expect(res.status).toBe(303);
      expect((await t.database.admin.query('SELECT 1 FROM categories WHERE id = $1', [cat.id])).rowCount).toBe(0);
      const [entry] = await auditOf('categories', cat.id);
      expect(entry).toMatchObject({ action: 'delete', object_repr: 'Seasonal', after: null });
      expect(entry.before).toMatchObject({ name: 'Seasonal', slug: 'seasonal' });
    });
  });

  describe('customers', () => {
    it("edits any owner's customer and audits before and after", async () => {
      const owner = await createUser(t);
      const cust = await t.services.customers.create(owner.id, { name: 'Acme', email: 'ap@acme.test' }, signal());
      const page = await c.get(`/admin/customers/${cust.id}/change/`);
      expect(page.body).toContain('<label for="id_email">E-mail');
      expect(page.body).toContain(owner.email);
      const bad = await c.post(`/admin/customers/${cust.id}/change/`, { name: 'Acme', email: 'not an address' });
      expect(bad.status).toBe(422);
      expect(bad.body).toMatch(/id="id_email_error"><li>Enter a valid e-mail address\./);
      const long = await c.post(`/admin/customers/${cust.id}/change/`, { name: 'x'.repeat(201), email: '' });
      expect(long.body).toMatch(/id="id_name_error"><li>Ensure this field has no more than 200 characters\./);
      const res = await c.post(`/admin/customers/${cust.id}/change/`, { name: 'Acme Ltd', email: '' });
      expect(res.status).toBe(303);
      expect(await t.services.customers.get(owner.id, cust.id, signal())).toMatchObject({ name: 'Acme Ltd', email: null });
      const [entry] = await auditOf('customers', cust.id);
      expect(entry.before).toMatchObject({ name: 'Acme', email: 'ap@acme.test' });
      expect(entry.after).toMatchObject({ name: 'Acme Ltd', email: null });
    });

    it('refuses to delete a customer with invoices, and deletes one without', async () => {
      const owner = await createUser(t);
      const billed = await t.services.customers.create(owner.id, { name: 'Billed Co' }, signal());
      await t.services.invoices.create(owner.id, { customerId: billed.id, amountCents: 1200, currency: 'USD' }, signal());
      const refused = await c.post(`/admin/customers/${billed.id}/delete/`, { confirm: 'yes' });
      expect(refused.status).toBe(409);
      expect(refused.body).toContain('This customer has invoices and cannot be deleted.');
      expect(await auditOf('customers', billed.id)).toEqual([]);
      const idle = await t.services.customers.create(owner.id, { name: 'Idle Co' }, signal());
      expect((await c.post(`/admin/customers/${idle.id}/delete/`, { confirm: 'yes' })).status).toBe(303);
      expect((await t.database.admin.query('SELECT 1 FROM customers WHERE id = $1', [idle.id])).rowCount).toBe(0);
      expect((await auditOf('customers', idle.id)).map((e) => e.action)).toEqual(['delete']);
    });
  });

  describe('users', () => {
    const userForm = (u: { email: string; name: string }, flags: { staff?: boolean; active?: boolean } = { active: true }) => ({
      email: u.email,
      name: u.name,
      ...(flags.staff ? { is_staff: 'true' } : {}),
      ...(flags.active ? { is_active: 'true' } : {}),
    });

    it('shows labelled checkboxes for staff status and active', async () => {
      const user = await createUser(t);
      const page = await c.get(`/admin/users/${user.id}/change/`);
      expect(page.body).toMatch(/<input id="id_is_staff" name="is_staff" aria-describedby="id_is_staff_help" type="checkbox" value="true"> <label for="id_is_staff">Staff status<\/label>/);
      expect(page.body).toMatch(/<input id="id_is_active" name="is_active" aria-describedby="id_is_active_help" type="checkbox" value="true" checked> <label for="id_is_active">Active<\/label>/);
      expect(page.body).toContain('Adjust balance');
    });

    it('changes name, e-mail and staff status, and audits before and after', async () => {
      const user = await createUser(t, { name: 'Dana' });
      const res = await c.post(`/admin/users/${user.id}/change/`, userForm({ email: ' Dana.New@Example.com ', name: 'Dana Lee' }, { staff: true, active: true }));
      expect(res.status).toBe(303);
      const { rows } = await t.database.admin.query('SELECT email, name, is_staff, is_active FROM users WHERE id = $1', [user.id]);
      expect(rows).toEqual([{ email: 'dana.new@example.com', name: 'Dana Lee', is_staff: true, is_active: true }]);
      const [entry] = await auditOf('users', user.id);
      expect(entry.summary).toBe('Changed email, name, is_staff.');
      expect(entry.before).toMatchObject({ email: user.email, name: 'Dana', is_staff: false, is_active: true });
      expect(entry.after).toMatchObject({ email: 'dana.new@example.com', name: 'Dana Lee', is_staff: true, is_active: true });
    });

    it('refuses an e-mail address another user has, whatever its letter case', async () => {
      const other = await createUser(t);
      const user = await createUser(t);
      const res = await c.post(`/admin/users/${user.id}/change/`, userForm({ email: other.email.toUpperCase(), name: user.name }));
      expect(res.status).toBe(422);
      expect(res.body).toMatch(/id="id_email_error"><li>A user with this e-mail address already exists\./);
      expect(await auditOf('users', user.id)).toEqual([]);
    });

    it('does not let a staff member remove their own staff status or deactivate themselves', async () => {
      const res = await c.post(`/admin/users/${staff.id}/change/`, userForm(staff, {}));
      expect(res.status).toBe(422);
      expect(res.body).toMatch(/id="id_is_staff_error"><li>You cannot remove your own staff status\./);
      expect(res.body).toMatch(/id="id_is_active_error"><li>You cannot deactivate your own account\./);
      const { rows } = await t.database.admin.query('SELECT is_staff, is_active FROM users WHERE id = $1', [staff.id]);
      expect(rows).toEqual([{ is_staff: true, is_active: true }]);
      // The session still works: nothing was changed.
      expect((await c.get('/admin/users/')).status).toBe(200);
    });

    it("revokes a deactivated user's API tokens for good, and ends a deactivated staff member's admin session", async () => {
      const user = await createUser(t);
      expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(200);
      expect((await c.post(`/admin/users/${user.id}/change/`, userForm(user, {}))).status).toBe(303);
      expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(401);
      // Reactivating the account does not bring the old token back.
      expect((await c.post(`/admin/users/${user.id}/change/`, userForm(user))).status).toBe(303);
      expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(401);

      const colleague = await createUser(t, { staff: true });
      const theirs = new AdminClient(t);
      await theirs.login(colleague.email, colleague.password);
      expect((await theirs.get('/admin/')).status).toBe(200);
      expect((await c.post(`/admin/users/${colleague.id}/change/`, userForm(colleague, { staff: true }))).status).toBe(303);
      expect((await theirs.get('/admin/')).location).toMatch(/^\/admin\/login/);
    });
  });

  describe('lookup endpoint', () => {
    it('needs a staff session', async () => {
      const anonymous = new AdminClient(t);
      const res = await anonymous.get('/admin/categories/lookup?q=gard');
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/^\/admin\/login\?next=/);
      const user = await createUser(t);
      const notStaff = new AdminClient(t);
      await notStaff.login(user.email, user.password);
      expect((await notStaff.get('/admin/categories/lookup?q=gard')).status).toBe(303);
    });

    it('returns matches as {id, label}, the exact label and prefixes first', async () => {
      const names = ['Bathroom', 'Bath', 'Birdbath'];
      const ids = new Map<string, number>();
      for (const name of names) ids.set(name, (await t.services.catalog.createCategory({ name }, signal())).id);
      const res = await c.get('/admin/categories/lookup?q=BATH');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(JSON.parse(res.body)).toEqual({
        results: [
          { id: ids.get('Bath'), label: 'Bath' },
          { id: ids.get('Bathroom'), label: 'Bathroom' },
          { id: ids.get('Birdbath'), label: 'Birdbath' },
        ],
        complete: true,
      });
      const byId = JSON.parse((await c.get(`/admin/categories/lookup?q=${ids.get('Birdbath')}`)).body);
      expect(byId.results[0]).toEqual({ id: ids.get('Birdbath'), label: 'Birdbath' });
      expect(JSON.parse((await c.get('/admin/categories/lookup?q=%20')).body)).toEqual({ results: [], complete: true });
    });

    it("searches the model's search fields within its scope (no deleted products)", async () => {
      const kept = await t.services.catalog.createProduct({ name: 'Rain barrel', description: 'Collects water', priceCents: 4000 }, signal());
      const gone = await t.services.catalog.createProduct({ name: 'Rain gauge', priceCents: 900 }, signal());
      await t.services.catalog.deleteProduct(gone.id, signal());
      const res = JSON.parse((await c.get('/admin/products/lookup?q=rain')).body);
      expect(res.results).toEqual([{ id: kept.id, label: 'Rain barrel' }]);
      expect(JSON.parse((await c.get('/admin/products/lookup?q=collects')).body).results).toEqual([{ id: kept.id, label: 'Rain barrel' }]);
    });

    it('refuses an over-long search and an unknown model', async () => {
      expect((await c.get(`/admin/categories/lookup?q=${'x'.repeat(201)}`)).status).toBe(400);
      expect((await c.get('/admin/nothing/lookup?q=x')).status).toBe(404);
    });
  });

  // Last: these make the categories too many for a select, for every later page of this file.
  describe('a relation too large for a select', () => {
    let first: { id: number; name: string };
    beforeAll(async () => {
      const existing = Number((await t.database.admin.query('SELECT count(*) FROM categories')).rows[0].count);
      for (let i = existing; i <= 200; i++) {
        const cat = await t.services.catalog.createCategory({ name: `Aisle ${String(i).padStart(3, '0')}` }, signal());
        first ??= cat;
      }
    });

    it('returns at most 20 matches', async () => {
      const res = JSON.parse((await c.get('/admin/categories/lookup?q=aisle')).body);
      expect(res.results).toHaveLength(20);
      expect(res.results.every((r: { label: string }) => r.label.startsWith('Aisle'))).toBe(true);
    });

    it('is an id box with its search endpoint, and the change page names the chosen object in one more statement', async () => {
      const add = await c.get('/admin/products/add/');
      expect(add.body).toMatch(/<input id="id_category_id" name="category_id" aria-describedby="id_category_id_label id_category_id_help" type="text" inputmode="numeric" pattern="\[0-9\]\*" value="" data-lookup="\/admin\/categories\/lookup" data-lookup-label="Search category" data-label-id="id_category_id_label">/);
      expect(add.body).toContain('<span class="relation-label" id="id_category_id_label"></span>');

      const categorised = await t.services.catalog.createProduct({ name: 'Shelf', priceCents: 2500, categoryId: first.id }, signal());
      const plain = await t.services.catalog.createProduct({ name: 'Crate', priceCents: 500 }, signal());
      const withLabel = await c.get(`/admin/products/${categorised.id}/change/`);
      expect(withLabel.body).toContain(`value="${first.id}"`);
      expect(withLabel.body).toContain(`<span class="relation-label" id="id_category_id_label">${first.name}</span>`);
      const without = await c.get(`/admin/products/${plain.id}/change/`);
      expect(withLabel.statements).toBe(without.statements + 1);

      // Saving by id works without JavaScript, as before.
      const res = await c.post(`/admin/products/${plain.id}/change/`, { name: 'Crate', description: '', price_cents: '5.00', category_id: String(first.id) });
      expect(res.status).toBe(303);
      expect((await t.services.catalog.getProduct(plain.id, signal())).category?.id).toBe(first.id);
      const unknown = await c.post(`/admin/products/${plain.id}/change/`, { name: 'Crate', description: '', price_cents: '5.00', category_id: '99999999' });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatch(/id="id_category_id_error"><li>No category has this id\./);
    });
  });
});

describe('Deactivation with the principal cache on', () => {
  let t: TestApp;
  let c: AdminClient;

  beforeAll(async () => {
    t = await startTestApp({ env: { AUTH_CACHE_TTL_SECONDS: '30' } });
    const staff = await createUser(t, { staff: true });
    c = new AdminClient(t);
    await c.login(staff.email, staff.password);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a cached token on the very next request after the admin deactivates its user', async () => {
    const user = await createUser(t);
    // Served from the cache: one statement fewer than the first request (once the listener is up).
    await eventually(async () => {
      const first = await t.request('GET', '/api/v1/me', { token: user.token });
      const second = await t.request('GET', '/api/v1/me', { token: user.token });
      return first.status === 200 && second.statements === first.statements - 1;
    }, 5_000);
    await c.get(`/admin/users/${user.id}/change/`);
    const res = await c.post(`/admin/users/${user.id}/change/`, { email: user.email, name: user.name });
    expect(res.status).toBe(303);
    expect((await t.request('GET', '/api/v1/me', { token: user.token })).status).toBe(401);
  });
});
