// The product list: one generated statement per ordering and the keyset cursor each one pages by.
//
// Why one statement per ordering rather than one with CASE-based ORDER BY: an ORDER BY that
// depends on a parameter cannot use an index, so every page would sort every matching product.
// Each statement here walks its own index ((created_at, id), (price_cents, id), (name, id)) and
// stops after LIMIT rows, and its keyset condition is a plain row comparison, always present (the
// first page passes a key before every row), so it is an index condition in every plan.
//
// The statements are planned per call (RunOptions.planPerCall): their optional filters need a
// plan made for the actual parameters, every time. The one exception is the default ordering
// with no filter at all (the catalog's front page and its next pages): it has a statement without
// optional filters of its own, whose cached plan is the right one, so it runs prepared.
//
// A search runs in steps (substring-search.ts): walks of the ordering's first rows, and when those
// hold less than a page, every match through the trigram indexes. Each statement has a `pattern`
// matched against every live product and a `windowPattern` matched only among the first `window`
// rows of the ordering, and a step sets one of them.
//
// The cursor is [ordering, sort value, id]: the ordering it belongs to (a cursor from another
// ordering is a 400, not a silently wrong page), then the last row's key. created_at travels as
// whole microseconds since the epoch, because a JS Date would cut PostgreSQL's microseconds to
// milliseconds and the next page would skip rows created within the same millisecond.
import { searchRows } from '../../platform/db/substring-search.ts';
import { PLAN_PER_CALL, type Db } from '../../platform/db/db.ts';
import { BadRequestError } from '../../platform/errors.ts';
import { decodeCursor } from '../../platform/pagination.ts';
import { PRODUCT_ORDERINGS, type ProductOrdering } from './catalog.ts';
import { CursorOrderingMismatchError } from './catalog.errors.ts';
import {
  listProductsByName,
  listProductsCheapest,
  listProductsDearest,
  listProductsNewest,
  listProductsNewestUnfiltered,
  listProductsOldest,
  type IListProductsNewestResult,
} from './queries.queries.ts';

/** A row of any list statement (they all return the same columns). */
export type ProductListRow = IListProductsNewestResult;

/** The filters as the statements take them: bounds always set, NULL meaning "any". */
export interface ListFilters {
  minPriceCents: number;
  maxPriceCents: number;
  categorySlug: string | null;
  pattern: string | null;
  limit: number;
}

/**
 * Which rows a statement matches a search against: every live product (`pattern`, through the
 * trigram indexes), or only the first `window` rows of the ordering (`windowPattern`). Without a
 * search both are null and `window` is the page's limit.
 */
interface Scan {
  pattern: string | null;
  windowPattern: string | null;
  window: number;
}

type Params = Omit<ListFilters, 'pattern'> & Scan;

type SortValue = string | number;
type Key = readonly [SortValue, number];

type Runner = Pick<Db, 'run'>;

interface Keyset {
  valueType: 'string' | 'number';
  valueOf(row: ProductListRow): SortValue;
  /** Runs the page's statement; `after` null means the first page. */
  run(db: Runner, params: Params, after: Key | null, signal: AbortSignal): Promise<ProductListRow[]>;
}

/** Runs every list statement planned for its actual values (see RunOptions.planPerCall). */
export function plannedPerCall(db: Db): Runner {
  return { run: (query, params, signal) => db.run(query, params, signal, PLAN_PER_CALL) };
}

/** Beyond every id and every price the CHECK constraints allow (and still a safe integer). */
const TOP = Number.MAX_SAFE_INTEGER;

/**
 * ISO 8601 with all six fractional digits, for a timestamptz parameter. Any safe integer of
 * microseconds is a date between the years 1684 and 2255, so a tampered cursor cannot make
 * PostgreSQL fail on an out-of-range timestamp.
 */
export function timestampFromMicros(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString(); // …:SS.mmmZ
  return `${iso.slice(0, -1)}${String(us - ms * 1000).padStart(3, '0')}Z`;
}

const createdAtKey = (after: Key | null, descending: boolean) => ({
  afterCreatedAt: after === null ? (descending ? 'infinity' : '-infinity') : timestampFromMicros(after[0] as number),
  afterId: after?.[1] ?? 0,
});

const byCreatedAt = (descending: boolean): Keyset => ({
  valueType: 'number',
  valueOf: (row) => row.created_us,
  run: (db, params, after, signal) =>
    db.run(descending ? listProductsNewest : listProductsOldest, { ...params, ...createdAtKey(after, descending) }, signal),
});

/** Neither a category, a search nor a price bound narrows the list. */
const unfiltered = (f: ListFilters) => f.categorySlug === null && f.pattern === null && f.minPriceCents === 0 && f.maxPriceCents === TOP;

const byPrice = (descending: boolean): Keyset => ({
  valueType: 'number',
  valueOf: (row) => row.price_cents,
  run: (db, params, after, signal) =>
    db.run(
      descending ? listProductsDearest : listProductsCheapest,
      {
        ...params,
        afterPriceCents: (after?.[0] as number | undefined) ?? (descending ? TOP : 0),
        afterId: after?.[1] ?? (descending ? TOP : 0),
      },
      signal,
    ),
});

const byName: Keyset = {
  valueType: 'string',
  valueOf: (row) => row.name,
  // Names are never empty, so ('', 0) comes before every row in any collation.
  run: (db, params, after, signal) =>
    db.run(listProductsByName, { ...params, afterName: (after?.[0] as string | undefined) ?? '', afterId: after?.[1] ?? 0 }, signal),
};

const KEYSETS: Record<ProductOrdering, Keyset> = {
  '-created_at': byCreatedAt(true),
  created_at: byCreatedAt(false),
  price_cents: byPrice(false),
  '-price_cents': byPrice(true),
  name: byName,
};

/** The opaque cursor that continues `ordering` after `row`. */
export function productCursor(ordering: ProductOrdering, row: ProductListRow): readonly SortValue[] {
  return [ordering, KEYSETS[ordering].valueOf(row), row.id];
}

/** The ordering a well-formed product cursor was made for, or undefined. */
function orderingOf(cursor: string): string | undefined {
  for (const valueType of ['number', 'string'] as const) {
    try {
      return decodeCursor(cursor, ['string', valueType, 'number'] as const)[0];
    } catch {
      // Not this shape; try the other.
    }
  }
  return undefined;
}

/** The key a cursor continues after; 400 if it is malformed or made by another ordering. */
export function decodeProductCursor(cursor: string, ordering: ProductOrdering): Key {
  const made = orderingOf(cursor);
  if (made === undefined || !(PRODUCT_ORDERINGS as readonly string[]).includes(made)) {
    throw new BadRequestError('pagination.invalid_cursor', 'The cursor is invalid.');
  }
  // Named as such, so a client that changed ?ordering= mid-walk learns what went wrong.
  if (made !== ordering) throw new CursorOrderingMismatchError(made, ordering);
  const [, value, id] = decodeCursor(cursor, ['string', KEYSETS[ordering].valueType, 'number'] as const);
  return [value as SortValue, id as number];
}

/** One page of products for `ordering`: `limit + 1` rows, so toPage can tell if there is more. */
export function listProductRows(db: Db, ordering: ProductOrdering, filters: ListFilters, after: Key | null, signal: AbortSignal): Promise<ProductListRow[]> {
  if (ordering === '-created_at' && unfiltered(filters)) {
    return db.run(listProductsNewestUnfiltered, { ...createdAtKey(after, true), limit: filters.limit }, signal);
  }
  const keyset = KEYSETS[ordering];
  const { pattern, ...rest } = filters;
  if (pattern !== null) {
    return searchRows(db, filters.limit, signal, {
      walk: (window) => keyset.run(plannedPerCall(db), { ...rest, pattern: null, windowPattern: pattern, window }, after, signal),
      everyMatch: (tx) => keyset.run(plannedPerCall(tx), { ...rest, pattern, windowPattern: null, window: filters.limit }, after, signal),
    });
  }
  return keyset.run(plannedPerCall(db), { ...rest, pattern: null, windowPattern: null, window: filters.limit }, after, signal);
}
