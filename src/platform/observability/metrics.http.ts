// GET /metrics: the Prometheus exposition of this process, outside /api/v1. Open unless
// METRICS_TOKEN is set; then only `Authorization: Bearer <METRICS_TOKEN>` may scrape.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { UnauthenticatedError } from '../errors.ts';
import type { Metrics } from './metrics.ts';

// Both sides are hashed first so that the comparison takes the same time whatever the length.
const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/** True when the Authorization header carries exactly this bearer token. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer (.+)$/.exec(header ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(token));
}

export const metricsRoutes =
  (deps: { metrics: Metrics; token: string | undefined }): FastifyPluginAsync =>
  async (app) => {
    const { metrics, token } = deps;
    app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
      if (token !== undefined && !bearerMatches(request.headers.authorization, token)) throw new UnauthenticatedError();
      const { contentType, body } = await metrics.render();
      return reply.type(contentType).header('cache-control', 'no-store').send(body);
    });
  };
