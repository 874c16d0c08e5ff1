// Acceptance: a client generated from /openapi.json type-checks the calls a real integration makes.
// openapi-typescript turns the served document into TypeScript types, a small openapi-fetch client
// uses them (list invoices, place an order, read /me, handle a problem response), and the
// TypeScript compiler checks it strictly. A second script with a misspelt field must fail the
// check, so the test would notice a document too loose to catch client mistakes.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

const require = createRequire(import.meta.url);

/** The client as an integrator would write it against the generated `paths`. */
const CLIENT = `
import createClient from 'openapi-fetch';
import type { paths } from './ledgerline-api.ts';

/** What every 4xx/5xx carries (application/problem+json), as documented for placing an order. */
type Problem = paths['/api/v1/orders']['post']['responses']['4XX']['content']['application/problem+json'];

const describeProblem = (problem: Problem): string => \`\${problem.status} \${problem.title}: \${problem.detail}\`;

const client = createClient<paths>({ baseUrl: 'https://ledgerline.example.com', headers: { authorization: 'Bearer token' } });

export async function integration(productId: number): Promise<string[]> {
  const lines: string[] = [];

  const invoices = await client.GET('/api/v1/invoices', { params: { query: { status: 'open', limit: 20 } } });
  if (invoices.error !== undefined) return [describeProblem(invoices.error)];
  const outstanding: number = invoices.data.data.reduce((sum, invoice) => sum + invoice.amount_cents, 0);
  const cursor: string | null = invoices.data.next_cursor;
  lines.push(\`\${outstanding} outstanding, more: \${cursor !== null}\`);

  const order = await client.POST('/api/v1/orders', {
    body: { items: [{ product_id: productId, qty: 2 }], payment_method: 'card' },
  });
  if (order.error !== undefined) {
    const problem: Problem = order.error;
    return [...lines, describeProblem(problem), ...(problem.errors ?? []).map((e) => \`\${e.field}: \${e.message}\`)];
  }
  const status: 'pending' | 'paid' | 'payment_failed' | 'cancelled' = order.data.status;
  const paidWith: 'balance' | 'card' = order.data.payment_method;
  lines.push(\`order \${order.data.id}: \${status} by \${paidWith}, \${order.data.total_cents} \${order.data.currency}\`);

  const me = await client.GET('/api/v1/me');
  if (me.data !== undefined) {
    const email: string = me.data.email;
    const balance: number = me.data.balance_cents;
    const staff: boolean = me.data.is_staff;
    lines.push(\`\${email}: \${balance}\${staff ? ' (staff)' : ''}\`);
  }
  return lines;
}
`;

/** The same client with one mistake: a field name the API does not have. */
const MISTAKEN_CLIENT = CLIENT.replace('order.data.total_cents', 'order.data.totalCents');

const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  allowImportingTsExtensions: true,
  // fetch, Request and Response: openapi-fetch's types are those of the web platform.
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
  types: [],
  skipLibCheck: true,
  // The scripts live in a temporary directory, outside this project's node_modules.
  paths: { 'openapi-fetch': [path.join(path.dirname(require.resolve('openapi-fetch')), 'index.d.mts')] },
};

let t: TestApp;
let dir: string;
beforeAll(async () => {
  t = await startTestApp();
  dir = await mkdtemp(path.join(tmpdir(), 'ledgerline-client-'));
});
afterAll(async () => {
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

/** Type-checks `source` as client.ts next to the generated types; the diagnostics as text. */
function typeCheck(source: string, fileName: string, reuse?: ts.Program): { program: ts.Program; diagnostics: string[] } {
  const file = path.join(dir, fileName);
  ts.sys.writeFile(file, source);
  const program = ts.createProgram({ rootNames: [file], options: COMPILER_OPTIONS, ...(reuse === undefined ? {} : { oldProgram: reuse }) });
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  return { program, diagnostics };
}

describe('a client generated from /openapi.json', () => {
  it('type-checks strictly when it uses the API as documented, and fails on a wrong field name', async () => {
    const res = await t.request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    const types = COMMENT_HEADER + astToString(await openapiTS(res.body, { silent: true }));
    await writeFile(path.join(dir, 'ledgerline-api.ts'), types);
    expect(types).toContain('"/api/v1/orders"');

    const good = typeCheck(CLIENT, 'client.ts');
    expect(good.diagnostics).toEqual([]);

    const wrong = typeCheck(MISTAKEN_CLIENT, 'mistaken-client.ts', good.program);
    expect(wrong.diagnostics).toEqual([expect.stringContaining("Property 'totalCents' does not exist")]);
  }, 30_000);
});
