// CORS for /api/v1: browsers on the origins in ALLOWED_ORIGINS may call the API; everyone else
// gets no CORS headers at all, which browsers treat as a refusal. Credentials are bearer tokens in
// the Authorization header, never cookies, so Access-Control-Allow-Credentials is never sent (the
// admin's cookie stays same-origin). A dozen lines of hooks instead of @fastify/cors: only exact
// origins, only one prefix, and nothing to configure per route.
import type { FastifyRequest } from 'fastify';
import type { App } from './app.ts';

const API_PREFIX = '/api/v1';
const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE';
const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key, X-Request-Id';
/** Headers a browser script may read besides the safelisted ones. */
const EXPOSE_HEADERS = 'Location, Retry-After, X-Request-Id';
/** Preflight answers are cached by browsers for 10 minutes (Chromium's own cap is 2 hours). */
const MAX_AGE_SECONDS = '600';

function isApi(request: FastifyRequest): boolean {
  const url = request.url;
  return url === API_PREFIX || url.startsWith(`${API_PREFIX}/`) || url.startsWith(`${API_PREFIX}?`);
}

/** Adds the CORS hooks to `app`; with no allowed origins it adds nothing. */
export function registerCors(app: App, allowedOrigins: readonly string[]): void {
  if (allowedOrigins.length === 0) return;
  const anyOrigin = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins);
  const allowedOrigin = (request: FastifyRequest): string | undefined => {
    const origin = request.headers.origin;
    return typeof origin === 'string' && (anyOrigin || allowed.has(origin)) ? origin : undefined;
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.method !== 'OPTIONS' || !isApi(request)) return;
    const origin = allowedOrigin(request);
    // Not a preflight from an allowed origin: routing answers as before (404 without CORS headers).
    if (origin === undefined || request.headers['access-control-request-method'] === undefined) return;
    return reply
      .code(204)
      .headers({
        'access-control-allow-origin': origin,
        'access-control-allow-methods': ALLOW_METHODS,
        'access-control-allow-headers': ALLOW_HEADERS,
        'access-control-max-age': MAX_AGE_SECONDS,
        vary: 'Origin',
      })
      .send();
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (!isApi(request) || request.method === 'OPTIONS') return payload;
    // Caches must not serve one origin's answer (with its Allow-Origin) to another.
    reply.header('vary', 'Origin');
    const origin = allowedOrigin(request);
    if (origin !== undefined) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-expose-headers', EXPOSE_HEADERS);
    }
    return payload;
  });
}
