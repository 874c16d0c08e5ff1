import type { FastifyPluginAsync } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/platform/http/app.ts';
import { RequestStats } from '../../src/platform/http/request-stats.ts';
import { createLogger } from '../../src/platform/log.ts';

let handlerFinishedAt = 0;
const slowRoute: FastifyPluginAsync = async (app) => {
  app.get('/slow', async () => {
    await new Promise((r) => setTimeout(r, 400));
    handlerFinishedAt = Date.now();
    return { done: true };
  });
};

describe('graceful shutdown', () => {
  it('finishes in-flight requests before the server closes, and refuses new ones', async () => {
    const app = await createApp({ logger: createLogger('silent'), production: false, trustProxy: false, stats: new RequestStats(), routes: [slowRoute] });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`);
    await new Promise((r) => setTimeout(r, 100));
    let closedAt = 0;
    const closing = app.close().then(() => (closedAt = Date.now()));
    await new Promise((r) => setTimeout(r, 20));
    await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    expect(handlerFinishedAt).toBeGreaterThan(0);
    expect(closedAt).toBeGreaterThanOrEqual(handlerFinishedAt);
  });
});
