// The server's validator settings (src/platform/http/app.ts), for tests that must know whether a
// generated value is one the server accepts: JSON bodies without coercion, query strings and path
// parameters coerced from text; unknown properties of a closed object dropped, defaults applied.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from './schema-arbitrary.ts';

export interface ServerValidators {
  /** Whether the server would accept `value` as a JSON body for `schema` (the value is not mutated). */
  body(schema: JsonSchema): (value: unknown) => boolean;
  /** Whether the server would accept these text parameters (query or path) for an object `schema`. */
  parameters(schema: JsonSchema): (params: Record<string, string | string[]>) => boolean;
}

export function serverValidators(): ServerValidators {
  const common = { allErrors: true, useDefaults: true, removeAdditional: true, strict: false } as const;
  const exact = addFormats.default(new Ajv.default({ ...common, coerceTypes: false }));
  const coercing = addFormats.default(new Ajv.default({ ...common, coerceTypes: 'array' }));
  return {
    body(schema) {
      const validate = exact.compile(schema);
      // The validator drops unknown properties and fills defaults in place: check a copy.
      return (value) => validate(structuredClone(value));
    },
    parameters(schema) {
      const validate = coercing.compile(schema);
      return (params) => validate(structuredClone(params));
    },
  };
}
