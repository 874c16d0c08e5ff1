import type { FastifyPluginAsync } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { createApp, type App } from './app.ts';
import { RequestStats } from './request-stats.ts';

const routes: FastifyPluginAsync = async (app) => {
  app.get('/api/v1/things', async () => ({ ok: true }));
  app.post('/api/v1/things', async () => ({ ok: true }));
  app.get('/admin/page', async () => ({ ok: true }));
};

const ALLOWED = 'https://app.example.com';

async function build(allowedOrigins: string[]): Promise<App> {
  const app = await createApp({ logger: createLogger('silent'), production: false, trustProxy: false, stats: new RequestStats(), allowedOrigins, routes: [routes] });
  await app.ready();
  return app;
}

const preflight = (origin: string, url = '/api/v1/things') => ({
  method: 'OPTIONS' as const,
  url,
  headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, idempotency-key' },
});

let app: App;
let none: App;
beforeAll(async () => {
  app = await build([ALLOWED]);
  none = await build([]);
});
afterAll(async () => {
  await app.close();
  await none.close();
});

describe('CORS allow-list', () => {
  it('answers a preflight from an allowed origin with 204, the origin echoed, methods, headers and max-age', async () => {
    const res = await app.inject(preflight(ALLOWED));
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-methods']).toContain('DELETE');
    expect(String(res.headers['access-control-allow-headers']).split(', ')).toEqual(['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id']);
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect(res.headers['vary']).toContain('Origin');
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
  });

  it('gives a disallowed origin no CORS headers, on preflights and on requests', async () => {
    const pre = await app.inject(preflight('https://evil.example.com'));
    expect(pre.statusCode).not.toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    const res = await app.inject({ method: 'GET', url: '/api/v1/things', headers: { origin: 'https://evil.example.com' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['vary']).toContain('Origin');
  });

  it('echoes an allowed origin on actual API responses, with Vary: Origin and the readable headers', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/things', headers: { origin: ALLOWED } });
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-expose-headers']).toContain('Retry-After');
    expect(res.headers['vary']).toContain('Origin');
  });

  it('leaves routes outside /api/v1 alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/admin/page', headers: { origin: ALLOWED } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect((await app.inject(preflight(ALLOWED, '/admin/page'))).statusCode).toBe(404);
  });

  it('sends no CORS headers at all when ALLOWED_ORIGINS is empty', async () => {
    const pre = await none.inject(preflight(ALLOWED));
    expect(pre.statusCode).toBe(404);
    const res = await none.inject({ method: 'GET', url: '/api/v1/things', headers: { origin: ALLOWED } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['vary']).toBeUndefined();
  });
});
