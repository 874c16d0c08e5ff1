import { describe, expect, it } from 'vitest';
import { parseRouteTree, tidyRoutes } from './routes.ts';

// The shape of Fastify's printRoutes({ commonPrefix: false }), as of Fastify 5.
const TREE = [
  '├── /healthz (GET, HEAD)',
  '├── /api/v1/invoices (GET, HEAD, POST)',
  '│   └── /:id (GET, HEAD)',
  '│       ├── /mark-paid (POST)',
  '│       └── /void (POST)',
  '├── /api/v1/customers/:id (DELETE)',
  '└── /api/v1/me (GET, HEAD)',
  '',
].join('\n');

describe('routes › parseRouteTree', () => {
  it('rebuilds full URLs from the indented tree, one entry per method', () => {
    expect(parseRouteTree(TREE)).toContainEqual({ method: 'POST', url: '/api/v1/invoices/:id/void' });
    expect(parseRouteTree(TREE)).toHaveLength(12);
  });

  it('tidyRoutes drops the implicit HEAD of every GET and sorts by URL', () => {
    expect(tidyRoutes(parseRouteTree(TREE)).map((r) => `${r.method} ${r.url}`)).toEqual([
      'DELETE /api/v1/customers/:id',
      'GET /api/v1/invoices',
      'POST /api/v1/invoices',
      'GET /api/v1/invoices/:id',
      'POST /api/v1/invoices/:id/mark-paid',
      'POST /api/v1/invoices/:id/void',
      'GET /api/v1/me',
      'GET /healthz',
    ]);
  });
});
