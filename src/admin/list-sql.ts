// The one module that builds the admin's generic SQL. Identifiers come only from the registry
// (checked against IDENTIFIER at start-up, asserted again here and always double-quoted); every
// value from the request is a bind parameter. Related values are LEFT JOINed into the same
// statement, so a page costs the same number of statements whatever its size.
import { IDENTIFIER } from './checks.ts';
import type { ListParams } from './list-params.ts';
import type { ColumnDef, InlineDef, ModelAdmin } from './registry.ts';

export interface Sql {
  text: string;
  values: unknown[];
}

/** A registry identifier, quoted; throws on anything else (defence in depth behind the checks). */
export function ident(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`refusing to interpolate identifier ${JSON.stringify(name)}`);
  return `"${name}"`;
}

class Binder {
  readonly values: unknown[] = [];
  bind(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** The ILIKE pattern for a literal substring: `\`, `%` and `_` match only themselves. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
}

/** SELECT list and JOINs for columns of `t` and their to-one relations (one join per fk+table). */
function projection(columns: readonly ColumnDef[]): { select: string[]; joins: string[] } {
  const select: string[] = [];
  const joins = new Map<string, string>();
  for (const c of columns) {
    if (c.join) {
      const key = `${c.join.table}.${c.join.fk}`;
      let alias = joins.get(key);
      if (alias === undefined) {
        alias = `j${joins.size + 1}`;
        joins.set(key, alias);
      }
      select.push(`${alias}.${ident(c.join.column)} AS ${ident(c.name)}`);
      select.push(`t.${ident(c.join.fk)} AS ${ident(`${c.name}__id`)}`);
    } else {
      select.push(`t.${ident(c.name)} AS ${ident(c.name)}`);
    }
    if (c.currency && 'column' in c.currency) select.push(`t.${ident(c.currency.column)} AS ${ident(`${c.name}__currency`)}`);
  }
  const joinSql = [...joins].map(([key, alias]) => {
    const [table, fk] = key.split('.') as [string, string];
    return `LEFT JOIN ${ident(table)} ${alias} ON ${alias}.id = t.${ident(fk)}`;
  });
  return { select, joins: joinSql };
}

/** [start, end) of a drill-down period, in UTC. */
export function dateRange(date: NonNullable<ListParams['date']>): [Date, Date] {
  const { year, month, day } = date;
  if (month === undefined) return [new Date(Date.UTC(year, 0, 1)), new Date(Date.UTC(year + 1, 0, 1))];
  if (day === undefined) return [new Date(Date.UTC(year, month - 1, 1)), new Date(Date.UTC(year, month, 1))];
  return [new Date(Date.UTC(year, month - 1, day)), new Date(Date.UTC(year, month - 1, day + 1))];
}

/** The list's search over the model's search fields, or undefined when there is none. */
function searchCondition(model: ModelAdmin, params: ListParams, b: Binder): string | undefined {
  if (!searching(model, params)) return undefined;
  const p = b.bind(containsPattern(params.q));
  return `(${model.searchFields!.map((f) => `t.${ident(f)} ILIKE ${p}`).join(' OR ')})`;
}

/** Whether the list has a search to match: text in the box and fields to search it in. */
export function searching(model: ModelAdmin, params: ListParams): boolean {
  return params.q !== '' && (model.searchFields?.length ?? 0) > 0;
}

/** The scope, filters and drill-down period: every condition but the search and the keyset. */
function filterConditions(model: ModelAdmin, params: ListParams, b: Binder): string[] {
  const where: string[] = [];
  if (model.scope !== undefined) where.push(`(${model.scope})`);
  for (const f of model.filters ?? []) {
    const value = params.filters.get(f.field);
    if (value !== undefined) where.push(`t.${ident(f.field)} = ${b.bind(value)}`);
  }
  if (params.date !== undefined && model.dateHierarchy !== undefined) {
    const [start, end] = dateRange(params.date);
    const col = `t.${ident(model.dateHierarchy)}`;
    where.push(`${col} >= ${b.bind(start.toISOString())} AND ${col} < ${b.bind(end.toISOString())}`);
  }
  return where;
}

/** The WHERE conditions shared by the count and its estimate: the search and the filters. */
function conditions(model: ModelAdmin, params: ListParams, b: Binder): string[] {
  const search = searchCondition(model, params, b);
  return [...(search === undefined ? [] : [search]), ...filterConditions(model, params, b)];
}

const whereSql = (where: string[]) => (where.length === 0 ? '' : `WHERE ${where.join(' AND ')}`);

/**
 * One page of rows, keyset-paginated on (sort column, id): LIMIT+1 rows to know whether another
 * page follows. `__sort` is the sort value as PostgreSQL prints it (full microseconds), for the
 * next cursor; a `before` cursor walks backwards and the caller reverses the rows.
 *
 * The rows are chosen in a subquery and their relations joined to that page only. A search is
 * matched there against every row, or, given `window`, against only the first `window` rows of
 * the sort, outside it: a walk whose length does not depend on the planner's estimate for the
 * search (see pageRows in list-data.ts).
 */
export function listPageSql(model: ModelAdmin, params: ListParams, window?: number): Sql {
  const b = new Binder();
  const { select, joins } = projection(model.columns);
  const search = searchCondition(model, params, b);
  const inner = filterConditions(model, params, b);
  if (search !== undefined && window === undefined) inner.push(search);
  const sortCol = `t.${ident(params.sort.column.name)}`;
  const backwards = params.cursor?.direction === 'before';
  // Walking backwards flips both the comparison and the ORDER BY.
  const descending = params.sort.descending !== backwards;
  if (params.cursor !== undefined) {
    inner.push(`(${sortCol}, t.id) ${descending ? '<' : '>'} (${b.bind(params.cursor.value)}, ${b.bind(params.cursor.id)})`);
  }
  const dir = descending ? 'DESC' : 'ASC';
  const order = `ORDER BY ${sortCol} ${dir}, t.id ${dir}`;
  const limit = b.bind(params.limit + 1);
  const rows = `SELECT * FROM ${ident(model.table)} t ${whereSql(inner)} ${order} LIMIT ${window === undefined ? limit : b.bind(window)}`;
  const outer = search !== undefined && window !== undefined ? `WHERE ${search}` : '';
  const text =
    `SELECT t.id AS "__id", ${sortCol}::text AS "__sort", t.${ident(model.titleColumn)}::text AS "__title", ${select.join(', ')} ` +
    `FROM (${rows}) t ${joins.join(' ')} ${outer} ${order} LIMIT ${limit}`;
  return { text, values: b.values };
}

/** An exact count that stops at `cap + 1` rows, so it costs at most that many rows to read. */
export function cappedCountSql(model: ModelAdmin, params: ListParams, cap: number): Sql {
  const b = new Binder();
  const where = conditions(model, params, b);
  const text = `SELECT count(*)::int AS n FROM (SELECT 1 FROM ${ident(model.table)} t ${whereSql(where)} LIMIT ${b.bind(cap + 1)}) s`;
  return { text, values: b.values };
}

/** The planner's row estimate for the list's conditions (planning only; nothing is read). */
export function estimateSql(model: ModelAdmin, params: ListParams): Sql {
  const b = new Binder();
  const where = conditions(model, params, b);
  return { text: `EXPLAIN (FORMAT JSON) SELECT 1 FROM ${ident(model.table)} t ${whereSql(where)}`, values: b.values };
}

/** Oldest and newest value of the drill-down column (two index probes when it is indexed). */
export function dateBoundsSql(model: ModelAdmin): Sql {
  const col = `t.${ident(model.dateHierarchy!)}`;
  const scope = model.scope === undefined ? '' : `WHERE ${model.scope}`;
  return { text: `SELECT min(${col}) AS lo, max(${col}) AS hi FROM ${ident(model.table)} t ${scope}`, values: [] };
}

/** The first `limit` rows of a related table, by label, for a select or a filter. */
export function choicesSql(table: string, labelColumn: string, limit: number): Sql {
  return {
    text: `SELECT id, ${ident(labelColumn)}::text AS label FROM ${ident(table)} ORDER BY ${ident(labelColumn)}, id LIMIT $1`,
    values: [limit],
  };
}

/** Labels of specific related rows (the current value of a search-box relation field). */
export function labelsSql(table: string, labelColumn: string, ids: number[]): Sql {
  return { text: `SELECT id, ${ident(labelColumn)}::text AS label FROM ${ident(table)} WHERE id = ANY($1::bigint[])`, values: [ids] };
}

/** One object with the given columns (form fields and read-only fields), within the scope. */
export function objectSql(model: ModelAdmin, columns: readonly ColumnDef[], id: number): Sql {
  const { select, joins } = projection(columns);
  const scope = model.scope === undefined ? '' : ` AND (${model.scope})`;
  const list = [`t.id AS "__id"`, `t.${ident(model.titleColumn)}::text AS "__title"`, ...select].join(', ');
  return { text: `SELECT ${list} FROM ${ident(model.table)} t ${joins.join(' ')} WHERE t.id = $1${scope}`, values: [id] };
}

/** Titles of several objects (confirmation pages), within the scope. */
export function titlesSql(model: ModelAdmin, ids: number[]): Sql {
  const scope = model.scope === undefined ? '' : ` AND (${model.scope})`;
  return {
    text: `SELECT t.id AS "__id", t.${ident(model.titleColumn)}::text AS "__title" FROM ${ident(model.table)} t WHERE t.id = ANY($1::bigint[])${scope} ORDER BY t.id`,
    values: [ids],
  };
}

/** Every inline row of one parent, in id order (bounded). */
export function inlineSql(inline: InlineDef, parentId: number, limit = 1000): Sql {
  const { select, joins } = projection(inline.columns);
  return {
    text: `SELECT t.id AS "__id", ${select.join(', ')} FROM ${ident(inline.table)} t ${joins.join(' ')} WHERE t.${ident(inline.fk)} = $1 ORDER BY t.id LIMIT $2`,
    values: [parentId, limit],
  };
}
