// Acceptance: /openapi.json is a valid OpenAPI 3.1 document of every /api/v1 route, its security
// matches what the routes enforce, and the documented 2xx schemas describe what the server sends.
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type ApiResponse, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { makeProduct } from '../../features/orders/order.fixtures.ts';
import { packageVersion } from './openapi.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- the document is asserted on
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `METHOD /path/{param}` for every route in Fastify's printRoutes tree (HEAD, added by Fastify, left out). */
function registeredRoutes(tree: string): string[] {
  const stack: string[] = [];
  const found: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    stack.push(match[2]!);
    const url = stack.join('').replace(/:([A-Za-z_]+)/g, '{$1}');
    for (const method of (match[3] ?? '').split(', ').filter((m) => m !== '' && m !== 'HEAD')) found.push(`${method} ${url}`);
  }
  return found;
}

function documentedOperations(doc: Json): string[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([url, item]) =>
    Object.keys(item)
      .filter((m) => METHODS.includes(m))
      .map((m) => `${m.toUpperCase()} ${url}`),
  );
}

let t: TestApp;
let doc: Json;
beforeAll(async () => {
  t = await startTestApp();
  doc = (await t.request('GET', '/openapi.json')).body;
});
afterAll(async () => t.close());

describe('GET /openapi.json', () => {
  it('needs no credentials and is an OpenAPI 3.1 document that passes an external validator', async () => {
    const res = await t.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    expect(res.body.info).toMatchObject({ title: 'Ledgerline', version: packageVersion(path.resolve(import.meta.dirname, '../../../package.json')) });
    expect(res.body.servers).toEqual([{ url: t.config.publicUrl }]);
    const result = await new Validator().validate(res.body);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every registered /api/v1 route with the same method, and nothing else', () => {
    const registered = registeredRoutes(t.app.printRoutes({ commonPrefix: false })).filter((r) => r.includes(' /api/v1/'));
    expect(registered.length).toBeGreaterThan(20);
    expect(documentedOperations(doc).sort()).toEqual(registered.sort());
  });

  it('marks exactly the operations that answer 401 without credentials as needing a bearer token', async () => {
    expect(doc.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(doc.paths['/api/v1/me'].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths['/api/v1/products'].post.description).toMatch(/Staff only/);
    expect(doc.paths['/api/v1/products'].get.security).toBeUndefined();
    const mismatches: string[] = [];
    for (const op of documentedOperations(doc)) {
      const [method, url] = op.split(' ') as [string, string];
      const secured = doc.paths[url][method.toLowerCase()].security !== undefined;
      const withBody = method === 'POST' || method === 'PATCH' ? { body: {} } : {};
      const res = await t.request(method, url.replace(/\{[^}]+\}/g, '1'), withBody);
      if ((res.status === 401) !== secured) mismatches.push(`${op}: documented ${secured ? 'secured' : 'open'}, answered ${res.status}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('documents problem responses for errors on every operation', () => {
    const missing = documentedOperations(doc).filter((op) => {
      const [method, url] = op.split(' ') as [string, string];
      const responses = doc.paths[url][method.toLowerCase()].responses as Record<string, unknown>;
      return !('4XX' in responses) || !('5XX' in responses);
    });
    expect(missing).toEqual([]);
  });
});

describe('documented 2xx response schemas', () => {
  const ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
  let user: TestUser;
  let staff: TestUser;
  beforeAll(async () => {
    user = await createUser(t);
    staff = await createUser(t, { staff: true });
  });

  /** Validates a real response against the schema the document gives for its route and status. */
  function expectDocumented(method: string, route: string, res: ApiResponse): void {
    const responses = doc.paths[route]?.[method]?.responses ?? {};
    const response = responses[String(res.status)] ?? responses[`${String(res.status)[0]}XX`];
    expect(response, `${method.toUpperCase()} ${route} documents ${res.status}`).toBeDefined();
    const mediaType = String(res.headers['content-type']).split(';')[0]!;
    expect(Object.keys(response.content)).toEqual([mediaType]);
    const schema = response.content[mediaType].schema;
    const validate = ajv.compile({ ...schema, components: doc.components });
    expect(validate(res.body) ? [] : validate.errors, `${method.toUpperCase()} ${route} ${res.status}`).toEqual([]);
  }

  it('describe what the key endpoints really return', async () => {
    const email = `schema-${Date.now()}@example.com`;
    const password = 'a long enough passphrase 42';
    const signUp = await t.request('POST', '/api/v1/users', { body: { email, password, name: 'Schema' } });
    expect(signUp.status).toBe(201);
    expectDocumented('post', '/api/v1/users', signUp);

    const login = await t.request('POST', '/api/v1/auth/tokens', { body: { email, password } });
    expect(login.status).toBe(201);
    expectDocumented('post', '/api/v1/auth/tokens', login);
    expectDocumented('get', '/api/v1/me', await t.request('GET', '/api/v1/me', { token: login.body.token }));

    const customer = await t.request('POST', '/api/v1/customers', { token: user.token, body: { name: 'Acme', email: 'billing@acme.test' } });
    expect(customer.status).toBe(201);
    expectDocumented('post', '/api/v1/customers', customer);
    expectDocumented('get', '/api/v1/customers', await t.request('GET', '/api/v1/customers', { token: user.token }));
    expectDocumented('get', '/api/v1/customers/{id}', await t.request('GET', `/api/v1/customers/${customer.body.id}`, { token: user.token }));

    const invoice = await t.request('POST', '/api/v1/invoices', {
      token: user.token,
      body: { customer_id: customer.body.id, amount_cents: 1250, currency: 'EUR', memo: 'Consulting' },
    });
    expect(invoice.status).toBe(201);
    expectDocumented('post', '/api/v1/invoices', invoice);
    expectDocumented('get', '/api/v1/invoices', await t.request('GET', '/api/v1/invoices', { token: user.token }));
    expectDocumented('get', '/api/v1/invoices/{id}', await t.request('GET', `/api/v1/invoices/${invoice.body.id}`, { token: user.token }));

    const product = await makeProduct(t, 990);
    expectDocumented('get', '/api/v1/products', await t.request('GET', '/api/v1/products'));
    expectDocumented('get', '/api/v1/categories', await t.request('GET', '/api/v1/categories'));
    const order = await t.request('POST', '/api/v1/orders', { token: user.token, body: { items: [{ product_id: product.id, qty: 2 }], payment_method: 'card' } });
    expect(order.status).toBe(201);
    expectDocumented('post', '/api/v1/orders', order);
    expectDocumented('get', '/api/v1/orders', await t.request('GET', '/api/v1/orders', { token: user.token }));
    expectDocumented('get', '/api/v1/balance', await t.request('GET', '/api/v1/balance', { token: user.token }));

    const adjustment = await t.request('POST', `/api/v1/users/${user.id}/balance-adjustments`, { token: staff.token, body: { amount_cents: 500, reason: 'Goodwill' } });
    expect(adjustment.status).toBe(201);
    expectDocumented('post', '/api/v1/users/{id}/balance-adjustments', adjustment);
  });

  it('describe the problem documents of errors', async () => {
    expectDocumented('get', '/api/v1/invoices/{id}', await t.request('GET', '/api/v1/invoices/999999', { token: user.token }));
    expectDocumented('post', '/api/v1/customers', await t.request('POST', '/api/v1/customers', { token: user.token, body: {} }));
  });
});
