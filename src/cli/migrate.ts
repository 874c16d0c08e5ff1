// `migrate`, `migrate:status`, `migrate:new <name>` and `migrate:lint`: thin front doors to the
// migrations runner and its linter.
import { formatFinding, hasErrors, LINT_BASELINE, lintMigrations, rulesSummary } from '../platform/db/migration-lint.ts';
import { Migrator, newMigration, readMigrations } from '../platform/db/migrations.ts';
import { config, print, quietLogger, withDatabaseServer, type Command } from './command.ts';
import { formatTable } from './table.ts';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'apply pending migrations and list what was applied',
  async run(_flags, _positionals, ctx) {
    const cfg = config(ctx);
    const { stdout } = ctx.io;
    // Progress is printed as each file is applied, so a long migration shows where it is.
    const result = await withDatabaseServer(cfg, quietLogger(cfg), (url) =>
      new Migrator(url, ctx.migrationsDir, (line) => print(stdout, `  ${line}`)).migrate(),
    );
    print(stdout, result.applied.length === 0 ? 'No migrations to apply.' : `Applied ${result.applied.length} migration(s).`);
    return 0;
  },
};

export const migrateStatusCommand: Command = {
  name: 'migrate:status',
  summary: 'list migrations as applied, pending, modified or missing (exit 1 on modified/missing)',
  details: [
    'modified: the file changed after it was applied; missing: applied but the file is gone.',
    'Both mean the schema and the code disagree, so the exit code is 1; pending alone exits 0.',
  ],
  async run(_flags, _positionals, ctx) {
    const cfg = config(ctx);
    const status = await withDatabaseServer(cfg, quietLogger(cfg), (url) => new Migrator(url, ctx.migrationsDir).status());
    const rows = status.map((s) => [s.version, s.name, s.state, s.appliedAt?.toISOString() ?? '']);
    ctx.io.stdout.write(formatTable(['version', 'name', 'state', 'applied_at'], rows));
    const counts = new Map<string, number>();
    for (const s of status) counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
    print(ctx.io.stdout, `\n${[...counts].map(([state, n]) => `${n} ${state}`).join(', ') || 'no migrations'}`);
    const broken = status.filter((s) => s.state === 'modified' || s.state === 'missing');
    if (broken.length > 0) {
      print(ctx.io.stderr, `Error: ${broken.length} migration(s) modified or missing; write a new migration instead of editing an applied one.`);
      return 1;
    }
    return 0;
  },
};

export const migrateNewCommand: Command = {
  name: 'migrate:new',
  summary: 'create the next numbered, empty migration file and print its path',
  args: '<name>',
  positionals: 1,
  async run(_flags, [name], ctx) {
    print(ctx.io.stdout, newMigration(ctx.migrationsDir, name!));
    // On stderr, so that stdout stays just the path (e.g. for `$EDITOR "$(ledgerline migrate:new x)"`).
    print(
      ctx.io.stderr,
      `\n\`ledgerline migrate:lint\` checks it (and \`migrate\` refuses it) when it would lock a busy table:\n${rulesSummary()}\n` +
        'Opt out of a rule for one statement with `-- ledgerline:allow <rule-id> <why it is safe>` right before it (docs/MIGRATIONS.md).',
    );
    return 0;
  },
};

export const migrateLintCommand: Command = {
  name: 'migrate:lint',
  summary: 'check migrations for statements that would lock a busy table (exit 1 on errors)',
  args: '[--all]',
  details: [
    'Prints each finding as file:line, severity, [rule-id], message, and the safe recipe.',
    `Migrations up to ${LINT_BASELINE} were applied before the linter existed: their findings are`,
    'informational and shown only with --all. Needs no database.',
  ],
  options: { all: { type: 'boolean' } },
  async run(flags, _positionals, ctx) {
    const files = readMigrations(ctx.migrationsDir);
    const findings = await lintMigrations(files);
        for (const f of findings) if (flags['all'] === true || f.severity !== 'info') print(ctx.io.stdout, formatFinding(f, ctx.migrationsDir));
    const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
    const info = count('info');
    print(
      ctx.io.stdout,
      `${files.length} migration(s) checked: ${count('error')} error(s), ${count('warning')} warning(s)` +
        (info > 0 ? `, ${info} informational finding(s) in migrations up to ${LINT_BASELINE}${flags['all'] === true ? '' : ' (--all shows them)'}` : ''),
    );
    if (!hasErrors(findings)) return 0;
    print(ctx.io.stderr, 'Error: fix the findings above, or opt out with `-- ledgerline:allow <rule-id> <reason>` (docs/MIGRATIONS.md).');
    return 1;
  },
};
