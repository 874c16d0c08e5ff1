// The HTTP app factory: a configured Fastify instance with the cross-cutting behaviour of the
// contract (request ids, security headers, problem+json errors, body limit, cancellation,
// authentication hooks). It never listens; main.ts and the tests decide that.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyPluginAsync, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { RequestStats } from './request-stats.ts';
import { registerCors } from './cors.ts';
import { disconnectSignal } from './disconnects.ts';
import { traceBindings } from './trace-context.ts';
import { problem, toProblem } from './problem.ts';
import { RequestLog } from './request-log.ts';
import { registerWriteRateLimit, type HitCounter, type WriteRateLimits } from './rate-limit.ts';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Who made the request, once authenticated. */
export interface Principal {
  userId: number;
  isStaff: boolean;
  tokenId: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Fires when the client disconnects. It is the connection's signal, shared by the requests a
     * keep-alive connection carries one after another (disconnects.ts). (Fastify's own
     * `request.signal` also fires when the request body has merely been read, on Node 20.) */
    abortSignal: AbortSignal;
    principal: Principal | null;
  }
}

/** One finished request, as the observer sees it (after the response was sent). */
export interface CompletedRequest {
  method: string;
  /** The route template (`/api/v1/invoices/:id`), or `unmatched`: never a raw URL. */
  route: string;
  status: number;
  durationMs: number;
  /** SQL statements the request ran (RequestStats). */
  statements: number;
}

/** Told about every finished request (metrics); must not throw and must not block. */
export interface RequestObserver {
  requestCompleted(info: CompletedRequest): void;
}

export interface AppOptions {
  logger: Logger;
  production: boolean;
  trustProxy: boolean;
  stats: RequestStats;
  observer?: RequestObserver;
  /** ALLOWED_ORIGINS: browser origins allowed to call /api/v1 (none: no CORS headers). */
  allowedOrigins?: readonly string[];
  /** Per-user and per-address limits on /api/v1 writes (rate-limit.ts); absent: unlimited. */
  writeRateLimit?: { hits: HitCounter; limits: WriteRateLimits };
  /** Registered in order; a plugin that must see every route (OpenAPI) comes first. */
  routes: FastifyPluginAsync[];
}

export type App = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'cross-origin-opener-policy': 'same-origin',
};
const CSP_HTML =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const CSP_API = "default-src 'none'; frame-ancestors 'none'";
const HSTS = 'max-age=31536000; includeSubDomains';

/**
 * Two validators: query strings and path parameters arrive as text and are coerced to the
 * schema's types; JSON bodies are not coerced, so `"amount_cents": "100"` is a field error.
 */
function validatorCompiler() {
  const common = { allErrors: true, useDefaults: true, removeAdditional: true, strict: false } as const;
  const coercing = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }));
  const exact = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
  return ({ schema, httpPart }: { schema: object; httpPart?: string }) =>
    (httpPart === 'body' ? exact : coercing).compile(schema);
}

export function sendProblem(reply: FastifyReply, err: unknown, log: Logger | FastifyRequest['log']): FastifyReply {
  const mapped = toProblem(err);
  if (mapped.unexpected) log.error({ err }, 'unhandled error');
  return reply
    .code(mapped.problem.status)
    .headers(mapped.headers)
    .type('application/problem+json')
    .send(mapped.problem);
}

export async function createApp(options: AppOptions): Promise<App> {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: BODY_LIMIT_BYTES,
    trustProxy: options.trustProxy,
    // One structured line per request is written by our onResponse hook instead.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    // Every request's log lines carry its trace (traceparent) beside Fastify's reqId. A route with
    // a log level of its own (none has one) gets its pino child at once.
    childLoggerFactory: (logger, bindings, opts, rawReq) => {
      const all = () => ({ ...bindings, ...traceBindings(rawReq.headers.traceparent) });
      return opts.level === undefined ? new RequestLog(logger as Logger, all) : logger.child(all(), opts);
    },
    genReqId: (req) => {
      const inbound = req.headers['x-request-id'];
      return typeof inbound === 'string' && REQUEST_ID.test(inbound) ? inbound : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    // Bad percent-encoding or an over-long path parameter is refused by the router before any
    // hook runs: answered here like every other error (problem+json, request id, headers).
    frameworkErrors: (err, request, reply) => {
      void reply.header('x-request-id', request.id).headers(SECURITY_HEADERS).header('content-security-policy', CSP_API);
      if (options.production) void reply.header('strict-transport-security', HSTS);
      void sendProblem(reply, err, request.log);
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler());
  // The API speaks JSON only: any other body type is a 415 rather than a string in request.body.
  app.removeContentTypeParser('text/plain');
  app.decorateRequest('abortSignal', null as unknown as AbortSignal);
  app.decorateRequest('principal', null);

  // The hooks below run on every request and do no I/O: callback style, so that none of them
  // costs a promise and a microtask turn per request.
  app.addHook('onRequest', (request, reply, done) => {
    request.abortSignal = disconnectSignal(request.raw.socket);
    options.stats.begin(request.abortSignal);
    void reply.header('x-request-id', request.id);
    done();
  });

  // While shutting down, answers in flight close their connection: a kept-alive idle socket
  // would otherwise hold server.close() open until the keep-alive timeout.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    reply.headers(SECURITY_HEADERS);
    if (closing) reply.header('connection', 'close');
    const type = String(reply.getHeader('content-type') ?? '');
    reply.header('content-security-policy', type.startsWith('text/html') ? CSP_HTML : CSP_API);
    if (options.production) reply.header('strict-transport-security', HSTS);
    const stats = options.stats.peek(request.abortSignal);
    if (stats) reply.header('server-timing', `db;dur=${stats.dbMs.toFixed(1)};desc="${stats.statements} statements"`);
    done(null, payload);
  });

  app.addHook('onResponse', (request, reply, done) => {
    const stats = options.stats.end(request.abortSignal);
    const route = request.routeOptions.url ?? 'unmatched';
    options.observer?.requestCompleted({
      method: request.method,
      route,
      status: reply.statusCode,
      durationMs: reply.elapsedTime,
      statements: stats?.statements ?? 0,
    });
    if (options.logger.isLevelEnabled('info')) {
      request.log.info(
        {
          method: request.method,
          route,
          status: reply.statusCode,
          duration_ms: Math.round(reply.elapsedTime * 10) / 10,
          user_id: request.principal?.userId,
          sql_statements: stats?.statements ?? 0,
          db_ms: stats === undefined ? 0 : Math.round(stats.dbMs * 10) / 10,
        },
        'request completed',
      );
    }
    done();
  });

  registerCors(app as unknown as App, options.allowedOrigins ?? []);
  if (options.writeRateLimit) registerWriteRateLimit(app as unknown as App, options.writeRateLimit.hits, options.writeRateLimit.limits);

  app.setErrorHandler((err, request, reply) => sendProblem(reply, err, request.log));
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).type('application/problem+json').send(problem(404, 'not-found', 'Not Found', 'No such route.')),
  );

  for (const routes of options.routes) await app.register(routes);
  return app as unknown as App;
}
