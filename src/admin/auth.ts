// Admin authentication: the session check on every page, CSRF on every POST, and login/logout.
// Login reuses the users feature (UserService.verifyCredentials, LoginThrottle), so the admin and
// the API share one throttle per e-mail and per client address; only staff may sign in.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normaliseEmail } from '../features/users/user.ts';
import { RateLimitedError } from '../platform/errors.ts';
import { field, optionalSessionOf, pageOptions, sendPage, setSession, type AdminContext, type FormBody } from './context.ts';
import { randomToken, tokensMatch } from './sessions.ts';
import { ADMIN_PREFIX } from './views/layout.ts';
import { errorView, loginView } from './views/pages.ts';

/** Paths under /admin that need no session. */
const PUBLIC = new Set(['/login', '/static/admin.css', '/static/admin.js']);
const BAD_LOGIN = 'Please enter the correct e-mail address and password for a staff account. Both fields may be case-sensitive.';

const pathOf = (request: FastifyRequest) => (request.url.split('?')[0] ?? '').slice(ADMIN_PREFIX.length).replace(/\/+$/, '') || '/';

function cookieOptions(ctx: AdminContext, maxAge?: number) {
  return { path: '/', httpOnly: true, sameSite: 'lax' as const, secure: ctx.settings.production, ...(maxAge === undefined ? {} : { maxAge }) };
}

const loginCsrfCookie = (ctx: AdminContext) => `${ctx.settings.cookieName}_csrf`;

export function forbidden(ctx: AdminContext, request: FastifyRequest, reply: FastifyReply, detail: string): FastifyReply {
  return sendPage(reply, 403, pageOptions(ctx, request, 'Forbidden'), errorView(403, 'Forbidden', detail));
}

/** A `next` target we are willing to redirect to: an admin path on this site, nothing else. */
function safeNext(next: string): string {
  return /^\/admin\/[^/\\]/.test(next) || next === '/admin/' ? next : `${ADMIN_PREFIX}/`;
}

/** onRequest/preHandler hooks: a live staff session everywhere but the public paths; CSRF on POST. */
export function installGuards(app: FastifyInstance, ctx: AdminContext): void {
  app.addHook('preHandler', async (request, reply) => {
    const path = pathOf(request);
    if (PUBLIC.has(path)) return;
    const token = request.cookies[ctx.settings.cookieName];
    const session = token === undefined ? null : await ctx.sessions.touch(token, request.abortSignal);
    if (session === null) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        return reply.redirect(`${ADMIN_PREFIX}/login?next=${encodeURIComponent(request.url)}`, 303);
      }
      return forbidden(ctx, request, reply, 'Your session has expired or is invalid. Please log in again.');
    }
    setSession(request, session);
    if (request.method === 'POST') {
      const sent = field(request.body as FormBody | undefined, 'csrf_token');
      if (!tokensMatch(sent, session.csrfToken)) return forbidden(ctx, request, reply, 'CSRF verification failed. Reload the page and try again.');
    }
  });
}

function renderLogin(ctx: AdminContext, request: FastifyRequest, reply: FastifyReply, status: number, email: string, next: string, error?: string) {
  // Login CSRF: a double-submit token (cookie + hidden field), since there is no session yet.
  const csrfToken = randomToken();
  void reply.setCookie(loginCsrfCookie(ctx), csrfToken, cookieOptions(ctx));
  return sendPage(reply, status, { title: 'Log in' }, loginView({ csrfToken, email, error, next }));
}

export function authRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/login', async (request, reply) => {
    // Shown even to a signed-in user: logging in again (as someone else) starts a new session.
    const next = safeNext(String((request.query as Record<string, unknown>)['next'] ?? ''));
    return renderLogin(ctx, request, reply, 200, '', next);
  });

  app.post('/login', async (request, reply) => {
    const body = request.body as FormBody | undefined;
    const email = field(body, 'email');
    const next = safeNext(field(body, 'next'));
    const cookie = request.cookies[loginCsrfCookie(ctx)];
    if (cookie === undefined || !tokensMatch(field(body, 'csrf_token'), cookie)) {
      return forbidden(ctx, request, reply, 'CSRF verification failed. Reload the login page and try again.');
    }
    const key = { email: normaliseEmail(email), clientAddress: request.ip };
    try {
      await ctx.throttle.check(key, request.abortSignal);
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      void reply.header('retry-after', String(err.retryAfterSeconds));
      return renderLogin(ctx, request, reply, 429, email, next, 'Too many failed login attempts. Try again later.');
    }
    const userId = await ctx.users.verifyCredentials(email, field(body, 'password'), request.abortSignal);
    const user = userId === null ? null : await ctx.users.getById(userId, request.abortSignal);
    if (user === null || !user.is_staff) {
      // A non-staff account counts as a failure too, so the form cannot be used to probe passwords.
      await ctx.throttle.recordFailure(key, request.abortSignal);
      return renderLogin(ctx, request, reply, 401, email, next, BAD_LOGIN);
    }
    // Rotation: whatever session the browser had is ended; the new one has a new id and CSRF token.
    const old = request.cookies[ctx.settings.cookieName];
    if (old !== undefined) await ctx.sessions.destroy(old, request.abortSignal);
    const token = await ctx.sessions.create(user.id, request.abortSignal);
    void reply.setCookie(ctx.settings.cookieName, token, cookieOptions(ctx, ctx.settings.absoluteSeconds));
    void reply.clearCookie(loginCsrfCookie(ctx), cookieOptions(ctx));
    return reply.redirect(next, 303);
  });

  app.post('/logout', async (request, reply) => {
    const token = request.cookies[ctx.settings.cookieName];
    if (token !== undefined && optionalSessionOf(request) !== undefined) await ctx.sessions.destroy(token, request.abortSignal);
    void reply.clearCookie(ctx.settings.cookieName, cookieOptions(ctx));
    return reply.redirect(`${ADMIN_PREFIX}/login`, 303);
  });
}
