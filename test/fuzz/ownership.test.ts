// The ownership matrix: every route of /openapi.json with an id in its path, tried by the object's
// owner, another user, staff, nobody and a revoked token, and on an object that was deleted. The
// routes come from the document, so a new one fails here until it has an entry below (SPEC §2:
// another user's object is a 404, never a 403; §9: orders are owner-scoped for everyone).
// Whoever is refused changes nothing, and learns nothing: their 404 is the one a missing object gets.
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type ApiResponse } from '../support/app.ts';
import { createUser, type TestUser } from '../support/factories.ts';
import { operationsOf, urlOf } from '../support/fuzz/operations.ts';

const signal = () => new AbortController().signal;

const t = await startTestApp();
const document = (await t.request('GET', '/openapi.json')).body;
const idRoutes = operationsOf(document).filter((op) => op.pathParams.length > 0);
afterAll(async () => t.close());

const owner = await createUser(t, { name: 'Matrix Owner' });
const other = await createUser(t, { name: 'Matrix Other' });
const staff = await createUser(t, { staff: true, name: 'Matrix Staff' });
await t.services.balance.adjust({ userId: owner.id, amountCents: 10_000_000, reason: 'matrix funding', staffUserId: staff.id }, signal());
const product = await t.services.catalog.createProduct({ name: 'Matrix product', priceCents: 500 }, signal());

/** A token of `user` revoked the way a client does it, by logging out with it. */
async function revokedTokenOf(user: TestUser): Promise<string> {
  const { token } = await t.services.tokens.issue(user.id, signal());
  const res = await t.request('DELETE', '/api/v1/auth/tokens/current', { token });
  if (res.status !== 204) throw new Error(`logout answered ${res.status}`);
  return token;
}
const revoked = { owner: await revokedTokenOf(owner), staff: await revokedTokenOf(staff) };

type Principal = 'owner' | 'other' | 'staff' | 'anonymous' | 'revoked';
const PRINCIPALS: Principal[] = ['owner', 'other', 'staff', 'anonymous', 'revoked'];

interface Expectation {
  /** A fresh object for one attempt; its id. */
  make(): Promise<number>;
  /** Deletes it the way the product can (no API deletes invoices, orders or users: the row goes). */
  remove(id: number): Promise<void>;
  /** What the rightful reader sees of it, to prove a refused attempt changed nothing. */
  read(id: number): Promise<unknown>;
  /** Who may act (and acts on the deleted object): the owner, or staff on staff-only routes. */
  rightful: 'owner' | 'staff';
  body?: unknown;
  status: Record<Principal | 'deleted', number>;
}

const asOwner = async (url: string) => (await t.request('GET', url, { token: owner.token })).body;
const sqlDelete = (table: 'invoices' | 'orders' | 'users') => async (id: number) => {
  await t.database.admin.query(`DELETE FROM ${table} WHERE id = $1`, [id]);
};

const customer = {
  make: async () => (await t.services.customers.create(owner.id, { name: 'Matrix customer' }, signal())).id,
  remove: (id: number) => t.services.customers.delete(owner.id, id, signal()),
  read: (id: number) => asOwner(`/api/v1/customers/${id}`),
  rightful: 'owner',
} as const;
const invoice = {
  make: async () => {
    const c = await t.services.customers.create(owner.id, { name: 'Billed customer' }, signal());
    return (await t.services.invoices.create(owner.id, { customerId: c.id, amountCents: 1234, currency: 'EUR' }, signal())).id;
  },
  remove: sqlDelete('invoices'),
  read: (id: number) => asOwner(`/api/v1/invoices/${id}`),
  rightful: 'owner',
} as const;
const order = {
  make: async () => (await t.services.orders.create(owner.id, { items: [{ productId: product.id, qty: 2 }], paymentMethod: 'balance' }, signal())).id,
  remove: sqlDelete('orders'),
  read: async (id: number) => ({ order: await asOwner(`/api/v1/orders/${id}`), balance: (await asOwner('/api/v1/balance')).balance_cents }),
  rightful: 'owner',
} as const;
const catalogProduct = {
  make: async () => (await t.services.catalog.createProduct({ name: 'Matrix item', priceCents: 700 }, signal())).id,
  remove: (id: number) => t.services.catalog.deleteProduct(id, signal()),
  read: async (id: number) => (await t.request('GET', `/api/v1/products/${id}`)).body,
  rightful: 'staff',
} as const;
const account = {
  make: async () => (await createUser(t, { name: 'Adjusted user' })).id,
  remove: sqlDelete('users'),
  read: async (id: number) => (await t.database.admin.query('SELECT balance_cents, (SELECT count(*) FROM balance_ledger WHERE user_id = $1) AS rows FROM users WHERE id = $1', [id])).rows[0],
  rightful: 'staff',
} as const;

/** Owner-scoped: everyone but the owner gets the 404 a missing object gets (staff too: the admin is their way in). */
const ownerScoped = (ok: number) => ({ owner: ok, other: 404, staff: 404, anonymous: 401, revoked: 401, deleted: 404 });
/** Staff only: 403 for other users, whoever owns the object. */
const staffOnly = (ok: number) => ({ owner: 403, other: 403, staff: ok, anonymous: 401, revoked: 401, deleted: 404 });

const EXPECTATIONS: Record<string, Expectation> = {
  'GET /api/v1/customers/{id}': { ...customer, status: ownerScoped(200) },
  'PATCH /api/v1/customers/{id}': { ...customer, body: { name: 'Renamed by someone' }, status: ownerScoped(200) },
  'DELETE /api/v1/customers/{id}': { ...customer, status: ownerScoped(204) },
  'GET /api/v1/invoices/{id}': { ...invoice, status: ownerScoped(200) },
  'POST /api/v1/invoices/{id}/mark-paid': { ...invoice, status: ownerScoped(200) },
  'POST /api/v1/invoices/{id}/void': { ...invoice, status: ownerScoped(200) },
  'GET /api/v1/orders/{id}': { ...order, status: ownerScoped(200) },
  'POST /api/v1/orders/{id}/cancel': { ...order, status: ownerScoped(200) },
  // Public reads: no credentials needed, and a token sent anyway (even a revoked one) is ignored.
  'GET /api/v1/products/{id}': { ...catalogProduct, rightful: 'owner', status: { owner: 200, other: 200, staff: 200, anonymous: 200, revoked: 200, deleted: 404 } },
  'PATCH /api/v1/products/{id}': { ...catalogProduct, body: { price_cents: 999 }, status: staffOnly(200) },
  'DELETE /api/v1/products/{id}': { ...catalogProduct, status: staffOnly(204) },
  'POST /api/v1/users/{id}/balance-adjustments': { ...account, body: { amount_cents: 2500, reason: 'matrix credit' }, status: staffOnly(201) },
};

function tokenOf(principal: Principal, e: Expectation): string | undefined {
  switch (principal) {
    case 'owner':
      return owner.token;
    case 'other':
      return other.token;
    case 'staff':
      return staff.token;
    case 'anonymous':
      return undefined;
    case 'revoked':
      return e.rightful === 'staff' ? revoked.staff : revoked.owner;
  }
}

describe('the ownership matrix', () => {
  it('has an expectation for every route with an id in its path, and nothing else', () => {
    expect(idRoutes.length).toBeGreaterThanOrEqual(12);
    expect(idRoutes.map((op) => op.key).sort()).toEqual(Object.keys(EXPECTATIONS).sort());
  });

  for (const op of idRoutes) {
    it(`${op.key}: owner, other user, staff, anonymous, revoked token, deleted object`, async () => {
      const e = EXPECTATIONS[op.key];
      expect(e, `no expectation for ${op.key}: add one`).toBeDefined();
      if (e === undefined) return;
      const attempt = (id: number, token: string | undefined): Promise<ApiResponse> =>
        t.request(op.method, urlOf(op, { [op.pathParams[0]!]: String(id) }), { ...(token === undefined ? {} : { token }), ...(e.body === undefined ? {} : { body: e.body }) });

      const outcomes: Record<string, number> = {};
      const refusals: ApiResponse[] = [];
      for (const principal of PRINCIPALS) {
        const id = await e.make();
        const before = await e.read(id);
        const res = await attempt(id, tokenOf(principal, e));
        outcomes[principal] = res.status;
        if (res.status >= 400) {
          expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
          // Refused means refused: the object is as it was.
          expect(await e.read(id), `${principal} changed ${op.key} while refused`).toEqual(before);
        }
        if (principal !== 'owner' && res.status === 404) refusals.push(res);
      }
      const gone = await e.make();
      await e.remove(gone);
      const deleted = await attempt(gone, e.rightful === 'staff' ? staff.token : owner.token);
      outcomes['deleted'] = deleted.status;

      expect(outcomes).toEqual(e.status);
      // Someone else's object and a missing one are indistinguishable.
      for (const res of refusals) expect({ ...res.body }).toEqual({ ...deleted.body });
    });
  }
});
