// `routes`: every route of the HTTP app, built exactly as `web` builds it, without listening.
import { buildWebApp } from '../main.ts';
import { config, print, quietLogger, type Command } from './command.ts';

export interface RouteEntry {
  method: string;
  url: string;
}

const TREE_LINE = /^((?:│ {3}| {4})*)(?:├── |└── )(.+?)(?: \(([A-Z, ]+)\))?$/;

/**
 * Fastify lists routes only as a tree (`printRoutes({ commonPrefix: false })`): each line is a path
 * segment under its parent, indented four columns per level, with its methods in parentheses.
 * Joining the segments along the indentation gives back the full URLs.
 */
export function parseRouteTree(tree: string): RouteEntry[] {
  const stack: string[] = [];
  const out: RouteEntry[] = [];
  for (const line of tree.split('\n')) {
    const match = TREE_LINE.exec(line);
    if (!match) continue;
    const [, indent, segment, methods] = match as unknown as [string, string, string, string | undefined];
    const depth = indent.length / 4;
    stack.length = depth;
    stack.push(segment);
    if (methods === undefined) continue;
    const url = stack.join('');
    for (const method of methods.split(', ')) out.push({ method, url });
  }
  return out;
}

const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** Sorted by URL then method; Fastify's implicit HEAD for every GET is left out. */
export function tidyRoutes(routes: RouteEntry[]): RouteEntry[] {
  const gets = new Set(routes.filter((r) => r.method === 'GET').map((r) => r.url));
  const rank = (m: string) => (METHOD_ORDER.includes(m) ? METHOD_ORDER.indexOf(m) : METHOD_ORDER.length);
  return routes
    .filter((r) => !(r.method === 'HEAD' && gets.has(r.url)))
    .sort((a, b) => a.url.localeCompare(b.url) || rank(a.method) - rank(b.method));
}

// The pool connects lazily and nothing queries while routes are registered, so listing routes
// needs no database server; an unreachable placeholder URL keeps it from starting one.
const NO_DATABASE = 'postgres://ledgerline-routes@127.0.0.1:1/none';

export const routesCommand: Command = {
  name: 'routes',
  summary: 'print the method and URL of every route (HEAD is served wherever GET is)',
  async run(_flags, _positionals, ctx) {
    const cfg = config(ctx);
    const { app } = await buildWebApp(cfg, quietLogger(cfg), cfg.databaseUrl ?? NO_DATABASE);
    try {
      await app.ready();
      const routes = tidyRoutes(parseRouteTree(app.printRoutes({ commonPrefix: false })));
      // One `METHOD URL` per line and nothing else, so the output can be piped to grep or awk.
      for (const r of routes) print(ctx.io.stdout, `${r.method.padEnd(7)} ${r.url}`);
      return 0;
    } finally {
      await app.close();
    }
  },
};
