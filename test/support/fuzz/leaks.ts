// What a response must never show a client: stack traces, file paths, SQL and driver messages,
// names of tables and constraints. And the shape every error must have (RFC 9457).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const INTERNALS: readonly [string, RegExp][] = [
  ['stack frame', /\bat (?:async )?[\w$.<>[\]]+ \(/],
  ['stack frame', /\n\s+at /],
  ['file path', /\bat \//],
  ['file path', /file:\/\//],
  ['file path', /node_modules/],
  ['source location', /\.(?:ts|js|mjs|cjs):\d+/],
  ['SQL', /\bSELECT\s/],
  ['SQL', /\bINSERT INTO\b/],
  ['SQL', /\bUPDATE\s+\w+\s+SET\b/],
  ['SQL', /\bDELETE FROM\b/],
  ['SQL', /\bRETURNING\b/],
  ['database error', /violates/],
  ['database error', /syntax error/],
  ['database error', /duplicate key/],
  ['database error', /invalid input syntax/],
  ['database error', /out of range for type/],
  ['database error', /\brelation "/],
  ['database error', /\bcolumn "/],
  ['database error', /_(?:pkey|fkey)\b/],
  ['database error', /\bSQLSTATE\b/],
  ['JavaScript error', /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|AggregateError)\b/],
  ['JavaScript error', /\bCannot read propert/],
  ['JavaScript error', /\bis not a function\b/],
  ['JavaScript error', /\bundefined is not\b/],
  ['framework error', /\bFST_ERR_\w+/],
  ['network error', /\bE(?:CONNREFUSED|CONNRESET|PIPE|TIMEDOUT)\b/],
];

/**
 * Names of tables, indexes and constraints created by the migrations, where they cannot be
 * mistaken for words of the API (only names with an underscore: `users` is also a path).
 */
export function migrationIdentifiers(migrationsDir: string): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(migrationsDir).filter((f) => f.endsWith('.sql'))) {
    const sql = readFileSync(path.join(migrationsDir, file), 'utf8');
    for (const m of sql.matchAll(/\b(?:TABLE|INDEX|CONSTRAINT)\s+(?:CONCURRENTLY\s+)?(?:IF NOT EXISTS\s+)?(?:\w+\.)?([a-z][a-z0-9_]*_[a-z0-9_]+)\b/gi)) {
      names.add(m[1]!.toLowerCase());
    }
  }
  return [...names];
}

export interface LeakScanner {
  /**
   * What in `text` looks internal, once the strings the request itself sent (which a response may
   * rightly echo: a customer called "SELECT 1") are taken out.
   */
  scan(text: string, sent: readonly string[]): string[];
}

export function leakScanner(identifiers: readonly string[]): LeakScanner {
  const patterns: [string, RegExp][] = [
    ...INTERNALS,
    ...identifiers.map((name): [string, RegExp] => [`schema name ${name}`, new RegExp(`\\b${name}\\b`)]),
  ];
  return {
    scan(text, sent) {
      let rest = text;
      // Longest first, so that a string is removed before any of its parts.
      const echoes = [...new Set(sent.flatMap((s) => [s, s.trim(), s.toLowerCase(), s.trim().toLowerCase(), JSON.stringify(s).slice(1, -1)]))]
        .filter((s) => s.length >= 3)
        .sort((a, b) => b.length - a.length);
      for (const echo of echoes) rest = rest.split(echo).join(' ');
      return patterns.filter(([, re]) => re.test(rest)).map(([what, re]) => `${what} (${re.source})`);
    },
  };
}

/** Every string leaf of a JSON value (and the object keys), for echo removal. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  }
  return out;
}

/** How an error response breaks RFC 9457 as the contract uses it (empty: it does not). */
export function problemShapeErrors(status: number, contentType: string | undefined, body: unknown): string[] {
  if (status < 400) return [];
  const errors: string[] = [];
  if (!/^application\/problem\+json\b/.test(contentType ?? '')) errors.push(`content-type ${String(contentType)}`);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return [...errors, 'body is not an object'];
  const p = body as Record<string, unknown>;
  if (typeof p['type'] !== 'string' || p['type'] === '') errors.push('no type');
  if (typeof p['title'] !== 'string' || p['title'] === '') errors.push('no title');
  if (p['status'] !== status) errors.push(`status member ${String(p['status'])}`);
  return errors;
}
