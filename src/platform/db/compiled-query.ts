// Generated queries, compiled once: pgtyped's runtime re-derives the SQL text and the parameter
// order from the query's IR on every call. Our queries use only scalar parameters (no spreads), so
// text and order are fixed; we derive them once per query and reuse them.
import { ParameterTransform, processSQLQueryIR, type PreparedQuery } from '@pgtyped/runtime';
import { createHash } from 'node:crypto';

export interface CompiledQuery {
  /** Named prepared statement: the name is a hash of the text, so it is stable across processes. */
  name: string;
  text: string;
  /** Parameter names in $1, $2… order. */
  params: string[];
  /** The query has `"col!"`/`"col?"` nullability hints whose suffix must be stripped from rows. */
  hinted: boolean;
}

type QueryIR = Parameters<typeof processSQLQueryIR>[0];
const compiled = new WeakMap<object, CompiledQuery>();

export function compile(query: PreparedQuery<unknown, unknown>): CompiledQuery {
  let c = compiled.get(query);
  if (c !== undefined) return c;
  const ir = (query as unknown as { queryIR: QueryIR }).queryIR;
  const { query: text, mapping } = processSQLQueryIR(ir);
  const params = mapping.map((m) => {
    if (m.type !== ParameterTransform.Scalar) throw new Error(`query parameter ${m.name} uses a spread or pick; pass an array parameter instead`);
    return m.name;
  });
  c = {
    name: 'll_' + createHash('sha1').update(text).digest('hex').slice(0, 20),
    text,
    params,
    hinted: /"[A-Za-z_][A-Za-z0-9_]*[!?]"/.test(text),
  };
  compiled.set(query, c);
  return c;
}

export function bindings(c: CompiledQuery, params: unknown): unknown[] {
  const values = params as Record<string, unknown>;
  return c.params.map((name) => values[name] ?? null);
}

/** Strips pgtyped's nullability hints (`id!` → `id`) from result column names. */
export function unhint<R>(rows: Record<string, unknown>[]): R[] {
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      const last = key.at(-1);
      if (last === '!' || last === '?') {
        row[key.slice(0, -1)] = row[key];
        delete row[key];
      }
    }
  }
  return rows as R[];
}
