// fast-check arbitraries from the JSON Schema subset our OpenAPI document uses: object (properties,
// required, additionalProperties), string (minLength, maxLength, pattern, format email, date-time,
// uuid), integer and number (minimum, maximum, exclusive bounds), boolean, null, array (items,
// minItems, maxItems), enum, const, anyOf, oneOf, type lists and OpenAPI 3.0's nullable.
//
// `validValue` builds values that satisfy the schema by construction; `invalidValue` builds values
// that break at least one rule, each checked against the same validator settings as the server
// (schema-validator.ts), so "invalid" is proven rather than hoped. Lengths are counted in code
// points, as Ajv and the contract count them.
import fc from 'fast-check';
import { serverValidators, type ServerValidators } from './schema-validator.ts';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  nullable?: boolean;
  default?: unknown;
  [keyword: string]: unknown;
}

export interface ArbitraryOptions {
  /**
   * Supplies the value at a property path instead of the schema (e.g. ids the caller owns, a
   * password strong enough to pass the policy); undefined falls back to the schema. The value
   * must still satisfy the schema.
   */
  override?: (path: readonly string[], schema: JsonSchema) => fc.Arbitrary<unknown> | undefined;
}

/** Strings that have broken parsers, databases and templates before; filtered by each schema. */
export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '   \t\n\r ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\udbff\udbff',
  '\ufeff',
  '\u200b\u200d\u2060',
  '\u202eevil',
  '\u0085\u2028\u2029',
  'e\u0301\u0301\u0301',
  '😀',
  '👩‍👩‍👧‍👦',
  '𝕏𝔂𝔃',
  'ﷺ',
  'Ω≈ç√∫',
  '日本語テキスト',
  "'; DROP TABLE users; --",
  "' OR '1'='1",
  '" OR ""="',
  '1; SELECT pg_sleep(10)',
  '$$ language plpgsql $$',
  '%',
  '_',
  '\\',
  '%_\\%',
  '\\x00',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '../../../etc/passwd',
  '__proto__',
  'constructor',
  'prototype',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '9223372036854775808',
  'true',
  '[]',
  '{}',
  '\r\nX-Injected: 1',
  'a'.repeat(1000),
];

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

const typesOf = (schema: JsonSchema): string[] | undefined => {
  if (schema.type === undefined) return undefined;
  const types = Array.isArray(schema.type) ? [...schema.type] : [schema.type];
  if (schema.nullable === true && !types.includes('null')) types.push('null');
  return types;
};

/** Length in code points (how Ajv's maxLength and the services count). */
export const codePoints = (s: string): number => [...s].length;

/** Any single code point, a lone surrogate half now and then, NUL and control characters included. */
const wildChar: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 6 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)), weight: 1 },
  { arbitrary: fc.constantFrom('\u0000', '\n', '\t', ' ', '\u007f', '"', '\\', "'", '%', '_'), weight: 2 },
);

function lengthBounds(schema: JsonSchema): { min: number; max: number } {
  const min = schema.minLength ?? 0;
  return { min, max: Math.max(min, schema.maxLength ?? Math.max(min, 64)) };
}

const EMAIL_LOCAL = fc.stringMatching(/^[a-z0-9](?:[a-z0-9._+-]{0,18}[a-z0-9])?$/);
const EMAIL_DOMAIN = fc
  .array(fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/), { minLength: 1, maxLength: 3 })
  .map((labels) => [...labels, 'test'].join('.'));

/** E-mail addresses both of Ajv's email formats accept. */
export const emailAddress: fc.Arbitrary<string> = fc
  .tuple(EMAIL_LOCAL, EMAIL_DOMAIN, fc.boolean())
  .map(([local, domain, upper]) => {
    const address = `${local.replace(/\.{2,}/g, '.')}@${domain}`;
    return upper ? address.toUpperCase() : address;
  });

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** RFC 3339 timestamps: Z or numeric offsets, fractions, lower-case separators, year 0000 to 9999. */
export const dateTime: fc.Arbitrary<string> = fc
  .record({
    date: fc.date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
    fraction: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
    offset: fc.oneof(
      fc.constantFrom('Z', 'z', '+00:00', '-00:00'),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([s, h, m]) => `${s}${pad(h)}:${pad(m)}`),
    ),
    t: fc.constantFrom('T', 't'),
  })
  .map(({ date: d, fraction, offset, t }) => {
    const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
    return `${day}${t}${time}${fraction === undefined ? '' : `.${fraction}`}${offset}`;
  });

function formatString(format: string): fc.Arbitrary<string> | undefined {
  switch (format) {
    case 'email':
      return emailAddress;
    case 'date-time':
      return dateTime;
    case 'uuid':
      return fc.uuid();
    default:
      return undefined;
  }
}

function validString(schema: JsonSchema): fc.Arbitrary<string> {
  const { min, max } = lengthBounds(schema);
  const fits = (s: string) => {
    const n = codePoints(s);
    return n >= min && n <= max;
  };
  const formatted = schema.format === undefined ? undefined : formatString(schema.format);
  if (formatted !== undefined) return formatted.filter(fits);
  if (schema.pattern !== undefined) return fc.stringMatching(new RegExp(schema.pattern, 'u')).filter(fits);
  const nasty = NASTY_STRINGS.filter(fits);
  const choices: { arbitrary: fc.Arbitrary<string>; weight: number }[] = [
    { arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: min, maxLength: max }), weight: 4 },
    // A grapheme may be several code points: the filter keeps the length in code points.
    { arbitrary: fc.string({ unit: 'grapheme', minLength: min, maxLength: max }).filter(fits), weight: 2 },
    { arbitrary: fc.string({ unit: wildChar, minLength: min, maxLength: max }).filter(fits), weight: 3 },
    // The boundary: exactly the longest string allowed, in 1-, 2- and 4-byte characters and NUL.
    { arbitrary: fc.constantFrom('a', 'é', '😀', '\u0000').map((c) => c.repeat(max)), weight: 1 },
  ];
  if (nasty.length > 0) choices.push({ arbitrary: fc.constantFrom(...nasty), weight: 2 });
  return fc.oneof(...choices);
}

function integerIn(min: number, max: number): fc.Arbitrary<number> {
  const boundaries = [min, max, min + 1, max - 1, 0, 1, -1].filter((n) => n >= min && n <= max);
  const choices = [
    { arbitrary: fc.constantFrom(...boundaries), weight: 1 },
    // The whole range, which for ids and amounts is mostly huge numbers…
    { arbitrary: fc.bigInt({ min: BigInt(min), max: BigInt(max) }).map(Number), weight: 2 },
  ];
  // …and small ones, where most real values are.
  const [lo, hi] = [Math.max(min, -1000), Math.min(max, 1000)];
  if (lo <= hi) choices.push({ arbitrary: fc.integer({ min: lo, max: hi }), weight: 2 });
  return fc.oneof(...choices);
}

function validNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  let min = schema.minimum ?? -MAX_SAFE;
  let max = schema.maximum ?? MAX_SAFE;
  if (schema.exclusiveMinimum !== undefined) min = Math.max(min, integer ? Math.floor(schema.exclusiveMinimum) + 1 : schema.exclusiveMinimum);
  if (schema.exclusiveMaximum !== undefined) max = Math.min(max, integer ? Math.ceil(schema.exclusiveMaximum) - 1 : schema.exclusiveMaximum);
  if (integer) return integerIn(Math.ceil(Math.max(min, -MAX_SAFE)), Math.floor(Math.min(max, MAX_SAFE)));
  return fc
    .double({ min, max, noNaN: true, noDefaultInfinity: true, minExcluded: schema.exclusiveMinimum !== undefined, maxExcluded: schema.exclusiveMaximum !== undefined })
    .map((n) => (Object.is(n, -0) ? 0 : n));
}

function validObject(schema: JsonSchema, options: ArbitraryOptions, path: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = (schema.required ?? []).filter((k) => k in properties);
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [key, sub] of Object.entries(properties)) model[key] = validValue(sub, options, [...path, key]);
  return fc.record(model, { requiredKeys: required });
}

/** Values that satisfy `schema`. */
export function validValue(schema: JsonSchema, options: ArbitraryOptions = {}, path: readonly string[] = []): fc.Arbitrary<unknown> {
  const overridden = options.override?.(path, schema);
  if (overridden !== undefined) return overridden;
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union !== undefined) {
    // Overrides see the union's own path, so a branch never hides a caller's override.
    return fc.oneof(...union.map((branch) => validValue(branch, { ...options, override: undefined }, path)));
  }
  const types = typesOf(schema);
  if (types === undefined) return fc.jsonValue();
  return fc.oneof(
    ...types.map((type): fc.Arbitrary<unknown> => {
      switch (type) {
        case 'null':
          return fc.constant(null);
        case 'boolean':
          return fc.boolean();
        case 'integer':
          return validNumber(schema, true);
        case 'number':
          return validNumber(schema, false);
        case 'string':
          return validString(schema);
        case 'array': {
          const minLength = schema.minItems ?? 0;
          const maxLength = Math.max(minLength, schema.maxItems ?? 10);
          const item = validValue(schema.items ?? {}, options, [...path, '*']);
          return fc.oneof(
            { arbitrary: fc.array(item, { minLength, maxLength }), weight: 4 },
            { arbitrary: fc.array(item, { minLength: maxLength, maxLength }), weight: 1 },
          );
        }
        case 'object':
          return validObject(schema, options, path);
        default:
          throw new Error(`schema-arbitrary: unsupported type ${type}`);
      }
    }),
  );
}

// ---- invalid values -------------------------------------------------------------------------

const SAMPLES: Record<string, fc.Arbitrary<unknown>> = {
  null: fc.constant(null),
  boolean: fc.boolean(),
  integer: fc.constantFrom(0, 1, -1, 42, MAX_SAFE),
  number: fc.constantFrom(1.5, -0.5, 1e300, -1e300, Number.MIN_VALUE),
  string: fc.oneof(fc.constantFrom('1', 'true', 'null', '', 'abc', '12.5', '\u0000'), fc.string({ maxLength: 8 })),
  array: fc.oneof(fc.constant([]), fc.array(fc.jsonValue(), { maxLength: 3 })),
  object: fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue(), { maxKeys: 3 })),
};

function wrongType(schema: JsonSchema): fc.Arbitrary<unknown> {
  const allowed = new Set(typesOf(schema) ?? []);
  if (allowed.has('number')) allowed.add('integer');
  const others = Object.keys(SAMPLES).filter((t) => !allowed.has(t));
  return fc.oneof(...others.map((t) => SAMPLES[t]!));
}

const FORMAT_MISFITS: Record<string, string[]> = {
  email: ['', 'plainaddress', '@example.com', 'a@', 'a@b@c.test', 'a b@c.test', 'a@-bad-.test', 'ünï@cöde.test', 'a@b..test', 'a\u0000@b.test'],
  'date-time': ['', 'now', '2024-13-01T00:00:00Z', '2024-02-30T00:00:00Z', '2024-01-01', '2024-01-01T25:00:00Z', '2024-01-01T00:00:00', '2024-01-01T00:00:00+24:00', '1709251200', '２０２４-01-01T00:00:00Z'],
  uuid: ['', 'not-a-uuid', '00000000-0000-0000-0000-00000000000g', '{00000000-0000-0000-0000-000000000000}'],
};

function invalidString(schema: JsonSchema): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  if (schema.maxLength !== undefined) {
    const max = schema.maxLength;
    out.push(fc.integer({ min: max + 1, max: max + 50 }).chain((n) => fc.string({ unit: 'grapheme-ascii', minLength: n, maxLength: n })));
    // Huge, but well under the 1 MiB body limit (4 bytes a character).
    out.push(fc.constantFrom('x', '😀', '\u0000').map((c) => c.repeat(Math.max(max + 1, 100_000))));
  }
  if (schema.minLength !== undefined && schema.minLength > 0) out.push(fc.string({ maxLength: schema.minLength - 1 }));
  if (schema.pattern !== undefined) {
    const re = new RegExp(schema.pattern, 'u');
    out.push(fc.oneof(fc.string({ unit: wildChar, maxLength: 20 }), fc.constantFrom(...NASTY_STRINGS)).filter((s) => !re.test(s)));
  }
  if (schema.format !== undefined && FORMAT_MISFITS[schema.format] !== undefined) out.push(fc.constantFrom(...FORMAT_MISFITS[schema.format]!));
  return out;
}

function invalidNumber(schema: JsonSchema, integer: boolean): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  const min = schema.exclusiveMinimum ?? schema.minimum;
  const max = schema.exclusiveMaximum ?? schema.maximum;
  if (min !== undefined) out.push(fc.constantFrom(min - 1, min - 0.5, -1e300, -MAX_SAFE - 2, min === 0 ? -1 : min - 1000));
  if (max !== undefined) out.push(fc.constantFrom(max + 1, max + 0.5, 1e300, 2 ** 63, 2 ** 53 + 2));
  if (integer) out.push(fc.constantFrom(0.5, 1.5, 1.0000001, -2.5, 1e-7));
  return out;
}

function invalidObject(schema: JsonSchema, options: ArbitraryOptions, path: readonly string[]): fc.Arbitrary<unknown>[] {
  const out: fc.Arbitrary<unknown>[] = [];
  const properties = schema.properties ?? {};
  const valid = validObject(schema, options, path);
  for (const key of (schema.required ?? []).filter((k) => k in properties)) {
    out.push(valid.map((o) => {
      const copy = { ...o };
      delete copy[key];
      return copy;
    }));
  }
  for (const [key, sub] of Object.entries(properties)) {
    const bad = invalidRaw(sub, options, [...path, key]);
    if (bad !== undefined) out.push(fc.tuple(valid, bad).map(([o, b]) => ({ ...o, [key]: b })));
  }
  return out;
}

function invalidRaw(schema: JsonSchema, options: ArbitraryOptions, path: readonly string[]): fc.Arbitrary<unknown> | undefined {
  const strategies: fc.Arbitrary<unknown>[] = [];
  const types = typesOf(schema);
  if (schema.enum !== undefined || 'const' in schema) {
    const allowed = schema.enum ?? [schema.const];
    const strings = allowed.filter((v): v is string => typeof v === 'string');
    strategies.push(
      fc.oneof(
        fc.string({ maxLength: 12 }),
        fc.constantFrom(...strings.flatMap((s) => [s.toUpperCase(), s.toLowerCase(), ` ${s}`, `${s}\u0000`]), 'bogus'),
        fc.constantFrom(0, 1, true, null, [], {}),
      ),
    );
  }
  const union = schema.anyOf ?? schema.oneOf;
  if (union !== undefined) {
    for (const branch of union) {
      const bad = invalidRaw(branch, options, path);
      if (bad !== undefined) strategies.push(bad);
    }
  }
  if (types !== undefined) {
    strategies.push(wrongType(schema));
    for (const type of types) {
      if (type === 'string') strategies.push(...invalidString(schema));
      if (type === 'integer' || type === 'number') strategies.push(...invalidNumber(schema, type === 'integer'));
      if (type === 'object') strategies.push(...invalidObject(schema, options, path));
      if (type === 'array') {
        const item = schema.items ?? {};
        const minItems = schema.minItems ?? 0;
        if (schema.maxItems !== undefined) {
          const n = schema.maxItems + 1;
          strategies.push(fc.array(validValue(item, options, [...path, '*']), { minLength: n, maxLength: n }));
        }
        if (minItems > 0) strategies.push(fc.array(validValue(item, options, [...path, '*']), { maxLength: minItems - 1 }));
        const bad = invalidRaw(item, options, [...path, '*']);
        if (bad !== undefined) strategies.push(fc.tuple(fc.array(validValue(item, options, [...path, '*']), { maxLength: 3 }), bad).map(([a, b]) => [...a, b]));
      }
    }
  }
  return strategies.length === 0 ? undefined : fc.oneof(...strategies);
}

/**
 * Values that break `schema` under the server's validator settings (no coercion, unknown
 * properties of a closed object dropped rather than refused), proven by running that validator.
 * Throws for a schema that nothing violates (e.g. `{}`).
 */
export function invalidValue(schema: JsonSchema, options: ArbitraryOptions = {}, validators: ServerValidators = serverValidators()): fc.Arbitrary<unknown> {
  const validate = validators.body(schema);
  const candidates = invalidRaw(schema, options, []);
  if (candidates === undefined) throw new Error('schema-arbitrary: every value satisfies this schema');
  return candidates.filter((v) => !validate(v));
}
