import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { PROBLEM_JSON, makeCustomer, makeInvoice, walkPages } from '../invoices/invoice.fixtures.ts';

const CUSTOMER_KEYS = ['created_at', 'email', 'id', 'name'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
beforeAll(async () => {
  t = await startTestApp();
  alice = await createUser(t);
  bob = await createUser(t);
});
afterAll(async () => t.close());

describe('POST /api/v1/customers', () => {
  it('creates a customer and answers 201 with exactly id, name, email and created_at', async () => {
    const res = await t.request('POST', '/api/v1/customers', { token: alice.token, body: { name: 'Acme Ltd', email: 'billing@acme.test' } });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(CUSTOMER_KEYS);
    expect(res.body).toMatchObject({ name: 'Acme Ltd', email: 'billing@acme.test' });
    expect(Number.isSafeInteger(res.body.id) && res.body.id > 0).toBe(true);
    expect(res.body.created_at).toMatch(ISO_UTC);
  });

  it('answers email null when no email is given', async () => {
    const res = await t.request('POST', '/api/v1/customers', { token: alice.token, body: { name: 'No Mail Inc' } });
    expect(res.status).toBe(201);
    expect(res.body.email).toBeNull();
  });

  it('answers 422 with field errors for a missing name, a blank name and a malformed email', async () => {
    const missing = await t.request('POST', '/api/v1/customers', { token: alice.token, body: { email: 'a@b.test' } });
    expect(missing.status).toBe(422);
    expect(missing.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(missing.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);

    const blank = await t.request('POST', '/api/v1/customers', { token: alice.token, body: { name: '   ' } });
    expect(blank.status).toBe(422);
    expect(blank.body.errors).toEqual([{ field: 'name', message: expect.any(String) }]);

    const badEmail = await t.request('POST', '/api/v1/customers', { token: alice.token, body: { name: 'X', email: 'not-an-email' } });
    expect(badEmail.status).toBe(422);
    expect(badEmail.body.errors.map((e: { field: string }) => e.field)).toEqual(['email']);

    const tooLong = await t.request('POST', '/api/v1/customers', { token: alice.token, body: { name: 'n'.repeat(201) } });
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.errors.map((e: { field: string }) => e.field)).toEqual(['name']);
  });

  it('answers 422 rather than 500 for a name containing a NUL character', async () => {
    const res = await t.request('POST', '/api/v1/customers', { token: alice.token, body: { name: 'bad\u0000name' } });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['name']);
  });

  it('answers 401 without a token, as problem+json', async () => {
    const res = await t.request('POST', '/api/v1/customers', { body: { name: 'Acme' } });
    expect(res.status).toBe(401);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect((await t.request('GET', '/api/v1/customers')).status).toBe(401);
  });

  it('answers 415 for a body that is not JSON and 413 for a body over 1 MiB', async () => {
    const form = await t.request('POST', '/api/v1/customers', {
      token: alice.token,
      payload: 'name=Acme',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    expect(form.headers['content-type']).toMatch(PROBLEM_JSON);

    const huge = await t.request('POST', '/api/v1/customers', {
      token: alice.token,
      payload: JSON.stringify({ name: 'Acme', email: 'x'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(PROBLEM_JSON);
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await t.request('POST', '/api/v1/customers', {
      token: alice.token,
      payload: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
  });
});

describe('GET, PATCH and DELETE /api/v1/customers/{id}', () => {
  it('gets a customer with the same shape as when it was created', async () => {
    const created = await t.request('POST', '/api/v1/customers', { token: alice.token, body: { name: 'Shape Co' } });
    const res = await t.request('GET', `/api/v1/customers/${created.body.id}`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
  });

  it('patches the name alone, the email alone, and clears the email with null', async () => {
    const c = await makeCustomer(t, alice, 'Before', 'before@x.test');
    const url = `/api/v1/customers/${c.id}`;
    const renamed = await t.request('PATCH', url, { token: alice.token, body: { name: 'After' } });
    expect(renamed.status).toBe(200);
    expect(Object.keys(renamed.body).sort()).toEqual(CUSTOMER_KEYS);
    expect(renamed.body).toMatchObject({ id: c.id, name: 'After', email: 'before@x.test' });

    const remailed = await t.request('PATCH', url, { token: alice.token, body: { email: 'after@x.test' } });
    expect(remailed.body).toMatchObject({ name: 'After', email: 'after@x.test' });

    const cleared = await t.request('PATCH', url, { token: alice.token, body: { email: null } });
    expect(cleared.body).toMatchObject({ name: 'After', email: null });

    const unchanged = await t.request('PATCH', url, { token: alice.token, body: {} });
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toEqual(cleared.body);
  });

  it('answers 422 for a PATCH that blanks the name, and changes nothing', async () => {
    const c = await makeCustomer(t, alice, 'Keep Me');
    const res = await t.request('PATCH', `/api/v1/customers/${c.id}`, { token: alice.token, body: { name: ' ' } });
    expect(res.status).toBe(422);
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: alice.token })).body.name).toBe('Keep Me');
  });

  it("answers 404 for another user's customer on GET, PATCH and DELETE, and leaves it alone", async () => {
    const c = await makeCustomer(t, bob, "Bob's client");
    const url = `/api/v1/customers/${c.id}`;
    for (const [method, body] of [['GET'], ['PATCH', { name: 'Stolen' }], ['DELETE']] as const) {
      const res = await t.request(method, url, { token: alice.token, ...(body ? { body } : {}) });
      expect(res.status, method).toBe(404);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
    const own = await t.request('GET', url, { token: bob.token });
    expect(own.body.name).toBe("Bob's client");
    const missing = await t.request('GET', '/api/v1/customers/999999999', { token: alice.token });
    const foreign = await t.request('GET', url, { token: alice.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(foreign.body);
  });

  it('answers 400 for an id that is not a positive integer', async () => {
    for (const id of ['abc', '0', '-1', '1.5', '99999999999999999999']) {
      const res = await t.request('GET', `/api/v1/customers/${id}`, { token: alice.token });
      expect(res.status, id).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
  });

  it('deletes a customer without invoices with 204 and an empty body, after which it is gone', async () => {
    const c = await makeCustomer(t, alice, 'Short-lived');
    const res = await t.request('DELETE', `/api/v1/customers/${c.id}`, { token: alice.token });
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: alice.token })).status).toBe(404);
    expect((await t.request('DELETE', `/api/v1/customers/${c.id}`, { token: alice.token })).status).toBe(404);
  });

  it('refuses with 409 to delete a customer that has invoices, and keeps it', async () => {
    const c = await makeCustomer(t, alice, 'Has Invoices');
    await makeInvoice(t, alice, c);
    const res = await t.request('DELETE', `/api/v1/customers/${c.id}`, { token: alice.token });
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(res.body).toMatchObject({ status: 409, title: 'Conflict' });
    expect((await t.request('GET', `/api/v1/customers/${c.id}`, { token: alice.token })).status).toBe(200);
  });
});

describe('GET /api/v1/customers', () => {
  it("lists only the caller's customers, newest first, with items shaped like the single-object endpoint", async () => {
    const carol = await createUser(t);
    const first = await makeCustomer(t, carol, 'First');
    const second = await makeCustomer(t, carol, 'Second', 's@x.test');
    await makeCustomer(t, bob, 'Not Carols');
    const res = await t.request('GET', '/api/v1/customers', { token: carol.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['data', 'next_cursor']);
    expect(res.body.next_cursor).toBeNull();
    expect(res.body.data.map((c: { id: number }) => c.id)).toEqual([second.id, first.id]);
    const single = await t.request('GET', `/api/v1/customers/${second.id}`, { token: carol.token });
    expect(res.body.data[0]).toEqual(single.body);
  });

  it('walks every customer exactly once, newest first, following next_cursor with limit=2', async () => {
    const dave = await createUser(t);
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await makeCustomer(t, dave, `Customer ${i}`));
    const { items, pages } = await walkPages(t, dave.token, '/api/v1/customers?limit=2');
    expect(pages).toBe(4);
    expect(items.map((c) => c.id)).toEqual(made.map((c) => c.id).reverse());
  });

  it('answers 400 for limit=0, limit=201, limit=abc and a malformed cursor', async () => {
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'cursor=not-a-cursor', `cursor=${Buffer.from('["x"]').toString('base64url')}`]) {
      const res = await t.request('GET', `/api/v1/customers?${query}`, { token: alice.token });
      expect(res.status, query).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
  });

  it('runs the same number of SQL statements for limit=5 as for limit=200', async () => {
    const erin = await createUser(t);
    for (let i = 0; i < 12; i++) await makeCustomer(t, erin, `C${i}`);
    const small = await t.request('GET', '/api/v1/customers?limit=5', { token: erin.token });
    const large = await t.request('GET', '/api/v1/customers?limit=200', { token: erin.token });
    expect(small.body.data).toHaveLength(5);
    expect(large.body.data).toHaveLength(12);
    expect(Number.isInteger(small.statements)).toBe(true);
    expect(large.statements).toBe(small.statements);
    // Authentication alone (the route rejects the id after the auth hook has run) plus one statement.
    const authOnly = (await t.request('GET', '/api/v1/customers/abc', { token: erin.token })).statements;
    expect(small.statements).toBe(authOnly + 1);
  });
});
