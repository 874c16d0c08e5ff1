// Schema pieces shared by every route: path ids, list parameters, list envelopes, problems.
import { Type, type Static, type TSchema } from 'typebox';
import { isoTimestamp } from '../iso-timestamp.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, type Page } from '../pagination.ts';

export const Id = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });
export const IdParams = Type.Object({ id: Id });

/** `?limit=&cursor=`; spread into a route's querystring schema. */
export const PageQuery = {
  limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT }),
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
};

export const Timestamp = Type.String({ format: 'date-time' });
/**
 * `schema` or null, written as a type list (`"type": ["string", "null"]`) rather than an anyOf:
 * fast-json-stringify writes a type list directly, but picks an anyOf branch by validating the
 * value with ajv, which made a row with three nullable fields four times as slow to serialise.
 */
export const Nullable = <T extends TSchema>(schema: T) => {
  const type = (schema as { type?: unknown }).type;
  if (typeof type !== 'string') throw new Error('Nullable needs a schema with a single type');
  return Type.Unsafe<Static<T> | null>({ ...schema, type: [type, 'null'] });
};

export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object({ data: Type.Array(item), next_cursor: Nullable(Type.String()) });

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true },
);

/** `{ data, next_cursor }` from a service page. */
export const listBody = <T, U>(page: Page<T>, map: (item: T) => U) => ({
  data: page.items.map(map),
  next_cursor: page.nextCursor,
});

export const iso = isoTimestamp;
export const isoOrNull = (d: Date | null): string | null => (d === null ? null : isoTimestamp(d));
