// A list page's query string, parsed against the model's registration. Request input only ever
// chooses among registered identifiers (sort column, filter fields) and supplies values that
// travel as bind parameters; anything unknown is ignored and anything malformed is a 400.
import { BadRequestError } from '../platform/errors.ts';
import type { ColumnDef, ModelAdmin } from './registry.ts';

/** Query-string names the list uses itself; filter fields may not take them (checked at start-up). */
export const RESERVED_PARAMS = new Set(['q', 'o', 'year', 'month', 'day', 'after', 'before', 'msg']);
export const SEARCH_MAX_CHARS = 200;

export interface SortSpec {
  column: ColumnDef;
  descending: boolean;
}

export interface DateDrill {
  year: number;
  month?: number;
  day?: number;
}

/** The keyset position: the sort column's value as text (cast by PostgreSQL) and the id. */
export interface Cursor {
  value: string;
  id: number;
  direction: 'after' | 'before';
}

export interface ListParams {
  q: string;
  /** Registered filter field → validated value. */
  filters: ReadonlyMap<string, string>;
  date: DateDrill | undefined;
  sort: SortSpec;
  cursor: Cursor | undefined;
  limit: number;
}

export type Query = Readonly<Record<string, string | string[] | undefined>>;

/** A query-string parameter's first value. */
export const single = (query: Query, name: string): string | undefined => {
  const v = query[name];
  return Array.isArray(v) ? v[0] : v;
};

/** A malformed list parameter (filter, cursor, sort): a 400 page. */
export function bad(message: string): never {
  throw new BadRequestError('admin.invalid_list_parameter', message);
}

/** A page cursor: the sort value and the row's key, as an opaque URL-safe token. */
export function encodeCursorPair(value: unknown, key: unknown): string {
  return Buffer.from(JSON.stringify([value, key]), 'utf8').toString('base64url');
}

/** The two parts of a token made by encodeCursorPair, unchecked; a malformed token is a 400. */
export function decodeCursorPair(raw: string): [value: unknown, key: unknown] {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    bad('The page cursor is invalid.');
  }
  if (!Array.isArray(decoded) || decoded.length !== 2) bad('The page cursor is invalid.');
  return decoded as [unknown, unknown];
}

function intParam(query: Query, name: string, min: number, max: number): number | undefined {
  const raw = single(query, name);
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,4}$/.test(raw) || Number(raw) < min || Number(raw) > max) bad(`${name} must be an integer from ${min} to ${max}.`);
  return Number(raw);
}

function parseDate(query: Query): DateDrill | undefined {
  const year = intParam(query, 'year', 1, 9999);
  const month = intParam(query, 'month', 1, 12);
  const day = intParam(query, 'day', 1, 31);
  if (year === undefined) return undefined;
  if (month === undefined) return { year };
  if (day === undefined) return { year, month };
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > lastDay) bad('day is past the end of the month.');
  return { year, month, day };
}

/** What a keyset value must look like for each kind, so PostgreSQL's cast cannot fail. */
const VALUE_SHAPES: Record<ColumnDef['kind'], RegExp> = {
  text: /^[\s\S]{0,1000}$/,
  int: /^-?\d{1,19}$/,
  money: /^-?\d{1,19}$/,
  datetime: /^\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d{1,6})?([+-]\d\d(:\d\d)?|Z)?$/,
  bool: /^(true|false)$/,
  json: /^$/,
};

function parseCursor(query: Query, sort: SortSpec): Cursor | undefined {
  const after = single(query, 'after');
  const before = single(query, 'before');
  const raw = after ?? before;
  if (raw === undefined || raw === '') return undefined;
  const [value, id] = decodeCursorPair(raw);
  if (typeof value !== 'string' || value.includes('\u0000') || !VALUE_SHAPES[sort.column.kind].test(value)) bad('The page cursor is invalid.');
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) bad('The page cursor is invalid.');
  return { value, id, direction: after !== undefined ? 'after' : 'before' };
}

/** The cursor token for a row: the sort value as PostgreSQL printed it, and the id. */
export function encodeCursor(value: string, id: number): string {
  return encodeCursorPair(value, id);
}

/** Parses `o`: a registered sortable column, `-` for descending; unknown columns fall back. */
export function parseSort(model: ModelAdmin, raw: string | undefined): SortSpec {
  const wanted = raw ?? model.ordering;
  const name = wanted.replace(/^-/, '');
  const column = model.columns.find((c) => c.sortable && c.name === name);
  if (column !== undefined) return { column, descending: wanted.startsWith('-') };
  // The default ordering is checked at start-up to name a sortable column.
  const fallback = model.columns.find((c) => c.name === model.ordering.replace(/^-/, ''))!;
  return { column: fallback, descending: model.ordering.startsWith('-') };
}

export function parseListParams(model: ModelAdmin, query: Query): ListParams {
  const q = (single(query, 'q') ?? '').trim();
  if ([...q].length > SEARCH_MAX_CHARS) bad(`The search may be at most ${SEARCH_MAX_CHARS} characters.`);
  if (q.includes('\u0000')) bad('The search may not contain null characters.');

  const filters = new Map<string, string>();
  for (const f of model.filters ?? []) {
    const raw = single(query, f.field);
    if (raw === undefined || raw === '') continue;
    const ok =
      f.kind === 'choices' ? f.choices.some(([value]) => value === raw)
      : f.kind === 'bool' ? raw === 'true' || raw === 'false'
      : f.kind === 'exact' ? [...raw].length <= 100 && !raw.includes('\u0000')
      : /^\d{1,15}$/.test(raw) && Number(raw) > 0;
    if (!ok) bad(`Invalid value for the ${f.label} filter.`);
    filters.set(f.field, raw);
  }
  const sort = parseSort(model, single(query, 'o'));
  return {
    q,
    filters,
    date: model.dateHierarchy === undefined ? undefined : parseDate(query),
    sort,
    cursor: parseCursor(query, sort),
    limit: model.perPage ?? 50,
  };
}
