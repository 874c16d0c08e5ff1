// Liveness and readiness, for load balancers and orchestrators; no credentials needed.
import type { FastifyPluginAsync } from 'fastify';

export interface Readiness {
  /** True when the database answers and every migration is applied. */
  check(signal: AbortSignal): Promise<{ ready: boolean; reason?: string }>;
}

export const healthRoutes =
  (readiness: Readiness): FastifyPluginAsync =>
  async (app) => {
    app.get('/healthz', async () => ({ status: 'ok' }));
    app.get('/readyz', async (request, reply) => {
      const result = await readiness.check(request.abortSignal).catch(() => ({ ready: false, reason: 'database unavailable' }));
      return reply.code(result.ready ? 200 : 503).send(result.ready ? { status: 'ok' } : { status: 'unavailable', reason: result.reason });
    });
  };
