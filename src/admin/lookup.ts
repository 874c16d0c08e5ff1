// Related objects by search: `GET /admin/<model>/lookup?q=` answers the search box admin.js puts
// next to a relation's id box (at most LOOKUP_LIMIT `{id, label}`), and `relationLabels` names
// the objects those id boxes hold on a form page, in one statement for all of them.
//
// The cost of a look-up is bounded whatever the table's size: the matches are the model's own
// search (ILIKE on its search fields) cut off at LOOKUP_LIMIT rows with no ORDER BY over all of
// them, looked for in steps as a list's search is (substring-search.ts): among the table's first
// rows in scan order, and for a rare string, every match through bitmap scans (the trigram
// indexes, where they exist). Only those few are ranked. A digit string also probes the primary
// key. A search that finds too little too slowly (a rare string on a table without a trigram
// index) is cancelled on the server after LOOKUP_BUDGET_MS, and so is one whose client has gone
// (the box aborts the previous request on every keystroke).
import type { FastifyInstance } from 'fastify';
import type { Db } from '../platform/db/db.ts';
import { CancelledError } from '../platform/db/errors.ts';
import { searchRows } from '../platform/db/substring-search.ts';
import { BadRequestError, NotFoundError } from '../platform/errors.ts';
import { deadlineAbort } from '../platform/signals.ts';
import type { AdminContext } from './context.ts';
import { runSql } from './list-data.ts';
import { SEARCH_MAX_CHARS, single, type Query } from './list-params.ts';
import { containsPattern, ident, type Sql } from './list-sql.ts';
import type { FieldDef, ModelAdmin } from './registry.ts';

export const LOOKUP_LIMIT = 20;
const LOOKUP_BUDGET_MS = 1500;

export interface LookupResult {
  id: number;
  label: string;
}

/** The ILIKE pattern for a literal prefix. */
const prefixPattern = (q: string) => `${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

/**
 * Up to `limit` objects of `model` matching `q`: the object with that id (when `q` is one), then
 * matches of its search fields (its title column when it has none), within its scope. Ranked
 * among themselves only: an exact label first, then labels starting with `q`, then by label.
 */
export function lookupSql(model: ModelAdmin, q: string, limit = LOOKUP_LIMIT, window?: number): Sql {
  const fields = (model.searchFields?.length ?? 0) > 0 ? model.searchFields! : [model.titleColumn];
  const table = ident(model.table);
  const label = `t.${ident(model.titleColumn)}::text`;
  const scope = model.scope === undefined ? '' : ` AND (${model.scope})`;
  const id = /^\d{1,15}$/.test(q) ? Number(q) : null;
  // Given a window, the search looks among the table's first `window` rows in scan order only.
  const searched = window === undefined ? `${table} t` : `(SELECT * FROM ${table} LIMIT $6) t`;
  const text =
    `SELECT id, label FROM (` +
    `SELECT t.id, ${label} AS label, 0 AS rank FROM ${table} t WHERE t.id = $2::int8${scope} ` +
    `UNION ALL ` +
    `(SELECT t.id, ${label} AS label, 1 AS rank FROM ${searched} ` +
    `WHERE (${fields.map((f) => `t.${ident(f)} ILIKE $1`).join(' OR ')})${scope} AND t.id IS DISTINCT FROM $2::int8 LIMIT $4)` +
    `) s ORDER BY rank, lower(label) = lower($3) DESC, label ILIKE $5 DESC, label, id LIMIT $4`;
  const values = [containsPattern(q), id, q, limit, prefixPattern(q)];
  return { text, values: window === undefined ? values : [...values, window] };
}

/** The look-up's search text: trimmed, bounded like the list's search box; 400 otherwise. */
function searchText(query: unknown): string {
  const q = (single((query ?? {}) as Query, 'q') ?? '').trim();
  if ([...q].length > SEARCH_MAX_CHARS || q.includes('\u0000')) {
    throw new BadRequestError('admin.invalid_lookup', `The search must be at most ${SEARCH_MAX_CHARS} characters, without null characters.`);
  }
  return q;
}

/** Runs a look-up within the time budget; `complete` is false when the budget ran out. */
export async function lookup(db: Db, model: ModelAdmin, q: string, signal: AbortSignal): Promise<{ results: LookupResult[]; complete: boolean }> {
  // Nothing typed, nothing searched: an empty box would otherwise mean "the first 20 of millions".
  if (q === '') return { results: [], complete: true };
  const budget = deadlineAbort(signal, LOOKUP_BUDGET_MS);
  try {
    // In steps, as a list's search (substring-search.ts): the planner's estimate for a rare word
    // can be 1 % of the table, and its scan for the first 20 matches then reads all of it.
    const rows = await searchRows(db, LOOKUP_LIMIT, budget.signal, {
      walk: (window) => runSql<{ id: number; label: string }>(db, lookupSql(model, q, LOOKUP_LIMIT, window), budget.signal),
      everyMatch: (tx) => runSql<{ id: number; label: string }>(tx, lookupSql(model, q), budget.signal),
    });
    return { results: rows.map((r) => ({ id: Number(r.id), label: String(r.label) })), complete: true };
  } catch (err) {
    if (err instanceof CancelledError && budget.timedOut() && !signal.aborted) return { results: [], complete: false };
    throw err;
  } finally {
    budget.dispose();
  }
}

/** The relation fields shown as an id box whose value is an id, with that id. */
function idBoxValues(fields: readonly FieldDef[], idBoxes: ReadonlySet<string>, values: Readonly<Record<string, string>>) {
  return fields.flatMap((f) => {
    const text = (values[f.name] ?? '').trim();
    return f.relation !== undefined && idBoxes.has(f.name) && /^\d{1,15}$/.test(text) ? [{ field: f, id: Number(text) }] : [];
  });
}

/** One statement naming the objects several id boxes hold (`field`, `label` per row found). */
export function relationLabelsSql(entries: readonly { field: FieldDef; id: number }[]): Sql {
  const values: unknown[] = [];
  const parts = entries.map(({ field, id }) => {
    values.push(field.name, id);
    const { table, labelColumn } = field.relation!;
    return `SELECT $${values.length - 1}::text AS field, ${ident(labelColumn)}::text AS label FROM ${ident(table)} WHERE id = $${values.length}::int8`;
  });
  return { text: parts.join(' UNION ALL '), values };
}

/**
 * Field name → the label of the object its id box names, for the fields in `idBoxes` (relations
 * too large for a select): at most one statement, none when no such box holds an id.
 */
export async function relationLabels(
  db: Db,
  fields: readonly FieldDef[],
  idBoxes: ReadonlySet<string>,
  values: Readonly<Record<string, string>>,
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const entries = idBoxValues(fields, idBoxes, values);
  if (entries.length === 0) return new Map();
  const rows = await runSql<{ field: string; label: string }>(db, relationLabelsSql(entries), signal);
  return new Map(rows.map((r) => [r.field, r.label]));
}

export function lookupRoutes(app: FastifyInstance, ctx: AdminContext): void {
  // A session is required as everywhere in the admin (the guard in auth.ts); without one, the
  // request is redirected to the login page like any other GET.
  app.get('/:model/lookup', async (request, reply) => {
    const model = ctx.registry.get((request.params as { model: string }).model);
    if (model === undefined) throw new NotFoundError('page');
    const { results, complete } = await lookup(ctx.db, model, searchText(request.query), request.abortSignal);
    return reply.header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ results, complete });
  });
}
