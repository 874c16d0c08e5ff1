// `npx tsx bench/catalog-search.ts [--rows N] [--data-dir DIR]`: shows, at scale, that the product
// list's `q` search is served by the trigram indexes and stays fast (docs/PERFORMANCE.md, "Catalog
// search"). On a fresh database (embedded PostgreSQL under var/bench-catalog by default) it seeds
// N live products (default 200,000) set-based, ANALYZEs, then EXPLAIN ANALYZEs exactly the
// statements CatalogService.listProducts sends, and again after each statement has run enough
// times on one connection for PostgreSQL to consider a cached generic plan. Exits 1 if a rare-
// word search does not use a trigram index.
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { MIGRATIONS_DIR } from '../src/main.ts';
import { Database } from '../src/platform/db/db.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { Migrator } from '../src/platform/db/migrations.ts';
import type { ProductFilter } from '../src/features/catalog/catalog.ts';
import { CatalogService } from '../src/features/catalog/catalog.service.ts';
import {
  RARE_DESCRIPTION_WORD,
  RARE_NAME_WORD,
  describePlan,
  explainingDb,
  seedProducts,
  type ExplainedStatement,
} from '../src/features/catalog/catalog.fixtures.ts';

const DATABASE = 'ledgerline_catalog_search';
const TRIGRAM_INDEXES = ['products_name_trgm_idx', 'products_description_trgm_idx'];
const say = (line: string) => process.stderr.write(`${line}\n`);
const signal = () => new AbortController().signal;

const { values } = parseArgs({ options: { rows: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true });
const rows = Number(values.rows ?? 200_000);
const dataDir = path.resolve(values['data-dir'] ?? 'var/bench-catalog');

/** Searches worth a plan: rare words (the index's case), a common one, and q with other filters. */
const CASES: { label: string; filter: ProductFilter; mustUseTrigram: boolean }[] = [
  { label: `q=${RARE_NAME_WORD.toLowerCase()} (rare, in names)`, filter: { q: RARE_NAME_WORD.toLowerCase() }, mustUseTrigram: true },
  { label: `q=${RARE_DESCRIPTION_WORD.toUpperCase()} (rare, in descriptions)`, filter: { q: RARE_DESCRIPTION_WORD.toUpperCase() }, mustUseTrigram: true },
  { label: `q=${RARE_NAME_WORD} ordering=price_cents`, filter: { q: RARE_NAME_WORD, ordering: 'price_cents' }, mustUseTrigram: true },
  { label: `q=${RARE_NAME_WORD} ordering=name`, filter: { q: RARE_NAME_WORD, ordering: 'name' }, mustUseTrigram: true },
  { label: `q=${RARE_NAME_WORD} category=seeded-1`, filter: { q: RARE_NAME_WORD, categorySlug: 'seeded-1' }, mustUseTrigram: true },
  { label: 'q=lamp (common: one product in 7)', filter: { q: 'lamp' }, mustUseTrigram: false },
  { label: 'no filter (first page, newest first)', filter: {}, mustUseTrigram: false },
];

async function freshDatabase(adminUrl: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await admin.end();
  }
}

/**
 * EXPLAIN ANALYZE of the product statements listProducts sends for `filter` on `client`: one, or
 * for a search whose walk of the first rows finds less than a page, the walk and the search
 * through the trigram indexes.
 */
async function explain(client: pg.ClientBase, filter: ProductFilter): Promise<ExplainedStatement[]> {
  const recorded: ExplainedStatement[] = [];
  await new CatalogService({ db: explainingDb(client, recorded, { analyze: true }) }).listProducts(filter, { limit: 50, cursor: undefined }, signal());
  const statements = recorded.filter((s) => s.text.includes('FROM products p'));
  if (statements.length === 0 || statements.length > 2) throw new Error(`expected one or two product statements, saw ${statements.length}`);
  return statements;
}

/** Prints each statement's time and plan; true when the last one read a trigram index. */
function report(label: string, statements: ExplainedStatement[]): boolean {
  let trigram = false;
  statements.forEach((statement, i) => {
    const nodes = describePlan(statement.plan);
    trigram = nodes.some((n) => TRIGRAM_INDEXES.some((index) => n.endsWith(` on ${index}`)));
    const step = statements.length === 1 ? '' : i === 0 ? ' (walk)' : ' (trigram step)';
    say(`  ${label}${step}: ${statement.executionMs?.toFixed(1)} ms${trigram ? ', trigram index' : ''}`);
    say(`    ${nodes.join(' → ')}`);
  });
  return trigram;
}

async function main(): Promise<number> {
  say(`embedded PostgreSQL under ${dataDir}`);
  const embedded = await startEmbeddedPostgres({ dataDir, log: (l) => say(`  ${l}`) });
  const url = embedded.urlFor(DATABASE);
  let failures = 0;
  try {
    await freshDatabase(embedded.urlFor('postgres'));
    await new Migrator(url, MIGRATIONS_DIR).migrate();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const started = performance.now();
      await seedProducts(client, rows);
      say(`seeded ${rows} live products (+5% soft-deleted) and analyzed in ${Math.round(performance.now() - started)} ms`);

      say('\nfresh plans (as for the first executions of each statement on a connection):');
      for (const c of CASES) if (!report(c.label, await explain(client, c.filter)) && c.mustUseTrigram) failures += 1;
    } finally {
      await client.end();
    }

    // A named prepared statement may switch to a cached generic plan after five executions on
    // a connection; the list statements run unnamed to avoid that (product-list.ts,
    // plannedPerCall). Run every case ten times through the real Database on one connection,
    // then time them again and list what that connection has prepared.
    say('\nafter 10 executions of each case on one pooled connection:');
    const db = new Database({ connectionString: url, poolSize: 1, applicationName: 'catalog-search-bench' });
    try {
      const catalog = new CatalogService({ db });
      for (let round = 0; round < 10; round++) {
        for (const c of CASES) await catalog.listProducts(c.filter, { limit: 50, cursor: undefined }, signal());
      }
      const timings = new Map<string, number[]>();
      for (const c of CASES) {
        const started = performance.now();
        for (let i = 0; i < 5; i++) await catalog.listProducts(c.filter, { limit: 50, cursor: undefined }, signal());
        timings.set(c.label, [(performance.now() - started) / 5]);
      }
      for (const [label, [ms]] of timings) say(`  ${label}: ${ms!.toFixed(1)} ms per request, round trip included`);
      const plans = await db.query<{ name: string; generic_plans: number; custom_plans: number }>(
        `SELECT name, generic_plans, custom_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM products p%' ORDER BY name`,
        [],
        signal(),
      );
      if (plans.length === 0) say('  no product list statement is cached as a prepared statement on the connection');
      for (const p of plans) say(`  prepared ${p.name}: ${p.custom_plans} custom plans, ${p.generic_plans} generic plans`);
    } finally {
      await db.close();
    }
  } finally {
    await embedded.stop();
  }
  say(failures === 0 ? '\nok: every rare-word search used a trigram index' : `\nFAILED: ${failures} rare-word search(es) did not use a trigram index`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = await main();
