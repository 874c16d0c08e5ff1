// Admin list timings on a large catalog: seeds N products (default 1,000,000) set-based into a
// database of its own on the embedded PostgreSQL under var/bench-admin, then times the product
// list's first page, a search and a filtered page, in-process (server time, no network).
//   npx tsx bench/admin-list.ts [--products 1000000] [--runs 30]
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { buildWebApp } from '../src/main.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { Migrator } from '../src/platform/db/migrations.ts';
import { createLogger } from '../src/platform/log.ts';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const PRODUCTS = arg('products', 1_000_000);
const RUNS = arg('runs', 30);
const DB = 'ledgerline_bench_admin';
const root = path.resolve(import.meta.dirname, '..');

const embedded = await startEmbeddedPostgres({ dataDir: path.join(root, 'var', 'bench-admin') });
const server = new pg.Client({ connectionString: embedded.urlFor('postgres') });
await server.connect();
const url = embedded.urlFor(DB);
const exists = (await server.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB])).rowCount === 1;
if (!exists) await server.query(`CREATE DATABASE ${DB}`);
await server.end();
await new Migrator(url, path.join(root, 'migrations')).migrate();

const db = new pg.Client({ connectionString: url });
await db.connect();
const n = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products`)).rows[0]?.n ?? 0;
if (n < PRODUCTS) {
  const started = performance.now();
  // Set-based seeding: 100 categories, then products spread over three years.
  await db.query(`INSERT INTO categories (name, slug) SELECT 'Category ' || g, 'category-' || g FROM generate_series(1, 100) g ON CONFLICT DO NOTHING`);
  await db.query(
    `INSERT INTO products (name, description, price_cents, category_id, created_at)
     SELECT 'Product ' || g || ' ' || (ARRAY['red','green','blue','steel','oak','linen'])[1 + g % 6] || ' ' || (ARRAY['chair','lamp','mug','kettle','desk','rug'])[1 + (g / 7) % 6],
            'A sturdy item number ' || g, 100 + (g * 37) % 100000, (SELECT min(id) FROM categories) + g % 100,
            timestamptz '2022-01-01' + (g::float / $2) * interval '3 years'
       FROM generate_series($1::int + 1, $2::int) g`,
    [n, PRODUCTS],
  );
  await db.query(`VACUUM ANALYZE products`);
  await db.query(`VACUUM ANALYZE categories`);
  console.log(`seeded ${PRODUCTS - n} products in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const { rows: [cat] } = await db.query<{ id: number }>(`SELECT id::int FROM categories ORDER BY id LIMIT 1 OFFSET 41`);
await db.end();

const config = loadConfig({ APP_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' });
const web = await buildWebApp(config, createLogger('silent'), url);
await web.app.ready();
const email = `bench-${Date.now()}@example.com`;
const password = 'correct horse battery staple 42';
await web.services.users.createSuperuser({ email, password, name: 'Bench' }, new AbortController().signal);
const loginPage = await web.app.inject({ method: 'GET', url: '/admin/login' });
const csrf = /name="csrf_token" value="([^"]+)"/.exec(loginPage.body)![1]!;
const loginCookie = String(loginPage.headers['set-cookie']).split(';')[0]!;
const login = await web.app.inject({
  method: 'POST',
  url: '/admin/login',
  headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams({ csrf_token: csrf, email, password, next: '/admin/' }).toString(),
});
const cookie = ([] as string[]).concat(login.headers['set-cookie'] as string[]).find((c) => c.startsWith('ledgerline_admin='))!.split(';')[0]!;

const pages: [string, string][] = [
  ['first page (newest first)', '/admin/products/'],
  ['search "oak kettle"', '/admin/products/?q=oak%20kettle'],
  ['search "Product 4242" (rare)', '/admin/products/?q=Product%204242%20'],
  ['filtered by one category', `/admin/products/?category_id=${cat!.id}`],
  ['sorted by price, page 2', ''],
  ['drill-down to one day', '/admin/products/?year=2023&month=6&day=15'],
];
const first = await web.app.inject({ method: 'GET', url: '/admin/products/?o=price_cents', headers: { cookie } });
pages[4]![1] = `/admin/products/?o=price_cents&after=${/rel="next" href="[^"]*after=([^"&]+)/.exec(first.body)![1]}`;

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
console.log(`\n${PRODUCTS.toLocaleString('en-US')} products, ${RUNS} runs each (in-process, server time)\n`);
console.log('| page | median ms | p95 ms | statements | count shown |');
console.log('| --- | ---: | ---: | ---: | --- |');
for (const [label, pageUrl] of pages) {
  const times: number[] = [];
  let statements = '';
  let count = '';
  for (let i = 0; i < RUNS + 3; i++) {
    const t0 = performance.now();
    const res = await web.app.inject({ method: 'GET', url: pageUrl, headers: { cookie } });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${pageUrl}: ${res.statusCode}`);
    if (i >= 3) times.push(ms);
    statements = /desc="(\d+) statements"/.exec(String(res.headers['server-timing']))?.[1] ?? '?';
    count = /<caption>([^<]+)<\/caption>/.exec(res.body)?.[1] ?? '';
  }
  console.log(`| ${label} | ${pct(times, 0.5).toFixed(1)} | ${pct(times, 0.95).toFixed(1)} | ${statements} | ${count} |`);
}
await web.app.close();
await embedded.stop();
