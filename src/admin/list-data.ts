// Runs a list page's statements: the page, the (estimated or capped exact) count, the drill-down bounds
// and the relation filters' choices. The number of statements depends on the registration only,
// never on the number of rows shown: related values come in the page's own JOINs.
import type { Db, Row } from '../platform/db/db.ts';
import { sqlState } from '../platform/db/errors.ts';
import { BadRequestError } from '../platform/errors.ts';
import { searchRows } from '../platform/db/substring-search.ts';
import { cappedCountSql, choicesSql, dateBoundsSql, estimateSql, listPageSql, searching, type Sql } from './list-sql.ts';
import { encodeCursor, type ListParams } from './list-params.ts';
import type { ModelAdmin } from './registry.ts';

/** Up to this many matching rows the count is exact; past it, the planner's estimate is shown. */
export const EXACT_COUNT_LIMIT = 10_000;
/** A relation with more rows than this is chosen by id (a search box), not from a select. */
export const RELATION_CHOICES_LIMIT = 200;

export interface Count {
  value: number;
  estimated: boolean;
}

export interface ListPage {
  rows: Row[];
  count: Count;
  /** Cursor tokens for the neighbouring pages, when there are any. */
  next: string | undefined;
  previous: string | undefined;
  /** Oldest and newest value of the drill-down column; undefined without one or when empty. */
  dateBounds: { lo: Date; hi: Date } | undefined;
  /** Relation filter field → its choices, or null when there are too many to list. */
  relationChoices: Map<string, { id: number; label: string }[] | null>;
}

/** A run of one generic statement; a malformed value (a tampered cursor) is a 400, not a 500. */
export async function runSql<R extends Row>(db: Db, sql: Sql, signal: AbortSignal): Promise<R[]> {
  try {
    return await db.query<R>(sql.text, sql.values, signal);
  } catch (err) {
    // Class 22 is "data exception": a value PostgreSQL could not cast to the column's type.
    if (sqlState(err)?.startsWith('22')) throw new BadRequestError('admin.invalid_list_parameter', 'A list parameter has an invalid value.', {}, { cause: err });
    throw err;
  }
}

/**
 * The planner's estimate first (planning only, no rows read): a large result is shown as an
 * estimate without counting anything. Only a small one is counted exactly, and that count stops
 * at EXACT_COUNT_LIMIT + 1 rows, so an estimate that was far too low still costs little.
 */
async function count(db: Db, model: ModelAdmin, params: ListParams, signal: AbortSignal): Promise<Count> {
  const [plan] = await runSql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(db, estimateSql(model, params), signal);
  const estimate = Math.round(plan?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0);
  if (estimate > EXACT_COUNT_LIMIT) return { value: estimate, estimated: true };
  const [capped] = await runSql<{ n: number }>(db, cappedCountSql(model, params, EXACT_COUNT_LIMIT), signal);
  const n = capped?.n ?? 0;
  if (n <= EXACT_COUNT_LIMIT) return { value: n, estimated: false };
  // We know there are more than the cap, whatever the statistics say.
  return { value: Math.max(estimate, EXACT_COUNT_LIMIT + 1), estimated: true };
}

export async function relationChoices(
  db: Db,
  table: string,
  labelColumn: string,
  signal: AbortSignal,
): Promise<{ id: number; label: string }[] | null> {
  const rows = await runSql<{ id: number; label: string }>(db, choicesSql(table, labelColumn, RELATION_CHOICES_LIMIT + 1), signal);
  return rows.length > RELATION_CHOICES_LIMIT ? null : rows;
}

/** The page's rows; a search's in steps whose cost does not depend on an estimate (substring-search.ts). */
function pageRows(db: Db, model: ModelAdmin, params: ListParams, signal: AbortSignal): Promise<Row[]> {
  if (!searching(model, params)) return runSql(db, listPageSql(model, params), signal);
  return searchRows(db, params.limit + 1, signal, {
    walk: (window) => runSql(db, listPageSql(model, params, window), signal),
    everyMatch: (tx) => runSql(tx, listPageSql(model, params), signal),
  });
}

export async function loadListPage(db: Db, model: ModelAdmin, params: ListParams, signal: AbortSignal): Promise<ListPage> {
  const relationFilters = (model.filters ?? []).filter((f) => f.kind === 'relation');
  const [rawRows, counted, bounds, choices] = await Promise.all([
    pageRows(db, model, params, signal),
    count(db, model, params, signal),
    model.dateHierarchy === undefined ? Promise.resolve([]) : runSql<{ lo: Date | null; hi: Date | null }>(db, dateBoundsSql(model), signal),
    Promise.all(relationFilters.map((f) => relationChoices(db, f.table, f.labelColumn, signal))),
  ]);
  // A first page with no page after it holds every match, whatever the count's estimate said (a
  // search's can be off by orders of magnitude: "About 20,000" for the one product shown).
  const total = params.cursor === undefined && rawRows.length <= params.limit ? { value: rawRows.length, estimated: false } : counted;
  const hasMore = rawRows.length > params.limit;
  let rows = rawRows.slice(0, params.limit);
  const backwards = params.cursor?.direction === 'before';
  if (backwards) rows = rows.reverse();
  const first = rows[0];
  const last = rows.at(-1);
  const cursorOf = (r: Row) => encodeCursor(String(r['__sort']), Number(r['__id']));
  // Going forwards there is a previous page when we came from one; backwards, when more remain.
  const next = last !== undefined && (backwards ? params.cursor !== undefined : hasMore) ? cursorOf(last) : undefined;
  const previous = first !== undefined && (backwards ? hasMore : params.cursor !== undefined) ? cursorOf(first) : undefined;
  const [b] = bounds;
  const relationMap = new Map(relationFilters.map((f, i) => [f.field, choices[i] ?? null]));
  return {
    rows,
    count: total,
    next,
    previous,
    dateBounds: b?.lo && b.hi ? { lo: b.lo, hi: b.hi } : undefined,
    relationChoices: relationMap,
  };
}
