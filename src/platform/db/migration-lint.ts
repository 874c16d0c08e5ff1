// The zero-downtime migration linter (SPEC §8): migration texts in, findings out. It parses with
// PostgreSQL's own parser (libpg-query, compiled to WebAssembly), so a statement is judged by what
// PostgreSQL will do with it, not by how it is spelled. docs/MIGRATIONS.md lists the rules.
//
// Opt-outs are comments, and every one needs a reason:
//   -- ledgerline:allow <rule-id> <why it is safe here>       the statement it precedes (or is inside)
//   -- ledgerline:allow-file <rule-id> <why it is safe here>  every statement of the file
import path from 'node:path';
import type * as LibPgQuery from 'libpg-query';
import type { RawStmt, ScanToken } from 'libpg-query';
import { checkStatement, FileScope, SchemaFacts } from './migration-lint-checks.ts';
import { ruleById, type Severity } from './migration-lint-rules.ts';

type Parser = Pick<typeof LibPgQuery, 'parseSync' | 'scanSync'>;

/**
 * The parser, loaded on first use: its WebAssembly module costs ~18 MB of RSS (and reserves
 * 128 MB), which web processes, that never lint, should not carry. import() caches the module.
 */
async function loadParser(): Promise<Parser> {
  const libpgQuery = await import('libpg-query');
  await libpgQuery.loadModule();
  return libpgQuery;
}

export { RULES, rulesSummary, type Severity } from './migration-lint-rules.ts';

/**
 * Migrations up to this version were applied in deployed databases before the linter existed and
 * cannot change; their findings are reported as `info` only. 0009 is pg-boss's schema verbatim
 * (an int primary key, a timestamp column) and 0012 indexed orders and invoices in a transaction.
 */
export const LINT_BASELINE = '0013';

/** Words an opt-out's reason needs at least, so that "ok" or "safe" does not pass for one. */
const MIN_REASON_WORDS = 3;
const DIRECTIVE = /^--\s*ledgerline:(\S*)\s*(.*)$/;
const NO_TRANSACTION = 'no-transaction';

export interface LintSource {
  /** The file name, e.g. `0014_add_due_date.sql`. */
  file: string;
  version: string;
  sql: string;
  transactional: boolean;
}

export interface LintFinding {
  file: string;
  line: number;
  rule: string;
  severity: Severity;
  message: string;
  fix: string;
}

export interface LintOptions {
  /** Files with a version up to this one report `info` only (default LINT_BASELINE). */
  baseline?: string;
}

interface Allow {
  rule: string;
  line: number;
  /** The statement it covers; undefined for a file-wide opt-out. */
  statement: number | undefined;
  used: boolean;
}

/** Line numbers of byte offsets (the parser reports UTF-8 byte offsets, not string indexes). */
function lineFinder(sql: string): (byteOffset: number) => number {
  const bytes = Buffer.from(sql, 'utf8');
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

function finding(file: string, line: number, rule: string, message: string): LintFinding {
  const r = ruleById(rule);
  return { file, line, rule, severity: r?.severity ?? 'error', message, fix: r?.fix ?? '' };
}

/** Parses a file's `ledgerline:` comments into opt-outs, reporting the malformed ones. */
function readDirectives(
  source: LintSource,
  tokens: readonly ScanToken[],
  statementOf: (byteOffset: number) => number | undefined,
  lineOf: (byteOffset: number) => number,
  out: LintFinding[],
): Allow[] {
  const allows: Allow[] = [];
  tokens.forEach((token, index) => {
    if (token.tokenName !== 'SQL_COMMENT') return;
    const match = DIRECTIVE.exec(token.text.trim());
    if (match === null) return;
    const [, kind, rest] = match as unknown as [string, string, string];
    const line = lineOf(token.start);
    const bad = (why: string) => out.push(finding(source.file, line, 'invalid-directive', why));
    if (kind === NO_TRANSACTION) {
      if (index !== 0) bad('`-- ledgerline:no-transaction` only counts as the first line of the file');
      return;
    }
    if (kind !== 'allow' && kind !== 'allow-file') return bad(`unknown directive "ledgerline:${kind}"`);
    const [id = '', ...reason] = rest.split(/\s+/).filter(Boolean);
    const rule = ruleById(id);
    if (rule === undefined) return bad(`"${id}" is not a rule id (see docs/MIGRATIONS.md)`);
    if (!rule.optOut) return bad(`${id} cannot be opted out of`);
    if (reason.filter((w) => /\p{L}/u.test(w)).length < MIN_REASON_WORDS) {
      return bad(`an opt-out of ${id} needs a reason of at least ${MIN_REASON_WORDS} words`);
    }
    allows.push({ rule: id, line, statement: kind === 'allow' ? statementOf(token.start) : undefined, used: false });
  });
  return allows;
}

function lintFile(parser: Parser, source: LintSource, facts: SchemaFacts): LintFinding[] {
  const out: LintFinding[] = [];
  const lineOf = lineFinder(source.sql);
  const size = Buffer.byteLength(source.sql, 'utf8');
  let stmts: RawStmt[];
  try {
    stmts = parser.parseSync(source.sql).stmts ?? [];
  } catch (err) {
    const at = (err as { sqlDetails?: { cursorPosition?: number } }).sqlDetails?.cursorPosition ?? 0;
    return [finding(source.file, lineOf(at), 'syntax-error', (err as Error).message)];
  }
  // A comment belongs to the statement that ends after it: the one it precedes or sits inside.
  const ends = stmts.map((s) => (s.stmt_len ? (s.stmt_location ?? 0) + s.stmt_len : size));
  const statementOf = (offset: number) => {
    const i = ends.findIndex((end) => offset < end);
    return i === -1 ? undefined : i;
  };
  const tokens = parser.scanSync(source.sql).tokens ?? [];
  const allows = readDirectives(source, tokens, statementOf, lineOf, out);
  const scope = new FileScope(source.transactional);
  stmts.forEach((raw, index) => {
    if (raw.stmt === undefined) return;
    const statementLine = lineOf(firstTokenAt(tokens, raw.stmt_location ?? 0));
    for (const v of checkStatement(raw.stmt, facts, scope)) {
      const allow = allows.find((a) => a.rule === v.rule && (a.statement === index || a.statement === undefined));
      if (allow !== undefined && ruleById(v.rule)?.optOut === true) {
        allow.used = true;
        continue;
      }
      out.push(finding(source.file, v.location === undefined ? statementLine : lineOf(v.location), v.rule, v.message));
    }
  });
  for (const a of allows.filter((x) => !x.used)) {
    out.push(finding(source.file, a.line, 'unused-allow', `the opt-out of ${a.rule} matches no ${a.rule} finding${a.statement === undefined ? ' in this file' : ' in the statement after it'}`));
  }
  return out.sort((a, b) => a.line - b.line);
}

/** The byte offset of the first token at or after `from` that is not a comment. */
function firstTokenAt(tokens: readonly ScanToken[], from: number): number {
  return tokens.find((t) => t.start >= from && t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT')?.start ?? from;
}

/**
 * Lints migrations in version order (what one file validates, a later one may rely on). Findings
 * of files at or below the baseline come back as `info`.
 */
export async function lintMigrations(files: readonly LintSource[], options: LintOptions = {}): Promise<LintFinding[]> {
  const parser = await loadParser();
  const baseline = options.baseline ?? LINT_BASELINE;
  const facts = new SchemaFacts();
  const ordered = [...files].sort((a, b) => a.version.localeCompare(b.version));
  return ordered.flatMap((f) => {
    const findings = lintFile(parser, f, facts);
    return f.version <= baseline ? findings.map((x) => ({ ...x, severity: 'info' as const })) : findings;
  });
}

/**
 * True for a statement that runs CONCURRENTLY (index build, drop or rebuild, partition detach):
 * the runner lets those wait for their lock without lock_timeout.
 */
export async function runsConcurrently(statement: string): Promise<boolean> {
  const parser = await loadParser();
  let stmts: RawStmt[];
  try {
    stmts = parser.parseSync(statement).stmts ?? [];
  } catch {
    return false;
  }
  return stmts.some(({ stmt }) => {
    if (stmt === undefined) return false;
    if ('IndexStmt' in stmt) return stmt.IndexStmt.concurrent === true;
    if ('DropStmt' in stmt) return stmt.DropStmt.concurrent === true;
    if ('ReindexStmt' in stmt) return (stmt.ReindexStmt.params ?? []).some((p) => 'DefElem' in p && p.DefElem.defname === 'concurrently');
    if ('AlterTableStmt' in stmt) {
      return (stmt.AlterTableStmt.cmds ?? []).some(
        (c) => 'AlterTableCmd' in c && c.AlterTableCmd.def !== undefined && 'PartitionCmd' in c.AlterTableCmd.def && c.AlterTableCmd.def.PartitionCmd.concurrent === true,
      );
    }
    return false;
  });
}

export function hasErrors(findings: readonly LintFinding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}

/**
 * `migrations/0014_x.sql:3: error [index-not-concurrent] message` and the fix on the next line;
 * the file is shown relative to the working directory when it is under it.
 */
export function formatFinding(f: LintFinding, dir = ''): string {
  const relative = path.relative(process.cwd(), path.join(dir, f.file));
  const where = dir === '' ? f.file : relative.startsWith('..') ? path.join(dir, f.file) : relative;
  return `${where}:${f.line}: ${f.severity} [${f.rule}] ${f.message}\n    fix: ${f.fix}`;
}
