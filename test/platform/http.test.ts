import { Type } from 'typebox';
import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/platform/http/app.ts';
import { RequestStats } from '../../src/platform/http/request-stats.ts';
import { ConflictError, NotFoundError, RateLimitedError } from '../../src/platform/errors.ts';
import { createLogger } from '../../src/platform/log.ts';

// Routes that exist only to drive the platform's cross-cutting behaviour.
const probeRoutes: FastifyPluginAsync = async (app) => {
  app.post('/echo', { schema: { body: Type.Object({ n: Type.Integer({ minimum: 1 }) }) } }, async (req) => req.body);
  app.get('/items/:id', { schema: { params: Type.Object({ id: Type.Integer({ minimum: 1 }) }) } }, async (req) => req.params);
  app.get('/boom', async () => {
    throw new Error('relation "secret_table" does not exist at SELECT * FROM secret_table');
  });
  app.get('/missing', async () => {
    throw new NotFoundError('widget');
  });
  app.get('/conflict', async () => {
    throw new ConflictError('widget.busy', 'The widget is busy.');
  });
  app.get('/slow-down', async () => {
    throw new RateLimitedError(42);
  });
  app.get('/page', async (_req, reply) => reply.type('text/html').send('<p>hi</p>'));
  app.post('/empty', async () => ({ ok: true }));
};

async function build(production: boolean): Promise<App> {
  const app = await createApp({ logger: createLogger('silent'), production, trustProxy: false, stats: new RequestStats(), routes: [probeRoutes] });
  await app.ready();
  return app;
}

let app: App;
let prod: App;
beforeAll(async () => {
  app = await build(false);
  prod = await build(true);
});
afterAll(async () => {
  await app.close();
  await prod.close();
});

const isProblem = (res: { headers: Record<string, unknown>; json: () => Record<string, unknown> }, status: number) => {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  return body;
};

describe('HTTP platform › request ids', () => {
  it('echoes a well-formed inbound X-Request-Id', async () => {
    const res = await app.inject({ url: '/page', headers: { 'x-request-id': 'abc.DEF_123-x' } });
    expect(res.headers['x-request-id']).toBe('abc.DEF_123-x');
  });
  it('replaces a malformed or over-long X-Request-Id with a generated one', async () => {
    for (const bad of ['has space', 'x'.repeat(129), 'semi;colon', '']) {
      const res = await app.inject({ url: '/page', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id']).not.toBe(bad);
      expect(String(res.headers['x-request-id'])).toMatch(/^[A-Za-z0-9._-]{1,128}$/);
    }
  });
  it('sets a request id on error responses too', async () => {
    const res = await app.inject({ url: '/nowhere' });
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});

describe('HTTP platform › security headers', () => {
  it('sends nosniff, frame denial and a referrer policy on every response', async () => {
    for (const url of ['/page', '/nowhere', '/boom']) {
      const res = await app.inject({ url });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['server']).toBeUndefined();
    }
  });
  it("sends a CSP with frame-ancestors 'none' and no inline script on HTML", async () => {
    const csp = String((await app.inject({ url: '/page' })).headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
  });
  it('sends HSTS with includeSubDomains in production only', async () => {
    expect((await prod.inject({ url: '/page' })).headers['strict-transport-security']).toMatch(/max-age=\d+; includeSubDomains/);
    expect((await app.inject({ url: '/page' })).headers['strict-transport-security']).toBeUndefined();
  });
});

describe('HTTP platform › problem details', () => {
  it('answers an unknown route with a 404 problem', async () => {
    isProblem(await app.inject({ url: '/nowhere' }), 404);
  });
  it('answers malformed JSON with 400', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"n": ' });
    isProblem(res, 400);
  });
  it('answers a non-JSON body with 415', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/plain' }, payload: 'n=1' });
    isProblem(res, 415);
  });
  it('accepts a POST without a body and without a content type', async () => {
    const res = await app.inject({ method: 'POST', url: '/empty' });
    expect(res.statusCode).toBe(200);
  });
  it('answers a body over 1 MiB with 413', async () => {
    const payload = JSON.stringify({ n: 1, pad: 'x'.repeat(1024 * 1024) });
    isProblem(await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload }), 413);
  });
  it('answers body validation failures with 422 and per-field errors', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"n": 0}' });
    const body = isProblem(res, 422);
    expect(body['errors']).toEqual([{ field: 'n', message: expect.any(String) }]);
  });
  it('does not coerce JSON strings into numbers', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{"n": "5"}' });
    isProblem(res, 422);
  });
  it('names a missing required field', async () => {
    const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(isProblem(res, 422)['errors']).toEqual([{ field: 'n', message: 'This field is required.' }]);
  });
  it('answers a path parameter of the wrong shape with 400', async () => {
    isProblem(await app.inject({ url: '/items/abc' }), 400);
    isProblem(await app.inject({ url: '/items/0' }), 400);
    expect((await app.inject({ url: '/items/7' })).json()).toEqual({ id: 7 });
  });
  it('maps typed errors to their statuses', async () => {
    isProblem(await app.inject({ url: '/missing' }), 404);
    expect(isProblem(await app.inject({ url: '/conflict' }), 409)['detail']).toBe('The widget is busy.');
    const limited = await app.inject({ url: '/slow-down' });
    isProblem(limited, 429);
    expect(limited.headers['retry-after']).toBe('42');
  });
  it('hides internals of unexpected errors behind a generic 500', async () => {
    const res = await app.inject({ url: '/boom' });
    const body = isProblem(res, 500);
    expect(JSON.stringify(body)).not.toMatch(/secret_table|SELECT|stack|at /);
  });
});

describe('HTTP platform › database input errors', () => {
  it('answers a NUL character that reached PostgreSQL with a 400, not a 500', async () => {
    const nulApp = await createApp({
      logger: createLogger('silent'),
      production: false,
      trustProxy: false,
      stats: new RequestStats(),
      routes: [
        async (a) => {
          a.get('/nul', async () => {
            throw Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: '22021' });
          });
        },
      ],
    });
    const res = await nulApp.inject({ url: '/nul' });
    expect(res.statusCode).toBe(400);
    expect(res.body).not.toContain('0x00');
    await nulApp.close();
  });
});
