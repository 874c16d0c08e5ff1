// Adversarial input, generated from the live OpenAPI document: for every operation, valid requests
// built from its schemas and invalid ones (wrong types, bounds, huge and exotic strings, missing and
// extra fields, malformed JSON, wrong content types, bad ids, queries and credentials), under a fixed
// seed. Whatever is sent: never a 5xx; every error a problem document; nothing internal in any
// answer; a valid request never refused for its shape; another user's objects never reached.
// Then mass assignment: fields that are not an operation's input never reach the database.
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR } from '../../src/main.ts';
import { startTestApp } from '../support/app.ts';
import { leakScanner, migrationIdentifiers, problemShapeErrors } from '../support/fuzz/leaks.ts';
import { operationsOf, resourceOf, urlOf, type Operation } from '../support/fuzz/operations.ts';
import { adversarialCase, validCase, type CaseContext, type FuzzCase } from '../support/fuzz/requests.ts';
import { emailAddress, validValue, type JsonSchema } from '../support/fuzz/schema-arbitrary.ts';
import { serverValidators } from '../support/fuzz/schema-validator.ts';
import { buildWorld, type OwnedIds } from './world.ts';

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any -- responses are asserted on
const SEED = 42;
const VALID_RUNS = 100;
const ADVERSARIAL_RUNS = 200;
const MASS_ASSIGNMENT_RUNS = 25;
/**
 * Fewer valid runs where each valid request waits out a deliberate delay: a password reset
 * request is padded to a 200 ms floor so that its timing does not tell whether an account exists.
 */
const SLOW_RUNS: Record<string, number> = { 'POST /api/v1/auth/password-reset': 40 };
const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const signal = () => new AbortController().signal;

const t = await startTestApp();
const world = await buildWorld(t);
const document = (await t.request('GET', '/openapi.json')).body;
// Destructive operations last, so that the others still find the objects they are given.
const operations = operationsOf(document).sort((a, b) => Number(a.method === 'DELETE') - Number(b.method === 'DELETE'));
const validators = serverValidators();
const scanner = leakScanner(migrationIdentifiers(path.resolve(MIGRATIONS_DIR)));
afterAll(async () => t.close());

/** A real next-page cursor of each list, so that valid requests also walk past the first page. */
const cursors = new Map<string, string>();
for (const op of operations.filter((o) => o.method === 'GET' && o.querySchema?.properties?.['cursor'] !== undefined)) {
  const res = await t.request('GET', `${op.path}?limit=1`, { token: world.owner.token });
  if (typeof res.body?.next_cursor === 'string') cursors.set(op.key, res.body.next_cursor);
}

/** Answers the contract fixes for every valid request, whatever it holds. */
const ALWAYS: Record<string, number> = {
  // 202 always: the answer must not tell whether the address has an account.
  'POST /api/v1/auth/password-reset': 202,
};

/** Owner-scoped resources: the objects of another user must be invisible (404, or 422 as input). */
const OWNED: Record<string, keyof OwnedIds> = { customers: 'customers', invoices: 'invoices', orders: 'orders' };

function pathValues(op: Operation): CaseContext['pathValue'] {
  const resource = resourceOf(op);
  return () => {
    const owned = OWNED[resource];
    if (owned !== undefined) return fc.constantFrom(...world.mine[owned], ...world.theirs[owned]);
    if (resource === 'products') return fc.constantFrom(...world.products);
    if (resource === 'users') return fc.constantFrom(world.owner.id, world.other.id);
    return undefined;
  };
}

/** Inputs the owner can really use, beside whatever the schema allows. */
function bodyOverride(): CaseContext['override'] {
  const mixed = (own: fc.Arbitrary<unknown>, schema: JsonSchema) => fc.oneof({ arbitrary: own, weight: 3 }, { arbitrary: validValue(schema), weight: 1 });
  return (at, schema) => {
    const name = at[at.length - 1];
    switch (name) {
      case 'customer_id':
        return mixed(fc.constantFrom(...world.mine.customers, ...world.theirs.customers), schema);
      case 'product_id':
        return mixed(fc.constantFrom(...world.products), schema);
      case 'category_id':
        return mixed(fc.constantFrom(...world.categories), schema);
      case 'email':
        // Free-text e-mail fields (sign-up, login, reset): mostly addresses, the owner's now and then.
        return schema.type === 'string' && schema.format === undefined
          ? mixed(fc.oneof(emailAddress, fc.constant(world.owner.email)), schema)
          : undefined;
      case 'password':
        return mixed(fc.oneof(fc.string({ minLength: 12, maxLength: 40 }), fc.constant(world.owner.password)), schema);
      case 'slug':
        return mixed(fc.stringMatching(/^[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,3}$/), schema);
      default:
        return undefined;
    }
  };
}

function contextOf(op: Operation): CaseContext {
  const idempotent = op.method === 'POST' && ['/api/v1/orders', '/api/v1/invoices', '/api/v1/users/{id}/balance-adjustments'].includes(op.path);
  return {
    op,
    validators,
    pathValue: pathValues(op),
    override: bodyOverride(),
    queryOverride: (at, schema) => {
      const mixed = (own: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: own, weight: 3 }, { arbitrary: validValue(schema), weight: 1 });
      const cursor = cursors.get(op.key);
      if (at.join('.') === 'cursor' && cursor !== undefined) return mixed(fc.constant(cursor));
      if (at.join('.') === 'customer_id') return mixed(fc.constantFrom(...world.mine.customers, ...world.theirs.customers));
      return undefined;
    },
    headers: idempotent ? { 'idempotency-key': fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/) } : {},
  };
}

/** The token a request authenticates with: staff for staff-only routes, else the owner's. */
async function tokenFor(op: Operation): Promise<string> {
  // Logging out revokes the token used: give each request its own.
  if (op.key === 'DELETE /api/v1/auth/tokens/current') return (await t.services.tokens.issue(world.owner.id, signal())).token;
  return op.staffOnly ? world.staff.token : world.owner.token;
}

/** Refused for its shape: Fastify's validation (400 on parameters, 422 with Ajv's messages on the body), or its parsers. */
function schemaRejection(status: number, body: Json): boolean {
  if (status === 415 || status === 413) return true;
  if (status === 400) return body?.type === '/problems/malformed-json' || /^Invalid (params|querystring|headers) parameter\.$/.test(String(body?.detail));
  if (status === 422 && Array.isArray(body?.errors)) return body.errors.some((e: { message?: string }) => /^must /.test(String(e.message)) || e.message === 'This field is required.');
  return false;
}

function idIn(c: FuzzCase, name: string): number | undefined {
  const raw = c.segments[name];
  return raw !== undefined && /^[0-9]+$/.test(raw) ? Number(raw) : undefined;
}

/** Another user's customers, invoices or orders in an answer to the owner (a list filtered by their ids included). */
function othersDataIn(op: Operation, body: Json): string[] {
  const owned = OWNED[resourceOf(op)];
  const items: Json[] =
    resourceOf(op) === 'dashboard' ? (body?.invoices ?? []) : owned === undefined ? [] : Array.isArray(body?.data) ? body.data : [body];
  const kind = resourceOf(op) === 'dashboard' ? 'invoices' : owned;
  if (kind === undefined) return [];
  return items.flatMap((item: Json) => {
    const found: string[] = [];
    if (world.theirs[kind].includes(item?.id)) found.push(`another user's ${kind} ${item.id} shown`);
    if (item?.customer_id !== undefined && world.theirs.customers.includes(item.customer_id)) found.push(`another user's customer ${item.customer_id} shown`);
    return found;
  });
}

/** Everything that must hold for any request; the list of what did not. */
function violations(op: Operation, c: FuzzCase, status: number, headers: Record<string, unknown>, text: string): string[] {
  const out: string[] = [];
  let body: Json;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  if (status >= 500) out.push(`a ${status}`);
  out.push(...problemShapeErrors(status, headers['content-type'] as string | undefined, body));
  const sent = [...c.sent, ...(c.payload === undefined ? [] : [c.payload])];
  // A success shows data earlier requests stored (a customer called "SELECT 1"): only code-level
  // internals are looked for there; an error is checked for everything.
  const leaks = scanner.scan(text, sent).filter((l) => status >= 400 || /^(stack frame|file path|source location|framework error)/.test(l));
  if (leaks.length > 0) out.push(`leaks ${leaks.join(', ')}`);
  if (c.expect !== undefined && !c.expect.includes(status)) out.push(`expected ${c.expect.join(' or ')}, got ${status}`);
  if (c.valid && schemaRejection(status, body)) out.push(`a valid request was refused for its shape (${status})`);
  // Text PostgreSQL cannot store is a field error in a body (422), a 400 only in a parameter.
  const nulInParameters = [c.query, ...Object.values(c.segments)].some((p) => /%00/.test(p));
  if (c.valid && status === 400 && /NUL/.test(String(body?.detail)) && !nulInParameters) out.push('NUL in a body field answered 400, not a field error');
  const requestId = String(headers['x-request-id'] ?? '');
  if (!REQUEST_ID.test(requestId)) out.push(`x-request-id ${JSON.stringify(requestId)}`);
  const inbound = c.headers['x-request-id'];
  if (inbound !== undefined && REQUEST_ID.test(inbound) && requestId !== inbound) out.push(`x-request-id ${inbound} not echoed`);
  const always = ALWAYS[op.key];
  if (c.valid && always !== undefined && status !== always) out.push(`expected ${always} always, got ${status}`);
  const owned = OWNED[resourceOf(op)];
  if (c.valid && owned !== undefined && op.pathParams.includes('id')) {
    const id = idIn(c, 'id');
    // Field errors come before the look-up, whoever owns the id: they tell nothing about it.
    const hidden = status === 404 || (status === 422 && body?.type === '/problems/validation');
    if (id !== undefined && world.theirs[owned].includes(id) && !hidden) out.push(`another user's ${owned} ${id} answered ${status}`);
  }
  const customerId = (c.body as { customer_id?: unknown } | undefined)?.customer_id;
  if (c.valid && typeof customerId === 'number' && world.theirs.customers.includes(customerId) && status !== 422) {
    out.push(`another user's customer ${customerId} as input answered ${status}`);
  }
  if (status < 300) out.push(...othersDataIn(op, body));
  return out;
}

async function send(op: Operation, c: FuzzCase) {
  const headers: Record<string, string> = { ...c.headers };
  headers['authorization'] = c.authorization ?? `Bearer ${await tokenFor(op)}`;
  const res = await t.app.inject({
    method: op.method as 'GET',
    url: urlOf(op, c.segments, c.query),
    headers,
    ...(c.payload === undefined ? {} : { payload: c.payload }),
  });
  return { status: res.statusCode, headers: res.headers, text: res.body };
}

async function holds(op: Operation, c: FuzzCase): Promise<void> {
  const res = await send(op, c);
  const failed = violations(op, c, res.status, res.headers, res.text);
  if (failed.length > 0) {
    throw new Error(`${op.key} (${c.kind}): ${failed.join('; ')}\nresponse: ${res.text.slice(0, 500)}`);
  }
}

describe('every operation of /openapi.json, fuzzed', () => {
  it('finds the whole API in the document', () => {
    expect(operations.length).toBeGreaterThan(25);
    expect(operations.some((op) => op.bodySchema !== undefined && op.pathParams.length > 0)).toBe(true);
  });

  for (const op of operations) {
    const validRuns = SLOW_RUNS[op.key] ?? VALID_RUNS;
    it(`${op.key}: ${validRuns} valid and ${ADVERSARIAL_RUNS} adversarial requests, no 5xx and nothing leaked`, { timeout: 120_000 }, async () => {
      const ctx = contextOf(op);
      await fc.assert(fc.asyncProperty(validCase(ctx), (c) => holds(op, c)), { seed: SEED, numRuns: validRuns });
      await fc.assert(fc.asyncProperty(adversarialCase(ctx), (c) => holds(op, c)), { seed: SEED, numRuns: ADVERSARIAL_RUNS });
    });
  }
});

// ---- mass assignment -------------------------------------------------------------------------

const SENTINEL_TIME = '2001-02-03T04:05:06.000Z';
const SENTINEL_NUMBER = 999_999_937;

interface Column {
  table_name: string;
  column_name: string;
  data_type: string;
}

const { rows: columns } = await t.database.admin.query<Column>(
  `SELECT c.table_name, c.column_name, c.data_type
     FROM information_schema.columns c
     JOIN information_schema.tables t USING (table_schema, table_name)
    WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
    ORDER BY c.table_name, c.ordinal_position`,
);
const tables = [...new Set(columns.map((c) => c.table_name))];

/**
 * The value a client would send to take over a column: values no request could produce by
 * itself (another user's ids, a staff flag, a date in 2001), so finding one stored proves it
 * came from the request.
 */
function sentinel(column: string, dataType: string): unknown {
  if (column === 'id') return 987_654_321;
  if (['owner_id', 'user_id', 'created_by', 'actor_id'].includes(column)) return world.other.id;
  if (column === 'customer_id') return world.theirs.customers[0];
  if (column === 'order_id') return world.theirs.orders[0];
  if (column.endsWith('_id')) return 987_654_321;
  if (column.endsWith('_cents')) return SENTINEL_NUMBER;
  if (column === 'is_active') return false;
  if (column === 'status') return 'void';
  if (column === 'currency') return 'GBP';
  if (column === 'kind') return 'refund';
  if (dataType.startsWith('timestamp')) return SENTINEL_TIME;
  if (dataType === 'boolean') return true;
  if (['integer', 'bigint', 'smallint', 'numeric'].includes(dataType)) return SENTINEL_NUMBER;
  if (dataType === 'text' || dataType === 'character varying') return 'mass-assigned';
  return undefined;
}

/** Every column name of the schema that is not one of `inputs`, with its sentinel. */
function extrasFor(inputs: Set<string>): Record<string, unknown> {
  const extras: Record<string, unknown> = {};
  for (const c of columns) {
    const value = sentinel(c.column_name, c.data_type);
    if (!inputs.has(c.column_name) && !(c.column_name in extras) && value !== undefined) extras[c.column_name] = value;
  }
  return extras;
}

/** `value` with the extras added to every object the schema describes (nested items included). */
function withExtras(value: unknown, schema: JsonSchema | undefined): unknown {
  if (schema === undefined) return value;
  if (Array.isArray(value)) return value.map((v) => withExtras(v, schema.items));
  if (typeof value !== 'object' || value === null) return value;
  const props = schema.properties ?? {};
  const own = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withExtras(v, props[k])]));
  return { ...extrasFor(new Set(Object.keys(props))), ...own };
}

/** Every extra that `withExtras` adds somewhere in a body of this schema, by column name. */
function extrasIn(schema: JsonSchema | undefined): Record<string, unknown> {
  if (schema === undefined) return {};
  if (schema.type === 'array') return extrasIn(schema.items);
  if (schema.type !== 'object') return {};
  const props = schema.properties ?? {};
  return Object.assign(extrasFor(new Set(Object.keys(props))), ...Object.values(props).map(extrasIn));
}

function same(stored: unknown, sent: unknown): boolean {
  if (sent === SENTINEL_TIME) return typeof stored === 'string' && Date.parse(stored) === Date.parse(SENTINEL_TIME);
  if (typeof sent === 'number') return stored !== null && Number(stored) === sent;
  return stored === sent;
}

/** Rows inserted or updated since `xid` (their xmin is newer), in every table of the schema. */
async function touchedSince(xid: number): Promise<{ table: string; row: Record<string, unknown> }[]> {
  const sql = tables.map((name) => `SELECT '${name}' AS table, to_jsonb(x) AS row FROM ${name} x WHERE x.xmin::text::bigint > $1`).join(' UNION ALL ');
  return (await t.database.admin.query<{ table: string; row: Record<string, unknown> }>(sql, [xid])).rows;
}

async function currentXid(): Promise<number> {
  const { rows } = await t.database.admin.query<{ xid: string }>('SELECT txid_current() % 4294967296 AS xid');
  return Number(rows[0]!.xid);
}

describe('mass assignment: fields that are not an operation\'s input never reach the database', () => {
  const writes = operations.filter((op) => op.bodySchema !== undefined && ['POST', 'PUT', 'PATCH'].includes(op.method));

  it('covers every write operation with a body', () => {
    expect(writes.map((op) => op.key)).toEqual(expect.arrayContaining(['POST /api/v1/orders', 'PATCH /api/v1/customers/{id}', 'POST /api/v1/users']));
  });

  for (const op of writes) {
    const runs = op.key in SLOW_RUNS ? 10 : MASS_ASSIGNMENT_RUNS;
    it(`${op.key}: ${runs} valid bodies with every other column name added`, { timeout: 60_000 }, async () => {
      const ctx: CaseContext = {
        ...contextOf(op),
        // The owner's own objects only: the sentinels name the other user, who must stay untouched.
        pathValue: () => {
          const owned = OWNED[resourceOf(op)];
          if (owned !== undefined) return fc.constantFrom(...world.mine[owned]);
          if (resourceOf(op) === 'users') return fc.constant(world.owner.id);
          if (resourceOf(op) === 'products') return fc.constantFrom(...world.products);
          return undefined;
        },
        headers: {},
      };
      const extras = extrasIn(op.bodySchema);
      const seen = { successes: 0, touched: 0 };
      await fc.assert(
        fc.asyncProperty(validCase(ctx), async (c) => {
          const body = withExtras(c.body, op.bodySchema);
          const xid = await currentXid();
          const res = await send(op, { ...c, payload: JSON.stringify(body) });
          expect(res.status, res.text).toBeLessThan(500);
          const written: string[] = [];
          const touched = await touchedSince(xid);
          if (res.status < 300) seen.successes += 1;
          seen.touched += touched.length;
          for (const { table, row } of touched) {
            for (const [column, stored] of Object.entries(row)) {
              if (!(column in extras) || !same(stored, extras[column])) continue;
              if (table === 'users' && column === 'is_staff' && row['id'] === world.staff.id) continue;
              written.push(`${table}.${column} = ${JSON.stringify(stored)}`);
            }
          }
          if (written.length > 0) throw new Error(`${op.key} answered ${res.status} and wrote ${written.join(', ')}`);
        }),
        // Another seed than the fuzzing above: the same bodies again would only be duplicates.
        { seed: SEED + 1, numRuns: runs },
      );
      // The check looked at something: successful writes showed up as touched rows.
      if (seen.successes > 0) expect(seen.touched).toBeGreaterThan(0);
    });
  }
});
