// The staff admin as a Fastify plugin under /admin. Its context is encapsulated: the form-body
// parser, cookies, HTML error pages and the session/CSRF guard apply to /admin only, so the JSON
// API keeps refusing non-JSON bodies with a 415.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseQueryString } from 'node:querystring';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { toProblem } from '../platform/http/problem.ts';
import { authRoutes, installGuards } from './auth.ts';
import { pageOptions, sendPage, type AdminContext, type AdminDeps } from './context.ts';
import { listRoutes } from './lists.ts';
import { lookupRoutes } from './lookup.ts';
import { objectRoutes } from './objects.ts';
import { ADMIN_JS } from './static/admin-script.ts';
import { ADMIN_PREFIX } from './views/layout.ts';
import { errorView } from './views/pages.ts';

const STATIC_DIR = path.join(import.meta.dirname, 'static');
const FORM_BODY_LIMIT = 256 * 1024;

/** Static files, read once; served with a short cache (no fingerprinting yet). */
function staticRoutes(app: FastifyInstance): void {
  const files: [string, string | Buffer, string][] = [
    ['admin.css', readFileSync(path.join(STATIC_DIR, 'admin.css')), 'text/css; charset=utf-8'],
    ['admin.js', ADMIN_JS, 'text/javascript; charset=utf-8'],
  ];
  for (const [name, body, type] of files) {
    app.get(`/static/${name}`, async (_request, reply) => reply.type(type).header('cache-control', 'public, max-age=300').send(body));
  }
}

async function admin(app: FastifyInstance, ctx: AdminContext): Promise<void> {
  await app.register(fastifyCookie);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT }, (_request, body, done) => {
    done(null, parseQueryString(String(body)));
  });

  app.setErrorHandler((err, request, reply) => {
    const mapped = toProblem(err);
    if (mapped.unexpected) request.log.error({ err }, 'unhandled error in the admin');
    const { status, title, detail } = mapped.problem;
    return sendPage(reply.headers(mapped.headers), status, pageOptions(ctx, request, title), errorView(status, title, detail));
  });
  app.setNotFoundHandler((request, reply) =>
    sendPage(reply, 404, pageOptions(ctx, request, 'Not found'), errorView(404, 'Not found', 'There is no such page in the admin.')),
  );

  staticRoutes(app);
  installGuards(app, ctx);
  authRoutes(app, ctx);
  listRoutes(app, ctx);
  objectRoutes(app, ctx);
  lookupRoutes(app, ctx);
  for (const page of ctx.pages ?? []) page.routes(app, ctx);
}

/** The admin, to be listed among the app's routes; it mounts itself under /admin. */
export function adminRoutes(deps: AdminDeps): FastifyPluginAsync {
  const ctx: AdminContext = deps;
  return async (app) => {
    await app.register(async (child) => admin(child, ctx), { prefix: ADMIN_PREFIX });
  };
}
