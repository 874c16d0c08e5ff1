// Generated queries, compiled once: pgtyped's runtime re-derives the SQL text and the parameter
// order from the query's IR on every call. Our queries use only scalar parameters (no spreads), so
// text and order are fixed; we derive them once per query and reuse them.
//
// The text is also where pgtyped's nullability hints go away: a column aliased `"total!"` or
// `"category_id?"` only tells the code generator what type to emit. Renaming it to `"total"` in
// the SQL once makes PostgreSQL return rows whose keys already match the generated result types,
// so rows need no per-row key rewriting (which also left them as slow dictionary-mode objects).
import { ParameterTransform, processSQLQueryIR, type PreparedQuery } from '@pgtyped/runtime';
import { createHash } from 'node:crypto';

export interface CompiledQuery {
  /** Named prepared statement: the name is a hash of the text, so it is stable across processes. */
  name: string;
  text: string;
  /** Parameter names in $1, $2… order. */
  params: string[];
}

/**
 * A quoted identifier with a nullability hint. Rewritten everywhere in the text, so that a
 * reference to the alias (`ORDER BY "total!"`) keeps naming the column. No statement of ours
 * has such a quoted identifier in a string literal; one there would be rewritten too.
 */
const HINTED_IDENTIFIER = /"([A-Za-z_][A-Za-z0-9_$]*)[!?]"/g;

/** The SQL text with pgtyped's nullability hints removed from quoted aliases (`"id!"` → `"id"`). */
export function stripHints(text: string): string {
  return text.replace(HINTED_IDENTIFIER, '"$1"');
}

type QueryIR = Parameters<typeof processSQLQueryIR>[0];
const compiled = new WeakMap<object, CompiledQuery>();

export function compile(query: PreparedQuery<unknown, unknown>): CompiledQuery {
  let c = compiled.get(query);
  if (c !== undefined) return c;
  const ir = (query as unknown as { queryIR: QueryIR }).queryIR;
  const { query: hinted, mapping } = processSQLQueryIR(ir);
  const text = stripHints(hinted);
  const params = mapping.map((m) => {
    if (m.type !== ParameterTransform.Scalar) throw new Error(`query parameter ${m.name} uses a spread or pick; pass an array parameter instead`);
    return m.name;
  });
  c = {
    name: 'll_' + createHash('sha1').update(text).digest('hex').slice(0, 20),
    text,
    params,
  };
  compiled.set(query, c);
  return c;
}

export function bindings(c: CompiledQuery, params: unknown): unknown[] {
  const values = params as Record<string, unknown>;
  return c.params.map((name) => values[name] ?? null);
}
