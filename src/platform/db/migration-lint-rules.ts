// The migration linter's rule catalogue: one entry per rule id, with the one-line fix that every
// finding prints. docs/MIGRATIONS.md explains each rule's lock and its safe recipe at length.

export type Severity = 'error' | 'warning' | 'info';

export interface Rule {
  readonly id: string;
  /** `error` fails `migrate:lint` and stops `migrate`; `warning` is printed only. */
  readonly severity: Exclude<Severity, 'info'>;
  /** What the rule rejects, for `migrate:new`'s hint and the docs. */
  readonly summary: string;
  /** The safe recipe, printed under every finding. */
  readonly fix: string;
  /** False for what cannot run at all or is about the opt-outs themselves. */
  readonly optOut: boolean;
}

const rule = (id: string, summary: string, fix: string, severity: Rule['severity'] = 'error', optOut = true): Rule => ({
  id,
  severity,
  summary,
  fix,
  optOut,
});

export const RULES: readonly Rule[] = [
  rule(
    'index-not-concurrent',
    'CREATE INDEX or REINDEX without CONCURRENTLY on an existing table (blocks writes for the whole build)',
    'Use CREATE INDEX CONCURRENTLY (REINDEX … CONCURRENTLY) in a file whose first line is `-- ledgerline:no-transaction`.',
  ),
  rule(
    'drop-index-not-concurrent',
    'DROP INDEX without CONCURRENTLY (takes an ACCESS EXCLUSIVE lock on the table)',
    'Use DROP INDEX CONCURRENTLY in a `-- ledgerline:no-transaction` file.',
  ),
  rule(
    'concurrently-in-transaction',
    'CONCURRENTLY in a transactional migration (PostgreSQL refuses to run it inside a transaction)',
    'Make `-- ledgerline:no-transaction` the first line of the file, or move the statement to a file of its own.',
    'error',
    false,
  ),
  rule(
    'constraint-not-valid',
    'a FOREIGN KEY or CHECK constraint added to an existing table without NOT VALID (scans the table under lock)',
    'ADD CONSTRAINT … NOT VALID, then ALTER TABLE … VALIDATE CONSTRAINT … in a later migration (or a no-transaction file).',
  ),
  rule(
    'validate-in-transaction',
    'VALIDATE CONSTRAINT in the same transaction that added the constraint NOT VALID (the ACCESS EXCLUSIVE lock of the ADD is held through the scan)',
    'Validate in a later migration, or make this file `-- ledgerline:no-transaction` so each statement commits on its own.',
  ),
  rule(
    'unique-not-using-index',
    'a UNIQUE, PRIMARY KEY or EXCLUDE constraint built on an existing table (builds its index under an ACCESS EXCLUSIVE lock)',
    'CREATE UNIQUE INDEX CONCURRENTLY name …; then ALTER TABLE … ADD CONSTRAINT name UNIQUE (or PRIMARY KEY) USING INDEX name.',
  ),
  rule(
    'set-not-null-without-check',
    'ALTER COLUMN … SET NOT NULL on an existing table without a validated CHECK (col IS NOT NULL) (scans the table under ACCESS EXCLUSIVE)',
    'ADD CONSTRAINT t_col_not_null CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT it (later migration); then SET NOT NULL; then DROP CONSTRAINT.',
  ),
  rule(
    'column-type-change',
    'ALTER COLUMN … TYPE on an existing table (most type changes rewrite the table under ACCESS EXCLUSIVE)',
    'Add a new column, backfill it in batches, move the code over, drop the old one; opt out only for a change that needs no rewrite (e.g. varchar(n) to text).',
  ),
  rule(
    'rename-column',
    'renaming a column of an existing table (the running code still uses the old name)',
    'Expand and contract: add the new column, write both, backfill, switch reads, then drop the old column in a later release.',
  ),
  rule(
    'rename-table',
    'renaming an existing table (the running code still uses the old name)',
    'Create the new table (or a view under the new name), move the code over, then drop the old name in a later release.',
  ),
  rule(
    'drop-column',
    'dropping a column of an existing table (the running code may still read or write it)',
    'Stop using the column in a release first; then drop it, with an opt-out that says the code no longer uses it.',
  ),
  rule(
    'drop-table',
    'dropping an existing table (the running code may still use it, and the data is gone)',
    'Stop using the table in a release first; then drop it, with an opt-out that says the code no longer uses it.',
  ),
  rule(
    'volatile-default',
    'ADD COLUMN with a volatile default, identity, serial or stored generated column on an existing table (rewrites the table under ACCESS EXCLUSIVE)',
    'Add the column with no default (or a constant one), SET DEFAULT for new rows, and backfill existing rows in batches.',
  ),
  rule(
    'table-rewrite',
    'VACUUM FULL, CLUSTER, SET LOGGED/UNLOGGED, SET TABLESPACE or SET ACCESS METHOD on an existing table (rewrites it under ACCESS EXCLUSIVE)',
    'Do it in a maintenance window, outside migrations (or with a tool such as pg_repack).',
  ),
  rule(
    'transaction-control',
    'BEGIN, COMMIT, ROLLBACK or SAVEPOINT in a migration (the runner owns the transaction)',
    'Remove it; use `-- ledgerline:no-transaction` when statements must commit one by one.',
    'error',
    false,
  ),
  rule('prefer-jsonb', 'a json column', 'Use jsonb (json keeps text and cannot be indexed or compared).'),
  rule('prefer-timestamptz', 'a timestamp column without time zone', 'Use timestamptz (timestamp drops the offset and depends on the session time zone).'),
  rule(
    'prefer-bigint-id',
    'an int/integer/smallint/serial primary key or identity column',
    'Use bigint GENERATED ALWAYS AS IDENTITY: an integer id runs out at 2^31, and widening it later rewrites the table.',
  ),
  rule('prefer-text', 'a varchar(n) column', 'Use text with a CHECK (char_length(col) <= n): the limit can then change without touching the column type.', 'warning'),
  rule('syntax-error', 'SQL that PostgreSQL cannot parse', 'Fix the statement; `psql` shows the same error.', 'error', false),
  rule(
    'invalid-directive',
    'a `ledgerline:` comment the runner or linter does not understand: an opt-out naming an unknown rule, a rule that cannot be opted out of, or no reason; a no-transaction marker that is not the first line',
    'Write `-- ledgerline:allow <rule-id> <why this is safe here, in a few words>`; `-- ledgerline:no-transaction` goes on the first line.',
    'error',
    false,
  ),
  rule('unused-allow', 'an opt-out comment that suppresses nothing', 'Remove it, or move it right before the statement it is about.', 'warning', false),
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** The short list `migrate:new` prints, so the author knows what the linter will ask for. */
export function rulesSummary(): string {
  const width = Math.max(...RULES.map((r) => r.id.length)) + 2;
  return RULES.filter((r) => r.optOut).map((r) => `  ${r.id.padEnd(width)}${r.summary}`).join('\n');
}
