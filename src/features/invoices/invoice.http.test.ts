import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Customer } from '../customers/customer.ts';
import { PROBLEM_JSON, makeCustomer, makeInvoice } from './invoice.fixtures.ts';

const INVOICE_KEYS = ['amount_cents', 'created_at', 'currency', 'customer', 'customer_id', 'id', 'memo', 'paid_at', 'status'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const EMOJI = '\u{1F4B8}'; // one code point, two UTF-16 units

let t: TestApp;
let alice: TestUser;
let bob: TestUser;
let acme: Customer;
let bobsCustomer: Customer;
beforeAll(async () => {
  t = await startTestApp();
  alice = await createUser(t);
  bob = await createUser(t);
  acme = await makeCustomer(t, alice, 'Acme Ltd');
  bobsCustomer = await makeCustomer(t, bob, "Bob's client");
});
afterAll(async () => t.close());

const post = (body: unknown, token = alice.token) => t.request('POST', '/api/v1/invoices', { token, body });
const fieldsOf = (res: { body: { errors?: { field: string }[] } }) => (res.body.errors ?? []).map((e) => e.field);

describe('POST /api/v1/invoices', () => {
  it('creates an open invoice (201) with exactly the contract shape, memo defaulting to ""', async () => {
    const res = await post({ customer_id: acme.id, amount_cents: 12_345, currency: 'EUR' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(INVOICE_KEYS);
    expect(res.body).toMatchObject({
      customer_id: acme.id,
      customer: { id: acme.id, name: 'Acme Ltd' },
      amount_cents: 12_345,
      currency: 'EUR',
      memo: '',
      status: 'open',
      paid_at: null,
    });
    expect(Object.keys(res.body.customer).sort()).toEqual(['id', 'name']);
    expect(res.body.created_at).toMatch(ISO_UTC);
    expect(Number.isSafeInteger(res.body.id)).toBe(true);
  });

  it('accepts the amount bounds 1 and 100000000 and every supported currency', async () => {
    for (const [amount_cents, currency] of [[1, 'USD'], [100_000_000, 'GBP'], [500, 'EUR']] as const) {
      const res = await post({ customer_id: acme.id, amount_cents, currency });
      expect(res.status, `${amount_cents} ${currency}`).toBe(201);
    }
  });

  it("answers 422 on customer_id for another user's customer and for one that does not exist", async () => {
    for (const customer_id of [bobsCustomer.id, 999_999_999]) {
      const res = await post({ customer_id, amount_cents: 100, currency: 'USD' });
      expect(res.status).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(fieldsOf(res)).toEqual(['customer_id']);
    }
  });

  it('counts memo length in Unicode characters: 280 emoji are accepted, 281 are a 422 on memo', async () => {
    const ok = await post({ customer_id: acme.id, amount_cents: 100, currency: 'USD', memo: EMOJI.repeat(280) });
    expect(ok.status).toBe(201);
    expect(ok.body.memo).toBe(EMOJI.repeat(280));
    const tooLong = await post({ customer_id: acme.id, amount_cents: 100, currency: 'USD', memo: EMOJI.repeat(281) });
    expect(tooLong.status).toBe(422);
    expect(fieldsOf(tooLong)).toEqual(['memo']);
  });

  it('answers 422 with a field error for each invalid field', async () => {
    const cases: [Record<string, unknown>, string[]][] = [
      [{ customer_id: acme.id, amount_cents: '100', currency: 'USD' }, ['amount_cents']],
      [{ customer_id: acme.id, amount_cents: 0, currency: 'USD' }, ['amount_cents']],
      [{ customer_id: acme.id, amount_cents: 100_000_001, currency: 'USD' }, ['amount_cents']],
      [{ customer_id: acme.id, amount_cents: 10.5, currency: 'USD' }, ['amount_cents']],
      [{ customer_id: acme.id, amount_cents: 100, currency: 'JPY' }, ['currency']],
      [{ customer_id: acme.id, amount_cents: 100, currency: 'usd' }, ['currency']],
      [{ customer_id: String(acme.id), amount_cents: 100, currency: 'USD' }, ['customer_id']],
      [{ customer_id: acme.id, amount_cents: 100, currency: 'USD', memo: 42 }, ['memo']],
      [{ customer_id: acme.id, amount_cents: 100, currency: 'USD', memo: 'a\u0000b' }, ['memo']],
      [{ amount_cents: 100 }, ['currency', 'customer_id']],
    ];
    for (const [body, fields] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(fieldsOf(res).sort(), JSON.stringify(body)).toEqual(fields);
    }
  });

  it('answers 401 without a token, 415 for a non-JSON body and 413 for a body over 1 MiB', async () => {
    const anonymous = await t.request('POST', '/api/v1/invoices', { body: { customer_id: acme.id, amount_cents: 1, currency: 'USD' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(PROBLEM_JSON);

    const xml = await t.request('POST', '/api/v1/invoices', {
      token: alice.token,
      payload: '<invoice/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(xml.status).toBe(415);
    expect(xml.headers['content-type']).toMatch(PROBLEM_JSON);

    const huge = await t.request('POST', '/api/v1/invoices', {
      token: alice.token,
      payload: JSON.stringify({ customer_id: acme.id, amount_cents: 1, currency: 'USD', memo: 'm'.repeat(1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.status).toBe(413);
    expect(huge.headers['content-type']).toMatch(PROBLEM_JSON);
  });
});

describe('GET /api/v1/invoices/{id}', () => {
  it('answers the invoice with the same shape as when it was created', async () => {
    const created = await post({ customer_id: acme.id, amount_cents: 777, currency: 'GBP', memo: 'March retainer' });
    const res = await t.request('GET', `/api/v1/invoices/${created.body.id}`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(created.body);
  });

  it("answers 404 for another user's invoice, the same as for a missing one", async () => {
    const theirs = await makeInvoice(t, bob, bobsCustomer);
    const res = await t.request('GET', `/api/v1/invoices/${theirs.id}`, { token: alice.token });
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    const missing = await t.request('GET', '/api/v1/invoices/999999999', { token: alice.token });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual(res.body);
  });

  it('answers 400 for /invoices/abc and /invoices/0', async () => {
    for (const id of ['abc', '0']) {
      const res = await t.request('GET', `/api/v1/invoices/${id}`, { token: alice.token });
      expect(res.status, id).toBe(400);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
    }
  });

  it('runs one SQL statement besides authentication', async () => {
    const invoice = await makeInvoice(t, alice, acme);
    const res = await t.request('GET', `/api/v1/invoices/${invoice.id}`, { token: alice.token });
    // The id is rejected after the auth hook has run, so this request costs authentication alone.
    const authOnly = (await t.request('GET', '/api/v1/invoices/abc', { token: alice.token })).statements;
    expect(res.statements).toBe(authOnly + 1);
  });
});

describe('POST /api/v1/invoices/{id}/mark-paid and /void', () => {
  it('marks an open invoice paid: 200, status paid and paid_at set', async () => {
    const invoice = await makeInvoice(t, alice, acme);
    const res = await t.request('POST', `/api/v1/invoices/${invoice.id}/mark-paid`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(INVOICE_KEYS);
    expect(res.body).toMatchObject({ id: invoice.id, status: 'paid', customer: { id: acme.id, name: 'Acme Ltd' } });
    expect(res.body.paid_at).toMatch(ISO_UTC);
    expect((await t.request('GET', `/api/v1/invoices/${invoice.id}`, { token: alice.token })).body).toEqual(res.body);
  });

  it('voids an open invoice: 200, status void and paid_at still null', async () => {
    const invoice = await makeInvoice(t, alice, acme);
    const res = await t.request('POST', `/api/v1/invoices/${invoice.id}/void`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: invoice.id, status: 'void', paid_at: null });
  });

  it('answers 409 for every transition out of paid or void, and changes nothing', async () => {
    const paid = await makeInvoice(t, alice, acme);
    const voided = await makeInvoice(t, alice, acme);
    await t.request('POST', `/api/v1/invoices/${paid.id}/mark-paid`, { token: alice.token });
    await t.request('POST', `/api/v1/invoices/${voided.id}/void`, { token: alice.token });
    const before = await Promise.all([paid, voided].map((i) => t.request('GET', `/api/v1/invoices/${i.id}`, { token: alice.token })));
    for (const id of [paid.id, voided.id]) {
      for (const action of ['mark-paid', 'void']) {
        const res = await t.request('POST', `/api/v1/invoices/${id}/${action}`, { token: alice.token });
        expect(res.status, `${id} ${action}`).toBe(409);
        expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    }
    const after = await Promise.all([paid, voided].map((i) => t.request('GET', `/api/v1/invoices/${i.id}`, { token: alice.token })));
    expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
  });

  it("answers 404 for another user's invoice and leaves it open", async () => {
    const theirs = await makeInvoice(t, bob, bobsCustomer);
    for (const action of ['mark-paid', 'void']) {
      const res = await t.request('POST', `/api/v1/invoices/${theirs.id}/${action}`, { token: alice.token });
      expect(res.status).toBe(404);
    }
    expect((await t.request('GET', `/api/v1/invoices/${theirs.id}`, { token: bob.token })).body.status).toBe('open');
    expect((await t.request('POST', '/api/v1/invoices/999999999/void', { token: alice.token })).status).toBe(404);
  });

  it('answers 400 for a malformed id and 401 without a token', async () => {
    expect((await t.request('POST', '/api/v1/invoices/abc/mark-paid', { token: alice.token })).status).toBe(400);
    expect((await t.request('POST', '/api/v1/invoices/0/void', { token: alice.token })).status).toBe(400);
    expect((await t.request('POST', '/api/v1/invoices/1/void')).status).toBe(401);
  });

  it('lets exactly one of several concurrent transitions win; the others get 409', async () => {
    const invoice = await makeInvoice(t, alice, acme);
    const actions = ['mark-paid', 'void', 'mark-paid', 'void', 'mark-paid', 'void'];
    const results = await Promise.all(
      actions.map((a) => t.request('POST', `/api/v1/invoices/${invoice.id}/${a}`, { token: alice.token })),
    );
    const winners = results.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(actions.length - 1);
    const final = await t.request('GET', `/api/v1/invoices/${invoice.id}`, { token: alice.token });
    expect(final.body).toEqual(winners[0]!.body);
  });
});
