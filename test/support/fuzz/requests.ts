// Requests for one operation, as fast-check arbitraries: valid ones built from its schemas, and
// adversarial ones (invalid values, malformed JSON, wrong content types, bad ids and queries,
// bad credentials, oversized bodies). Each case says which statuses the contract fixes for it,
// when it fixes any, so a test asserts only what it can prove.
import fc from 'fast-check';
import type { Operation } from './operations.ts';
import { NASTY_STRINGS, invalidValue, validValue, type ArbitraryOptions, type JsonSchema } from './schema-arbitrary.ts';
import type { ServerValidators } from './schema-validator.ts';
import { BAD_AUTHORIZATION, BAD_QUERIES, BAD_SEGMENTS, MALFORMED_JSON, NON_JSON_TYPES, ODD_JSON, ODD_JSON_TYPES } from './hostile-inputs.ts';
import { stringsIn } from './leaks.ts';

export interface FuzzCase {
  /** What kind of request this is (shown when a property fails). */
  kind: string;
  /** Raw, already encoded path segments by parameter name. */
  segments: Record<string, string>;
  /** Raw query string, without `?`. */
  query: string;
  headers: Record<string, string>;
  payload?: string;
  /** Every part satisfies the operation's schemas: the server must not refuse it for its shape. */
  valid: boolean;
  /** Statuses the contract fixes for this case; undefined: any status below 500. */
  expect?: number[];
  /** How the request authenticates: as the operation's principal, or with this header value. */
  authorization?: string;
  /** Strings sent, which a response may rightly echo. */
  sent: string[];
  /** The decoded body, when it was JSON. */
  body?: unknown;
}

export interface CaseContext {
  op: Operation;
  validators: ServerValidators;
  /** Path parameter values the principal may really use (its own ids, say), beside the schema's. */
  pathValue?: (name: string) => fc.Arbitrary<number | string> | undefined;
  /** Body overrides by property path (ids the principal owns, passwords that pass the policy…). */
  override?: ArbitraryOptions['override'];
  /** Query parameter overrides by name (e.g. cursors the server really issued). */
  queryOverride?: ArbitraryOptions['override'];
  /** Request headers the operation understands, with valid values (e.g. Idempotency-Key). */
  headers?: Record<string, fc.Arbitrary<string>>;
}

const JSON_TYPE = { 'content-type': 'application/json' };
export const BODY_LIMIT = 1024 * 1024;
const hasBody = (method: string) => method !== 'GET' && method !== 'HEAD';

/** Percent-encodes text as a URL component; lone surrogates become U+FFFD, as browsers send them. */
export const encode = (s: string): string =>
  encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'));

function toParam(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(toParam);
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null) return [JSON.stringify(value)];
  return [String(value)];
}

/** `a=1&b=x` from an object of parameter values (arrays repeat the key). */
export function encodeQuery(params: Record<string, unknown>): string {
  return Object.entries(params)
    .flatMap(([k, v]) => toParam(v).map((s) => `${encode(k)}=${encode(s)}`))
    .join('&');
}

/** The parameters a server decodes from a query string (a repeated key becomes an array). */
export function decodeQuery(query: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of new URLSearchParams(query)) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

// ---- valid requests --------------------------------------------------------------------------

function validSegments(ctx: CaseContext): fc.Arbitrary<Record<string, string>> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const name of ctx.op.pathParams) {
    const schema = ctx.op.paramsSchema?.properties?.[name] ?? { type: 'string', minLength: 1 };
    const own = ctx.pathValue?.(name);
    const fromSchema = validValue(schema).map((v) => encode(String(v)));
    model[name] = own === undefined ? fromSchema : fc.oneof({ arbitrary: own.map((v) => encode(String(v))), weight: 3 }, { arbitrary: fromSchema, weight: 1 });
  }
  return fc.record(model);
}

function validQuery(ctx: CaseContext): fc.Arbitrary<string> {
  if (ctx.op.querySchema === undefined) return fc.constant('');
  return validValue(ctx.op.querySchema, { override: ctx.queryOverride }).map((params) => encodeQuery(params as Record<string, unknown>));
}

function validHeaders(ctx: CaseContext): fc.Arbitrary<Record<string, string>> {
  const model: Record<string, fc.Arbitrary<string>> = {};
  for (const [name, value] of Object.entries(ctx.headers ?? {})) model[name] = value;
  return fc.record(model, { requiredKeys: [] }) as fc.Arbitrary<Record<string, string>>;
}

function validBody(ctx: CaseContext): fc.Arbitrary<unknown> | undefined {
  return ctx.op.bodySchema === undefined ? undefined : validValue(ctx.op.bodySchema, { override: ctx.override });
}

interface Parts {
  segments: Record<string, string>;
  query: string;
  headers: Record<string, string>;
  body: unknown;
}

function validParts(ctx: CaseContext): fc.Arbitrary<Parts> {
  return fc.record({
    segments: validSegments(ctx),
    query: validQuery(ctx),
    headers: validHeaders(ctx),
    body: validBody(ctx) ?? fc.constant(undefined),
  });
}

function sentOf(parts: { segments: Record<string, string>; query: string; headers: Record<string, string>; body?: unknown }): string[] {
  const decoded = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  return [
    ...Object.values(parts.segments).map(decoded),
    ...stringsIn(decodeQuery(parts.query)),
    ...Object.values(parts.headers),
    ...stringsIn(parts.body),
  ];
}

function jsonCase(kind: string, parts: Parts, extra: Partial<FuzzCase> = {}): FuzzCase {
  const withBody = parts.body !== undefined;
  return {
    kind,
    segments: parts.segments,
    query: parts.query,
    headers: { ...parts.headers, ...(withBody ? JSON_TYPE : {}) },
    ...(withBody ? { payload: JSON.stringify(parts.body), body: parts.body } : {}),
    valid: true,
    sent: sentOf(parts),
    ...extra,
  };
}

/** Requests that satisfy every schema of the operation. */
export function validCase(ctx: CaseContext): fc.Arbitrary<FuzzCase> {
  return validParts(ctx).map((parts) => jsonCase('valid', parts));
}

// ---- adversarial requests ----------------------------------------------------------------------

/** Any of the strings, as a JSON value of any type. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue(), fc.constantFrom(...NASTY_STRINGS), fc.constantFrom(-1, 0, 1e308, -1e308, 2 ** 63, 0.1));

function bodyCases(ctx: CaseContext): fc.Arbitrary<FuzzCase>[] {
  const { op, validators } = ctx;
  const out: fc.Arbitrary<FuzzCase>[] = [];
  const valid = validParts(ctx);
  if (op.bodySchema !== undefined) {
    // Proven invalid by the server's own validator settings: a 422 with field errors, or a 413
    // when the bad value is too big to read.
    out.push(
      fc.tuple(valid, invalidValue(op.bodySchema, { override: ctx.override }, validators)).map(([parts, body]) => {
        const c = jsonCase('invalid body', { ...parts, body }, { valid: false });
        return { ...c, expect: Buffer.byteLength(c.payload ?? '') > BODY_LIMIT ? [413] : [422] };
      }),
    );
    // Unknown properties (at the top and in nested objects): dropped or ignored, never refused
    // and never written (the mass-assignment test checks the database).
    out.push(
      fc.tuple(valid, fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('id', 'owner_id', 'user_id', 'is_staff', 'status', 'balance_cents', 'created_at')), oddValue, { minKeys: 1, maxKeys: 4 }))
        .filter(([, extra]) => !Object.keys(extra).some((k) => k === '__proto__' || k === 'constructor' || k in (op.bodySchema?.properties ?? {})))
        .map(([parts, extra]) => jsonCase('extra properties', { ...parts, body: typeof parts.body === 'object' && parts.body !== null ? { ...parts.body, ...extra } : parts.body })),
    );
  }
  if (hasBody(op.method)) {
    out.push(
      fc.tuple(valid, fc.oneof(fc.constantFrom(...MALFORMED_JSON), fc.string({ unit: 'binary-ascii', maxLength: 40 }))).map(([parts, payload]) => {
        let syntaxError = false;
        try {
          // A leading byte order mark may be ignored (RFC 8259 §8.1).
          JSON.parse(payload.replace(/^\ufeff/, ''));
        } catch {
          syntaxError = true;
        }
        return {
          ...jsonCase('malformed JSON', { ...parts, body: undefined }),
          headers: { ...parts.headers, ...JSON_TYPE },
          payload,
          valid: false,
          // Not JSON at all is a 400, whatever the route (an empty body included).
          ...(syntaxError ? { expect: [400] } : {}),
        };
      }),
    );
    out.push(
      fc.tuple(valid, fc.constantFrom(...ODD_JSON)).map(([parts, payload]) => ({
        ...jsonCase('odd JSON', { ...parts, body: undefined }),
        headers: { ...parts.headers, ...JSON_TYPE },
        payload,
        valid: false,
      })),
    );
    out.push(
      fc.tuple(valid, fc.constantFrom(...NON_JSON_TYPES)).map(([parts, type]) => ({
        ...jsonCase('wrong content type', { ...parts, body: parts.body ?? { a: 1 } }),
        headers: { ...parts.headers, 'content-type': type },
        valid: false,
        expect: [415],
      })),
    );
    out.push(
      fc.tuple(valid, fc.constantFrom(...ODD_JSON_TYPES)).map(([parts, type]) => ({
        ...jsonCase('odd content type', parts),
        headers: { ...parts.headers, 'content-type': type },
        valid: false,
      })),
    );
    out.push(
      fc.tuple(valid, fc.constantFrom('x', '😀', ' ')).map(([parts, c]) => ({
        ...jsonCase('oversized body', { ...parts, body: undefined }),
        headers: { ...parts.headers, ...JSON_TYPE },
        payload: `{"name":"${c.repeat(BODY_LIMIT)}"}`,
        valid: false,
        expect: [413],
      })),
    );
  }
  return out;
}

function parameterCases(ctx: CaseContext): fc.Arbitrary<FuzzCase>[] {
  const { op, validators } = ctx;
  const out: fc.Arbitrary<FuzzCase>[] = [];
  const valid = validParts(ctx);
  if (op.pathParams.length > 0 && op.paramsSchema !== undefined) {
    const accepts = validators.parameters(op.paramsSchema);
    const name = fc.constantFrom(...op.pathParams);
    const segment = fc.oneof(
      { arbitrary: fc.constantFrom(...BAD_SEGMENTS), weight: 4 },
      { arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).map(encode), weight: 1 },
      { arbitrary: fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(String), weight: 1 },
    );
    out.push(
      fc.tuple(valid, name, segment).map(([parts, param, raw]) => {
        const segments = { ...parts.segments, [param]: raw };
        let decoded: string | undefined;
        try {
          decoded = decodeURIComponent(raw);
        } catch {
          decoded = undefined;
        }
        // Plain text that the id schema refuses is a 400; a segment with '/', '%' tricks or
        // nothing in it may not even reach the route, so only "no 5xx" is sure for it.
        const plain = decoded !== undefined && /^(?!\.{1,2}$)[A-Za-z0-9.+-]+$/.test(decoded) && decoded === raw;
        const refused = decoded !== undefined && !accepts({ ...decodeParams(parts.segments), [param]: decoded });
        return { ...jsonCase('bad path parameter', { ...parts, segments }), valid: false, ...(plain && refused ? { expect: [400] } : {}) };
      }),
    );
  }
  if (op.querySchema !== undefined) {
    const schema = op.querySchema;
    const accepts = validators.parameters(schema);
    const names = Object.keys(schema.properties ?? {});
    out.push(
      fc
        .tuple(valid, fc.constantFrom(...names).chain((n) => fc.tuple(fc.constant(n), badParamValue(schema.properties![n]!, validators))))
        .map(([parts, [param, value]]) => {
          const params = { ...decodeQuery(parts.query), [param]: value };
          const query = encodeQuery(params);
          const refused = !accepts(decodeQuery(query));
          return { ...jsonCase('bad query parameter', { ...parts, query }), valid: false, ...(refused ? { expect: [400] } : {}) };
        }),
    );
    out.push(
      fc.tuple(valid, fc.constantFrom(...BAD_QUERIES)).map(([parts, raw]) => ({
        ...jsonCase('garbage query', { ...parts, query: parts.query === '' ? raw : `${parts.query}&${raw}` }),
        valid: false,
      })),
    );
  }
  return out;
}

function decodeParams(segments: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(segments).map(([k, v]) => [k, decodeURIComponent(v)]));
}

/** A query value of the wrong shape for `schema`, as text (or several texts: a repeated key). */
function badParamValue(schema: JsonSchema, validators: ServerValidators): fc.Arbitrary<string | string[]> {
  let proven: fc.Arbitrary<unknown>;
  try {
    proven = invalidValue(schema, {}, validators);
  } catch {
    proven = fc.constant('x');
  }
  return fc.oneof(
    proven.map((v) => (Array.isArray(v) ? v.map((x) => String(x)) : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))),
    fc.constantFrom(...NASTY_STRINGS),
    fc.array(fc.constantFrom('1', '2', 'x'), { minLength: 2, maxLength: 3 }),
  );
}

function authCases(ctx: CaseContext): fc.Arbitrary<FuzzCase>[] {
  if (!ctx.op.secured) return [];
  return [
    fc.tuple(validParts(ctx), fc.oneof(fc.constantFrom(...BAD_AUTHORIZATION), fc.stringMatching(/^Bearer [A-Za-z0-9._~+/=-]{1,64}$/))).map(([parts, authorization]) => ({
      ...jsonCase('bad credentials', parts),
      authorization,
      valid: false,
      // Credentials are checked before anything else is read.
      expect: [401],
    })),
  ];
}

function headerCases(ctx: CaseContext): fc.Arbitrary<FuzzCase>[] {
  const headerChar = fc.constantFrom(...Array.from({ length: 0x7e - 0x20 + 1 }, (_, i) => String.fromCharCode(0x20 + i)), 'é', 'ÿ', '\t');
  const out: fc.Arbitrary<FuzzCase>[] = [
    fc.tuple(validParts(ctx), fc.string({ unit: headerChar, maxLength: 300 })).map(([parts, id]) => ({
      ...jsonCase('odd request id', { ...parts, headers: { ...parts.headers, 'x-request-id': id } }),
      valid: true,
    })),
  ];
  for (const name of Object.keys(ctx.headers ?? {})) {
    out.push(
      fc.tuple(validParts(ctx), fc.oneof(fc.constant(''), fc.string({ unit: headerChar, minLength: 256, maxLength: 400 }))).map(([parts, value]) => ({
        ...jsonCase(`bad ${name}`, { ...parts, headers: { ...parts.headers, [name]: value } }),
        valid: false,
      })),
    );
  }
  return out;
}

/** Requests that break the operation's contract in one way each (the rest of it valid). */
export function adversarialCase(ctx: CaseContext): fc.Arbitrary<FuzzCase> {
  const cases = [...bodyCases(ctx), ...parameterCases(ctx), ...authCases(ctx), ...headerCases(ctx)];
  if (ctx.op.bodySchema === undefined) {
    // A body where none is expected: ignored or refused, never a crash.
    cases.push(
      fc.tuple(validParts(ctx), oddValue).map(([parts, body]) => ({ ...jsonCase('unexpected body', { ...parts, body }), valid: false })),
    );
  }
  return fc.oneof(...cases);
}
