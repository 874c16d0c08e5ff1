// Regenerates the typed query modules (`src/**/queries.queries.ts`) from the `.sql` files next to
// them, against a freshly migrated database on the embedded PostgreSQL.
//   npm run db:generate          write the generated files
//   npm run db:check             regenerate and fail if the committed files were stale (CI)
//   npm run db:generate -- --file src/features/x/queries.sql   one file only
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { Migrator } from '../src/platform/db/migrations.ts';

const root = path.resolve(import.meta.dirname, '..');
const check = process.argv.includes('--check');
const fileIndex = process.argv.indexOf('--file');
const onlyFile = fileIndex === -1 ? undefined : process.argv[fileIndex + 1];
const DB = `ledgerline_codegen_${process.pid}`;

function generatedFiles(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) generatedFiles(full, out);
    else if (entry.name.endsWith('.queries.ts')) out.set(full, readFileSync(full, 'utf8'));
  }
  return out;
}

function sqlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) sqlFiles(full, out);
    else if (entry.name.endsWith('.sql')) out.push(full);
  }
  return out;
}

const before = generatedFiles(path.join(root, 'src'));
// A generated module whose .sql file is gone is stale: remove it before generating.
for (const file of onlyFile ? [] : before.keys()) {
  if (!existsSync(file.replace(/\.queries\.ts$/, '.sql'))) rmSync(file);
}

const embedded = await startEmbeddedPostgres({ dataDir: path.resolve(process.env.DATA_DIR ?? path.join(root, 'var')) });
let failed = false;
try {
  const admin = new pg.Client({ connectionString: embedded.urlFor('postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  const url = embedded.urlFor(DB);
  await new Migrator(url, path.join(root, 'migrations')).migrate();

  const cli = path.join(root, 'node_modules', '@pgtyped', 'cli', 'lib', 'index.js');
  // pgtyped's own --file flag is ignored by its transformer, so one file means a config of its own.
  let configFile = path.join(root, 'pgtyped.config.json');
  if (onlyFile) {
    const base = JSON.parse(readFileSync(configFile, 'utf8')) as { transforms: { include: string }[]; srcDir: string };
    const relative = path.relative(path.join(root, base.srcDir), path.resolve(onlyFile));
    base.transforms = base.transforms.map((t) => ({ ...t, include: relative }));
    base.srcDir = path.join(root, base.srcDir);
    configFile = path.join(mkdtempSync(path.join(tmpdir(), 'pgtyped-')), 'config.json');
    writeFileSync(configFile, JSON.stringify(base));
  }
  const run = spawnSync(process.execPath, [cli, '-c', configFile, '--uri', url], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: url, PGURI: url },
  });
  const output = `${run.stdout}${run.stderr}`;
  // pgtyped reports parse errors on stdout and still exits 0.
  if (run.status !== 0 || /error/i.test(run.stderr) || /Parse error|Error processing|^Errors:/m.test(run.stdout)) {
    console.error(output);
    console.error('pgtyped failed');
    failed = true;
  } else if (sqlFiles(path.join(root, 'src')).some((f) => !existsSync(f.replace(/\.sql$/, '.queries.ts')))) {
    console.error(output);
    console.error('a .sql file produced no typed module (a parse error pgtyped did not report?)');
    failed = true;
  } else {
    const after = generatedFiles(path.join(root, 'src'));
    const changed = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
    if (changed.length === 0) console.log(`typed queries are up to date (${after.size} modules)`);
    else if (check) {
      console.error(`generated query modules are stale; run \`npm run db:generate\` and commit:\n  ${changed.map((f) => path.relative(root, f)).join('\n  ')}`);
      failed = true;
    } else console.log(`regenerated ${changed.length} module(s):\n  ${changed.map((f) => path.relative(root, f)).join('\n  ')}`);
  }
  const cleanup = new pg.Client({ connectionString: embedded.urlFor('postgres') });
  await cleanup.connect();
  await cleanup.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await cleanup.end();
} finally {
  await embedded.stop();
}
process.exitCode = failed ? 1 : 0;
