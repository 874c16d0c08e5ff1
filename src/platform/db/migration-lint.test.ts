import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatFinding, hasErrors, LINT_BASELINE, lintMigrations, RULES, runsConcurrently, type LintFinding } from './migration-lint.ts';
import { readMigrations } from './migrations.ts';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '..', '..', '..', 'migrations');
const NO_TX = '-- ledgerline:no-transaction\n';
/** An existing, busy table: created by an earlier migration. */
const EXISTING = 'CREATE TABLE t (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, a text, b bigint, note text);';

/** Lints `sql` as the newest migration after `before`, and returns the findings in that file. */
async function lint(sql: string, before: string[] = [EXISTING], baseline = '0000'): Promise<LintFinding[]> {
  const files = [...before, sql].map((text, i) => {
    const version = String(100 + i).padStart(4, '0');
    return { file: `${version}_m.sql`, version, sql: text, transactional: !text.trimStart().startsWith(NO_TX.trim()) };
  });
  const last = files.at(-1)!.file;
  return (await lintMigrations(files, { baseline })).filter((f) => f.file === last);
}
const rulesOf = async (sql: string, before?: string[]) => (await lint(sql, before)).map((f) => f.rule);
const allow = (rule: string) => `-- ledgerline:allow ${rule} the table is tiny and only staff write to it\n`;

// Each rule: statements it rejects on an existing table, and the safe recipe it accepts.
const CASES: { rule: string; unsafe: string[]; safe: string[] }[] = [
  {
    rule: 'index-not-concurrent',
    unsafe: ['CREATE INDEX t_a_idx ON t (a);', 'CREATE UNIQUE INDEX t_a_key ON public.t (a);', 'REINDEX TABLE t;'],
    safe: [`${NO_TX}CREATE INDEX CONCURRENTLY t_a_idx ON t (a);`, 'CREATE INDEX p_a_idx ON ONLY t (a);'],
  },
  {
    rule: 'drop-index-not-concurrent',
    unsafe: ['DROP INDEX t_a_idx;'],
    safe: [`${NO_TX}DROP INDEX CONCURRENTLY IF EXISTS t_a_idx;`],
  },
  {
    rule: 'constraint-not-valid',
    unsafe: [
      'ALTER TABLE t ADD CONSTRAINT t_b_fkey FOREIGN KEY (b) REFERENCES t (id);',
      'ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b > 0);',
      'ALTER TABLE t ADD COLUMN parent_id bigint REFERENCES t (id);',
    ],
    safe: ['ALTER TABLE t ADD CONSTRAINT t_b_fkey FOREIGN KEY (b) REFERENCES t (id) NOT VALID;', 'ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b > 0) NOT VALID;'],
  },
  {
    rule: 'validate-in-transaction',
    unsafe: ['ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_b_check;'],
    safe: [`${NO_TX}ALTER TABLE t ADD CONSTRAINT t_b_check CHECK (b > 0) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_b_check;`],
  },
  {
    rule: 'unique-not-using-index',
    unsafe: ['ALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE (a);', 'ALTER TABLE t ADD COLUMN code text UNIQUE;'],
    safe: [`${NO_TX}CREATE UNIQUE INDEX CONCURRENTLY t_a_key ON t (a);\nALTER TABLE t ADD CONSTRAINT t_a_key UNIQUE USING INDEX t_a_key;`],
  },
  {
    rule: 'set-not-null-without-check',
    unsafe: ['ALTER TABLE t ALTER COLUMN a SET NOT NULL;', 'ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;'],
    safe: [
      `${NO_TX}ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;\nALTER TABLE t VALIDATE CONSTRAINT t_a_not_null;\nALTER TABLE t ALTER COLUMN a SET NOT NULL;\nALTER TABLE t DROP CONSTRAINT t_a_not_null;`,
    ],
  },
  { rule: 'column-type-change', unsafe: ['ALTER TABLE t ALTER COLUMN b TYPE numeric;'], safe: [] },
  { rule: 'rename-column', unsafe: ['ALTER TABLE t RENAME COLUMN a TO title;'], safe: ['ALTER TABLE t RENAME CONSTRAINT t_pkey TO t_id_pkey;'] },
  { rule: 'rename-table', unsafe: ['ALTER TABLE t RENAME TO things;'], safe: ['ALTER INDEX t_pkey RENAME TO t_id_pkey;'] },
  { rule: 'drop-column', unsafe: ['ALTER TABLE t DROP COLUMN note;'], safe: [] },
  { rule: 'drop-table', unsafe: ['DROP TABLE t;', 'DROP TABLE IF EXISTS public.t CASCADE;'], safe: [] },
  {
    rule: 'volatile-default',
    unsafe: [
      'ALTER TABLE t ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();',
      'ALTER TABLE t ADD COLUMN seen_at timestamptz DEFAULT clock_timestamp();',
      "ALTER TABLE t ADD COLUMN n bigint DEFAULT nextval('t_n_seq');",
      'ALTER TABLE t ADD COLUMN score int DEFAULT (random() * 10)::int;',
      'ALTER TABLE t ADD COLUMN n bigserial;',
      'ALTER TABLE t ADD COLUMN n bigint GENERATED ALWAYS AS IDENTITY;',
      'ALTER TABLE t ADD COLUMN b2 bigint GENERATED ALWAYS AS (b * 2) STORED;',
    ],
    safe: [
      'ALTER TABLE t ADD COLUMN created_at timestamptz NOT NULL DEFAULT now();',
      'ALTER TABLE t ADD COLUMN flagged boolean NOT NULL DEFAULT false;',
      "ALTER TABLE t ADD COLUMN tags jsonb NOT NULL DEFAULT '[]'::jsonb;",
      'ALTER TABLE t ADD COLUMN due date DEFAULT CURRENT_DATE;',
      'ALTER TABLE t ADD COLUMN token uuid;\nALTER TABLE t ALTER COLUMN token SET DEFAULT gen_random_uuid();',
    ],
  },
  { rule: 'table-rewrite', unsafe: ['VACUUM FULL t;', 'CLUSTER t USING t_pkey;', 'ALTER TABLE t SET UNLOGGED;'], safe: ['VACUUM (ANALYZE) t;'] },
  { rule: 'prefer-jsonb', unsafe: ['CREATE TABLE x (id bigint PRIMARY KEY, body json);', 'ALTER TABLE t ADD COLUMN body json;'], safe: ['CREATE TABLE x (id bigint PRIMARY KEY, body jsonb);'] },
  {
    rule: 'prefer-timestamptz',
    unsafe: ['CREATE TABLE x (at timestamp);', 'CREATE TABLE x (at timestamp(3) without time zone);'],
    safe: ['CREATE TABLE x (at timestamptz, at2 timestamp with time zone);'],
  },
  {
    rule: 'prefer-bigint-id',
    unsafe: [
      'CREATE TABLE x (id serial PRIMARY KEY);',
      'CREATE TABLE x (id integer PRIMARY KEY);',
      'CREATE TABLE x (id int GENERATED ALWAYS AS IDENTITY);',
      'CREATE TABLE x (code smallint, PRIMARY KEY (code));',
    ],
    safe: [
      'CREATE TABLE x (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, qty integer NOT NULL);',
      'CREATE TABLE x (a bigint, n int, PRIMARY KEY (a, n));',
      'CREATE TABLE x (key text PRIMARY KEY);',
    ],
  },
];

describe('migration linter › rules', () => {
  for (const { rule, unsafe, safe } of CASES) {
    describe(rule, () => {
      for (const sql of unsafe) {
        it(`rejects ${sql.split('\n').at(-1)}`, async () => {
          const findings = await lint(sql);
          expect(findings.map((f) => f.rule)).toContain(rule);
          const f = findings.find((x) => x.rule === rule)!;
          expect(f.severity).toBe('error');
          expect(f.fix.length).toBeGreaterThan(10);
        });

        it(`accepts it with an opt-out and a reason: ${sql.split('\n').at(-1)}`, async () => {
          const lines = sql.split('\n');
          const optedOut = [...lines.slice(0, -1), `${allow(rule)}${lines.at(-1)}`].join('\n');
          expect(await rulesOf(optedOut)).not.toContain(rule);
        });
      }
      for (const sql of safe) {
        it(`accepts ${sql.replace(NO_TX, '').split('\n')[0]}`, async () => {
          expect(await lint(sql)).toEqual([]);
        });
      }
    });
  }

  it('rejects CONCURRENTLY in a transactional file, and no opt-out lets it through', async () => {
    for (const sql of ['CREATE INDEX CONCURRENTLY t_a_idx ON t (a);', 'DROP INDEX CONCURRENTLY t_a_idx;', 'REINDEX INDEX CONCURRENTLY t_pkey;']) {
      expect(await rulesOf(sql)).toEqual(['concurrently-in-transaction']);
      expect(await rulesOf(allow('concurrently-in-transaction') + sql)).toEqual(['invalid-directive', 'concurrently-in-transaction']);
    }
  });

  it('rejects transaction control: the runner owns the transaction', async () => {
    expect(await rulesOf('BEGIN;\nCREATE TABLE x (id bigint PRIMARY KEY);\nCOMMIT;')).toEqual(['transaction-control', 'transaction-control']);
  });

  it('warns (without failing) about varchar(n)', async () => {
    const findings = await lint('CREATE TABLE x (id bigint PRIMARY KEY, code varchar(20), free varchar);');
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['prefer-text', 'warning']]);
    expect(hasErrors(findings)).toBe(false);
  });

  it('reports a statement PostgreSQL cannot parse, with its line', async () => {
    const [f, ...rest] = await lint('CREATE TABLE x (id bigint);\nCREATE TABLE (;');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'syntax-error', line: 2, severity: 'error' });
  });

  it('accepts SET NOT NULL after a CHECK (col IS NOT NULL) validated by earlier migrations', async () => {
    const before = [EXISTING, 'ALTER TABLE t ADD CONSTRAINT t_a_not_null CHECK (a IS NOT NULL) NOT VALID;', 'ALTER TABLE t VALIDATE CONSTRAINT t_a_not_null;'];
    expect(await rulesOf('ALTER TABLE t ALTER COLUMN a SET NOT NULL;', before)).toEqual([]);
    // Validated, then dropped: it proves nothing any more.
    expect(await rulesOf('ALTER TABLE t ALTER COLUMN a SET NOT NULL;', [...before, 'ALTER TABLE t DROP CONSTRAINT t_a_not_null;'])).toEqual([
      'set-not-null-without-check',
    ]);
    // A check on another column proves nothing about this one.
    expect(await rulesOf('ALTER TABLE t ALTER COLUMN note SET NOT NULL;', before)).toEqual(['set-not-null-without-check']);
  });
});

describe('migration linter › tables created in the same file', () => {
  it('accepts every locking operation on a table the file creates (it is empty and unused)', async () => {
    const sql = `CREATE TABLE n (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, t_id bigint, code text, body text);
CREATE INDEX n_t_idx ON n (t_id);
CREATE UNIQUE INDEX n_code_key ON n (code);
ALTER TABLE n ADD CONSTRAINT n_t_fkey FOREIGN KEY (t_id) REFERENCES t (id);
ALTER TABLE n ADD CONSTRAINT n_body_check CHECK (char_length(body) < 100);
ALTER TABLE n ADD CONSTRAINT n_code_uniq UNIQUE (code);
ALTER TABLE n ALTER COLUMN code SET NOT NULL;
ALTER TABLE n ADD COLUMN token uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE n ALTER COLUMN body TYPE varchar;
ALTER TABLE n RENAME COLUMN body TO text_body;
ALTER TABLE n DROP COLUMN text_body;
DROP INDEX n_t_idx;
ALTER TABLE n RENAME TO m;
CREATE INDEX m_code_idx ON m (code);
CREATE TABLE scratch AS SELECT 1 AS one;
DROP TABLE scratch;`;
    expect(await lint(sql)).toEqual([]);
  });

  it('still judges the existing table when the same file also creates one', async () => {
    expect(await rulesOf('CREATE TABLE n (id bigint PRIMARY KEY);\nCREATE INDEX t_a_idx ON t (a);')).toEqual(['index-not-concurrent']);
  });

  it('tells schemas apart: a new other.t is not the existing public.t', async () => {
    expect(await rulesOf('CREATE SCHEMA other;\nCREATE TABLE other.t (id bigint PRIMARY KEY, a text);\nCREATE INDEX t_a_idx ON t (a);')).toEqual(['index-not-concurrent']);
    expect(await rulesOf('CREATE SCHEMA other;\nCREATE TABLE other.t (id bigint PRIMARY KEY, a text);\nCREATE INDEX t_a_idx ON other.t (a);')).toEqual([]);
  });
});

describe('migration linter › opt-outs', () => {
  it('covers only the statement it precedes or sits inside', async () => {
    const sql = `${allow('index-not-concurrent')}CREATE INDEX t_a_idx ON t (a);\nCREATE INDEX t_b_idx ON t (b);`;
    expect(await lint(sql)).toMatchObject([{ rule: 'index-not-concurrent', line: 3 }]);
    const inside = `ALTER TABLE t\n  ${allow('drop-column').trim()}\n  DROP COLUMN note,\n  ADD COLUMN memo text;`;
    expect(await lint(inside)).toEqual([]);
  });

  it('covers the whole file with allow-file', async () => {
    const sql = `-- ledgerline:allow-file index-not-concurrent the table is tiny and only staff write to it\nCREATE INDEX t_a_idx ON t (a);\nCREATE INDEX t_b_idx ON t (b);`;
    expect(await lint(sql)).toEqual([]);
  });

  it('rejects an opt-out without a reason, or naming an unknown rule', async () => {
    expect(await rulesOf('-- ledgerline:allow index-not-concurrent fine\nCREATE INDEX t_a_idx ON t (a);')).toEqual(['invalid-directive', 'index-not-concurrent']);
    expect(await rulesOf('-- ledgerline:allow no-such-rule because it is fine here\nCREATE TABLE x (id bigint);')).toEqual(['invalid-directive']);
    expect(await rulesOf('-- ledgerline:alow index-not-concurrent because it is fine here\nCREATE TABLE x (id bigint);')).toEqual(['invalid-directive']);
  });

  it('warns about an opt-out that suppresses nothing', async () => {
    const findings = await lint(`${allow('drop-table')}CREATE INDEX CONCURRENTLY t_a_idx ON t (a);`.replace(/^/, NO_TX));
    expect(findings.map((f) => [f.rule, f.severity, f.line])).toEqual([['unused-allow', 'warning', 2]]);
  });

  it('reports a no-transaction marker that is not the first line (the runner would ignore it)', async () => {
    expect(await rulesOf(`-- add an index\n${NO_TX}CREATE INDEX CONCURRENTLY t_a_idx ON t (a);`)).toEqual(['invalid-directive', 'concurrently-in-transaction']);
  });
});

describe('migration linter › reporting', () => {
  it('reports the line of the offending part, counting lines after multi-byte characters', async () => {
    const sql = `-- Ünïcödé — comments\nALTER TABLE t\n  ADD COLUMN memo text,\n  ADD COLUMN token uuid DEFAULT gen_random_uuid();`;
    expect(await lint(sql)).toMatchObject([{ rule: 'volatile-default', line: 4 }]);
  });

  it('formats a finding as file:line, severity, rule id, message and fix', async () => {
    const [f] = await lint('\n\nCREATE INDEX t_a_idx ON t (a);');
    expect(formatFinding(f!, 'migrations')).toMatch(
      /^migrations\/0101_m\.sql:3: error \[index-not-concurrent\] CREATE INDEX t_a_idx on existing table public\.t without CONCURRENTLY\n {4}fix: .*CONCURRENTLY/,
    );
  });

  it('reports findings of files up to the baseline as info only', async () => {
    const findings = await lint('CREATE INDEX t_a_idx ON t (a);', [EXISTING], '0101');
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['index-not-concurrent', 'info']]);
    expect(hasErrors(findings)).toBe(false);
  });

  it('every rule has an id, a summary and a fix', () => {
    for (const r of RULES) expect([r.id, r.summary.length > 10, r.fix.length > 10]).toEqual([expect.stringMatching(/^[a-z-]+$/), true, true]);
  });
});

describe('migration linter › the repository', () => {
  it('passes migrations/ as they are: only baseline files have (informational) findings', async () => {
    const findings = await lintMigrations(readMigrations(MIGRATIONS_DIR));
    expect(findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(findings.every((f) => f.file.slice(0, 4) <= LINT_BASELINE)).toBe(true);
  });
});

describe('runsConcurrently', () => {
  it('tells the statements that run without lock_timeout', async () => {
    expect(await runsConcurrently('CREATE UNIQUE INDEX CONCURRENTLY i ON t (a)')).toBe(true);
    expect(await runsConcurrently('DROP INDEX CONCURRENTLY IF EXISTS i')).toBe(true);
    expect(await runsConcurrently('ALTER TABLE p DETACH PARTITION c CONCURRENTLY')).toBe(true);
    expect(await runsConcurrently('CREATE INDEX i ON t (a)')).toBe(false);
    expect(await runsConcurrently("SELECT 'CONCURRENTLY'")).toBe(false);
  });
});
