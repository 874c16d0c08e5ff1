// Admin list timings on a large catalog: N products (default 1,000,000) seeded set-based into a
// database of its own on an embedded PostgreSQL (var/bench-admin by default), once, and topped up
// when a later run asks for more; then a staff user logs in and each page of the product list is
// requested in-process (server time: routing, session check, every statement, HTML; no network).
// Used by `npm run bench` (ADMIN) and bench/admin-list.ts.
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { buildWebApp, MIGRATIONS_DIR } from '../src/main.ts';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { Migrator } from '../src/platform/db/migrations.ts';
import { createLogger } from '../src/platform/log.ts';

const DATABASE = 'ledgerline_bench_admin';
const WARMUPS = 3;

export interface AdminSettings {
  dataDir: string;
  products: number;
  /** Timed requests per page, after WARMUPS unmeasured ones. */
  runs: number;
}

export interface AdminPageTiming {
  page: string;
  median_ms: number;
  p95_ms: number;
  /** Statements the page ran (its Server-Timing header). */
  statements: string;
  /** The count the page shows, as shown. */
  count_shown: string;
}

export interface AdminResult {
  products: number;
  runs: number;
  /** Seconds spent seeding in this run (0 when the database was already big enough). */
  seeded_s: number;
  pages: AdminPageTiming[];
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;
const round1 = (x: number) => Math.round(x * 10) / 10;

/** Brings the catalog up to `products` rows; resolves to the seconds it took (0 when nothing to do). */
async function seedCatalog(db: pg.Client, products: number, say: (line: string) => void): Promise<number> {
  const n = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM products`)).rows[0]?.n ?? 0;
  if (n >= products) return 0;
  say(`  seeding ${products - n} products (once; the trigram indexes are maintained row by row, so minutes for a million)…`);
  const started = performance.now();
  // 100 categories, then products spread over three years.
  await db.query(`INSERT INTO categories (name, slug) SELECT 'Category ' || g, 'category-' || g FROM generate_series(1, 100) g ON CONFLICT DO NOTHING`);
  await db.query(
    `INSERT INTO products (name, description, price_cents, category_id, created_at)
     SELECT 'Product ' || g || ' ' || (ARRAY['red','green','blue','steel','oak','linen'])[1 + g % 6] || ' ' || (ARRAY['chair','lamp','mug','kettle','desk','rug'])[1 + (g / 7) % 6],
            'A sturdy item number ' || g, 100 + (g * 37) % 100000, (SELECT min(id) FROM categories) + g % 100,
            timestamptz '2022-01-01' + (g::float / $2) * interval '3 years'
       FROM generate_series($1::int + 1, $2::int) g`,
    [n, products],
  );
  await db.query(`VACUUM ANALYZE products`);
  await db.query(`VACUUM ANALYZE categories`);
  const seconds = (performance.now() - started) / 1000;
  say(`  seeded ${products - n} products in ${seconds.toFixed(1)} s`);
  return round1(seconds);
}

async function prepare(
  url: string,
  serverUrl: string,
  products: number,
  say: (line: string) => void,
): Promise<{ seededS: number; categoryId: number; boundWord: string }> {
  const server = new pg.Client({ connectionString: serverUrl });
  await server.connect();
  try {
    const exists = (await server.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DATABASE])).rowCount === 1;
    if (!exists) await server.query(`CREATE DATABASE ${DATABASE}`);
  } finally {
    await server.end();
  }
  await new Migrator(url, MIGRATIONS_DIR).migrate();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const seededS = await seedCatalog(db, products, say);
    const { rows } = await db.query<{ id: number }>(`SELECT id::int FROM categories ORDER BY id LIMIT 1 OFFSET 41`);
    // A product number from the middle histogram bound of products.name: one product has it, and
    // the planner estimates it at 1 % of the table (docs/PERFORMANCE.md, "A search word that is a
    // histogram bound").
    const bounds = await db.query<{ bounds: string[] }>(
      `SELECT histogram_bounds::text::text[] AS bounds FROM pg_stats WHERE tablename = 'products' AND attname = 'name'`,
    );
    const boundWord = `${bounds.rows[0]!.bounds[50]!.split(' ')[1]!} `;
    return { seededS, categoryId: rows[0]!.id, boundWord };
  } finally {
    await db.end();
  }
}

export async function measureAdminList(settings: AdminSettings, say: (line: string) => void): Promise<AdminResult> {
  const embedded = await startEmbeddedPostgres({ dataDir: settings.dataDir });
  try {
    const url = embedded.urlFor(DATABASE);
    const { seededS, categoryId, boundWord } = await prepare(url, embedded.urlFor('postgres'), settings.products, say);
    const config = loadConfig({ APP_ENV: 'test', DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const web = await buildWebApp(config, createLogger('silent'), url);
    try {
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
      const cookie = ([] as string[])
        .concat(login.headers['set-cookie'] as string[])
        .find((c) => c.startsWith('ledgerline_admin='))!
        .split(';')[0]!;

      const byPrice = await web.app.inject({ method: 'GET', url: '/admin/products/?o=price_cents', headers: { cookie } });
      const after = /rel="next" href="[^"]*after=([^"&]+)/.exec(byPrice.body)?.[1];
      const pages: [string, string][] = [
        ['first page (newest first)', '/admin/products/'],
        ['search "oak kettle"', '/admin/products/?q=oak%20kettle'],
        ['search "Product 4242" (rare)', '/admin/products/?q=Product%204242%20'],
        [`search "${boundWord}" (a histogram bound)`, `/admin/products/?q=${encodeURIComponent(boundWord)}`],
        ['filtered by one category', `/admin/products/?category_id=${categoryId}`],
        ['search "oak kettle" in one category', `/admin/products/?q=oak%20kettle&category_id=${categoryId}`],
        ['search "Product 4242" in one category', `/admin/products/?q=Product%204242%20&category_id=${categoryId}`],
        ...(after === undefined ? [] : ([['sorted by price, page 2', `/admin/products/?o=price_cents&after=${after}`]] as [string, string][])),
        ['drill-down to one day', '/admin/products/?year=2023&month=6&day=15'],
      ];
      const timings: AdminPageTiming[] = [];
      for (const [label, pageUrl] of pages) {
        const times: number[] = [];
        let statements = '';
        let count = '';
        for (let i = 0; i < settings.runs + WARMUPS; i++) {
          const t0 = performance.now();
          const res = await web.app.inject({ method: 'GET', url: pageUrl, headers: { cookie } });
          const ms = performance.now() - t0;
          if (res.statusCode !== 200) throw new Error(`${pageUrl}: ${res.statusCode}`);
          if (i >= WARMUPS) times.push(ms);
          statements = /desc="(\d+) statements"/.exec(String(res.headers['server-timing']))?.[1] ?? '?';
          count = /<caption>([^<]+)<\/caption>/.exec(res.body)?.[1] ?? '';
        }
        timings.push({ page: label, median_ms: round1(pct(times, 0.5)), p95_ms: round1(pct(times, 0.95)), statements, count_shown: count });
      }
      return { products: settings.products, runs: settings.runs, seeded_s: seededS, pages: timings };
    } finally {
      await web.app.close();
    }
  } finally {
    await embedded.stop();
  }
}

/** The table as docs/PERFORMANCE.md shows it. */
export function formatAdmin(result: AdminResult): string {
  return [
    `ADMIN product list, ${result.products.toLocaleString('en-US')} products, ${result.runs} runs each (in-process, server time)`,
    '',
    '| page | median ms | p95 ms | statements | count shown |',
    '| --- | ---: | ---: | ---: | --- |',
    ...result.pages.map((p) => `| ${p.page} | ${p.median_ms.toFixed(1)} | ${p.p95_ms.toFixed(1)} | ${p.statements} | ${p.count_shown} |`),
  ].join('\n');
}
