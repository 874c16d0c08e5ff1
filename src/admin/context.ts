// What the admin's routes share: their dependencies, the signed-in session of a request, and
// small helpers to answer with an HTML page.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { Clock } from '../platform/clock.ts';
import type { Db } from '../platform/db/db.ts';
import type { LoginThrottle } from '../features/users/login-throttle.ts';
import type { UserService } from '../features/users/user.service.ts';
import type { SafeHtml } from './html.ts';
import type { AdminRegistry } from './registry.ts';
import type { AdminSession, AdminSessions } from './sessions.ts';
import { layout, type LayoutOptions, type NavItem } from './views/layout.ts';

export interface AdminSettings {
  production: boolean;
  /** `__Host-ledgerline_admin` in production (Secure, Path=/, no Domain), else `ledgerline_admin`. */
  cookieName: string;
  idleSeconds: number;
  absoluteSeconds: number;
}

export interface AdminDeps {
  settings: AdminSettings;
  /** The pool: the admin opens one transaction per change (the change and its audit row). */
  db: Db;
  clock: Clock;
  registry: AdminRegistry;
  users: UserService;
  throttle: LoginThrottle;
  /** Built in the composition root: password resets end a user's sessions through it too. */
  sessions: AdminSessions;
  /** Pages that are not registered models (jobs, e-mail outbox), listed after the models. */
  pages?: readonly AdminPage[];
}

/**
 * A page of its own under /admin/<name>/ (not a row-per-object table of the registry): it adds
 * its routes to the admin's context, behind the same session guard, CSRF check and layout.
 */
export interface AdminPage extends NavItem {
  routes(app: FastifyInstance, ctx: AdminContext): void;
}

export type AdminContext = AdminDeps;

const sessionsByRequest = new WeakMap<FastifyRequest, AdminSession>();

export function setSession(request: FastifyRequest, session: AdminSession): void {
  sessionsByRequest.set(request, session);
}

/** The request's staff session; the auth hook guarantees one on every non-public route. */
export function sessionOf(request: FastifyRequest): AdminSession {
  const s = sessionsByRequest.get(request);
  if (s === undefined) throw new Error('admin route reached without a session');
  return s;
}

export function optionalSessionOf(request: FastifyRequest): AdminSession | undefined {
  return sessionsByRequest.get(request);
}

/** Sends a complete page; HTML responses are never cached (they carry CSRF tokens and data). */
export function sendPage(reply: FastifyReply, status: number, options: LayoutOptions, content: SafeHtml): FastifyReply {
  return reply.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(layout(options, content));
}

/** The layout options of a signed-in page: navigation of every model, then the other pages. */
export function pageOptions(ctx: AdminContext, request: FastifyRequest, title: string, extra: Partial<LayoutOptions> = {}): LayoutOptions {
  return {
    title,
    session: optionalSessionOf(request),
    nav: [...ctx.registry.models, ...(ctx.pages ?? [])].map((m) => ({ name: m.name, labelPlural: m.labelPlural })),
    ...extra,
  };
}

/** Form bodies (application/x-www-form-urlencoded) as parsed by the admin's own parser. */
export type FormBody = Readonly<Record<string, string | string[] | undefined>>;

export function field(body: FormBody | undefined, name: string): string {
  const v = body?.[name];
  return (Array.isArray(v) ? v[0] : v) ?? '';
}

export function fieldList(body: FormBody | undefined, name: string): string[] {
  const v = body?.[name];
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** The admin's settings from the configuration. */
export function adminSettings(config: Pick<Config, 'appEnv' | 'adminCookieName' | 'adminSessionIdleSeconds' | 'adminSessionAbsoluteSeconds'>): AdminSettings {
  return {
    production: config.appEnv === 'production',
    cookieName: config.adminCookieName,
    idleSeconds: config.adminSessionIdleSeconds,
    absoluteSeconds: config.adminSessionAbsoluteSeconds,
  };
}
