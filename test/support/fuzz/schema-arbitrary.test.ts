// The generator's promises, checked against the server's own validator settings: valid values
// pass, invalid values fail, and the edges (code-point lengths, formats, unions, bounds) are hit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codePoints, invalidValue, validValue, type JsonSchema } from './schema-arbitrary.ts';
import { serverValidators } from './schema-validator.ts';

const validators = serverValidators();
const RUNS = { seed: 42, numRuns: 200 };
const Id: JsonSchema = { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER };

/** The shapes our OpenAPI document uses, one of each. */
const SCHEMAS: Record<string, JsonSchema> = {
  id: Id,
  bounded: { type: 'integer', minimum: -100000000000, maximum: 100000000000 },
  number: { type: 'number', minimum: 0, exclusiveMaximum: 1 },
  text: { type: 'string', minLength: 1, maxLength: 280 },
  unbounded: { type: 'string' },
  pattern: { type: 'string', pattern: '^[a-z][a-z0-9_.]{0,63}$' },
  email: { type: 'string', format: 'email', maxLength: 254 },
  dateTime: { type: 'string', format: 'date-time' },
  uuid: { type: 'string', format: 'uuid' },
  enum: { enum: ['USD', 'EUR', 'GBP'] },
  const: { const: true },
  boolean: { type: 'boolean' },
  nullableEmail: { anyOf: [{ type: 'string', format: 'email', maxLength: 254 }, { type: 'null' }] },
  oneOfId: { oneOf: [Id, { type: 'null' }] },
  typeList: { type: ['integer', 'null'], minimum: 1 },
  nullable: { type: 'string', maxLength: 3, nullable: true },
  object: {
    type: 'object',
    required: ['customer_id', 'amount_cents', 'currency'],
    properties: {
      customer_id: Id,
      amount_cents: { type: 'integer', minimum: 1, maximum: 100000000 },
      currency: { enum: ['USD', 'EUR', 'GBP'] },
      memo: { type: 'string', maxLength: 280, default: '' },
    },
    additionalProperties: false,
  },
  patch: {
    type: 'object',
    properties: { name: { type: 'string', minLength: 1, maxLength: 200 }, email: { anyOf: [{ type: 'string', format: 'email' }, { type: 'null' }] } },
    additionalProperties: false,
  },
  array: {
    type: 'object',
    required: ['items'],
    properties: {
      items: {
        type: 'array',
        minItems: 1,
        maxItems: 100,
        items: { type: 'object', required: ['product_id', 'qty'], properties: { product_id: Id, qty: { type: 'integer', minimum: 1, maximum: 1000 } }, additionalProperties: false },
      },
    },
    additionalProperties: false,
  },
};

describe('validValue', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`satisfies the server's validator: ${name}`, () => {
      const validate = validators.body(schema);
      fc.assert(fc.property(validValue(schema), (value) => validate(value)), RUNS);
    });
  }

  it('counts lengths in code points and reaches the longest string allowed', () => {
    const schema: JsonSchema = { type: 'string', minLength: 1, maxLength: 3 };
    const samples = fc.sample(validValue(schema), { seed: 42, numRuns: 500 }) as string[];
    expect(samples.every((s) => codePoints(s) >= 1 && codePoints(s) <= 3)).toBe(true);
    expect(samples).toContain('😀😀😀');
    expect(samples.some((s) => s.includes('\u0000'))).toBe(true);
    expect(samples.some((s) => /[\ud800-\udfff]/.test(s) && !/[\ud800-\udbff][\udc00-\udfff]/.test(s))).toBe(true);
  });

  it('hits the bounds of integers and both branches of a nullable union', () => {
    const ints = fc.sample(validValue({ type: 'integer', minimum: 1, maximum: 1000 }), { seed: 42, numRuns: 300 });
    expect(ints).toContain(1);
    expect(ints).toContain(1000);
    const emails = fc.sample(validValue(SCHEMAS['nullableEmail']!), { seed: 42, numRuns: 100 });
    expect(emails).toContain(null);
    expect(emails.some((e) => typeof e === 'string' && e.includes('@'))).toBe(true);
  });

  it('leaves optional properties out sometimes and uses overrides by path', () => {
    const override = (path: readonly string[]) => (path.join('.') === 'customer_id' ? fc.constant(7) : undefined);
    const values = fc.sample(validValue(SCHEMAS['object']!, { override }), { seed: 42, numRuns: 100 }) as Record<string, unknown>[];
    expect(values.every((v) => v['customer_id'] === 7)).toBe(true);
    expect(values.some((v) => !('memo' in v))).toBe(true);
    expect(values.some((v) => 'memo' in v)).toBe(true);
  });
});

describe('invalidValue', () => {
  for (const [name, schema] of Object.entries(SCHEMAS)) {
    it(`is refused by the server's validator: ${name}`, () => {
      const validate = validators.body(schema);
      fc.assert(fc.property(invalidValue(schema, {}, validators), (value) => !validate(value)), RUNS);
    });
  }

  it('breaks each rule: wrong types, bounds, lengths, patterns, formats, missing and bad properties', () => {
    const sample = (schema: JsonSchema) => fc.sample(invalidValue(schema, {}, validators), { seed: 42, numRuns: 300 });
    const ints = sample({ type: 'integer', minimum: 1, maximum: 10 });
    expect(ints).toEqual(expect.arrayContaining([0, 11, 1.5, null]));
    const texts = sample({ type: 'string', minLength: 1, maxLength: 5 });
    expect(texts).toContain('');
    expect(texts.some((s) => typeof s === 'string' && codePoints(s) > 5)).toBe(true);
    expect(texts.some((s) => typeof s === 'string' && s.length >= 100_000)).toBe(true);
    expect(sample(SCHEMAS['pattern']!).some((s) => typeof s === 'string')).toBe(true);
    expect(sample(SCHEMAS['dateTime']!)).toContain('2024-02-30T00:00:00Z');
    const objects = sample(SCHEMAS['object']!).filter((o): o is Record<string, unknown> => typeof o === 'object' && o !== null && !Array.isArray(o));
    expect(objects.some((o) => !('currency' in o))).toBe(true);
    expect(objects.some((o) => typeof o['amount_cents'] === 'string' || (typeof o['amount_cents'] === 'number' && o['amount_cents'] > 100000000))).toBe(true);
    const orders = sample(SCHEMAS['array']!) as { items?: unknown }[];
    expect(orders.some((o) => Array.isArray(o?.items) && o.items.length > 100)).toBe(true);
  });

  it('refuses a schema that every value satisfies', () => {
    expect(() => invalidValue({}, {}, validators)).toThrow(/every value/);
  });
});
