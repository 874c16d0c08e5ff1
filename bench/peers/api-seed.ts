// Seeds Ledgerline for the peer comparison through its public API, with the same data set as the
// peers' harness gives the peers (its default sizes and its USERS, PRODUCTS… knobs), and writes
// the seed file in the harness's format, so that its `run` measures Ledgerline exactly as it
// measures them. The harness's own `seed` cannot be used on Ledgerline: its passwords
// (`bench-pass-<tag>-<i>` for `bench-<tag>-<i>@example.com`) are refused by Ledgerline's password
// policy as too similar to the e-mail address. Here passwords are random.
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';

/** The harness's defaults (bench.js), overridable by the same environment variables. */
function sizes() {
  const n = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
  return {
    users: n('USERS', 20),
    customers: n('CUSTOMERS', 5),
    invoices: n('INVOICES', 100),
    categories: n('CATEGORIES', 20),
    products: n('PRODUCTS', 500),
    orders: n('ORDERS', 60),
    fundCents: n('FUND_CENTS', 1e9),
    concurrency: n('SEED_CONCURRENCY', 8),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Json = Record<string, unknown>;

async function api(baseUrl: string, method: string, path: string, options: { token?: string; body?: unknown; expect: number }): Promise<Json> {
  for (let attempt = 1; ; attempt++) {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers['authorization'] = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(baseUrl + path, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const text = await res.text();
    // Logins are throttled per address: honour Retry-After, as the harness does.
    if (res.status === 429 && attempt < 20) {
      await sleep(1000 * Math.min(60, Number(res.headers.get('retry-after')) || 1));
      continue;
    }
    if (res.status !== options.expect) throw new Error(`${method} ${path} → ${res.status} (want ${options.expect}): ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : {}) as Json;
  }
}

/** Runs fn over items with at most `limit` in flight, results in order. */
async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const randomInt = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));

export async function seedLedgerlineThroughApi(baseUrl: string, staff: { email: string; password: string }, seedFile: string, say: (l: string) => void): Promise<void> {
  const size = sizes();
  const started = Date.now();
  const step = (what: string) => say(`[ledgerline] [seed] ${what} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
  const tag = started.toString(36);
  const login = async (email: string, password: string) => (await api(baseUrl, 'POST', '/api/v1/auth/tokens', { body: { email, password }, expect: 201 })).token as string;
  const staffToken = await login(staff.email, staff.password);
  const as = (token: string) => ({ token });

  const categories = await pool(range(size.categories), size.concurrency, async (i) =>
    (await api(baseUrl, 'POST', '/api/v1/categories', { ...as(staffToken), body: { name: `Bench ${tag} category ${i}` }, expect: 201 })).id as number,
  );
  const products = await pool(range(size.products), size.concurrency, async (i) =>
    (
      await api(baseUrl, 'POST', '/api/v1/products', {
        ...as(staffToken),
        body: { name: `Bench ${tag} product ${i}`, description: `Seeded product number ${i}.`, price_cents: randomInt(100, 9999), category_id: categories[i % categories.length] },
        expect: 201,
      })
    ).id as number,
  );
  step(`${categories.length} categories, ${products.length} products`);

  const users = await pool(range(size.users), size.concurrency, async (i) => {
    const email = `bench-${tag}-${i}@example.com`;
    const password = randomBytes(15).toString('base64url');
    const user = await api(baseUrl, 'POST', '/api/v1/users', { body: { email, password, name: `Bench user ${i}` }, expect: 201 });
    const id = user.id as number;
    await api(baseUrl, 'POST', `/api/v1/users/${id}/balance-adjustments`, { ...as(staffToken), body: { amount_cents: size.fundCents, reason: 'benchmark funding' }, expect: 201 });
    return { id, email, token: await login(email, password), invoices: [] as number[] };
  });
  step(`${users.length} users, funded`);

  const each = (n: number) => users.flatMap((u) => range(n).map((i) => [u, i] as const));
  const customers = new Map<number, number[]>(users.map((u) => [u.id, []]));
  await pool(each(size.customers), size.concurrency, async ([u, i]) => {
    const body = { name: `Customer ${i}`, email: `customer${i}@example.com` };
    customers.get(u.id)![i] = (await api(baseUrl, 'POST', '/api/v1/customers', { ...as(u.token), body, expect: 201 })).id as number;
  });
  await pool(each(size.invoices), size.concurrency, async ([u, i]) => {
    const own = customers.get(u.id)!;
    const body = { customer_id: own[i % own.length], amount_cents: randomInt(1, 100_000_000), currency: ['USD', 'EUR', 'GBP'][i % 3], memo: `Invoice ${i}` };
    u.invoices[i] = (await api(baseUrl, 'POST', '/api/v1/invoices', { ...as(u.token), body, expect: 201 })).id as number;
  });
  step(`${size.customers} customers and ${size.invoices} invoices per user`);
  await pool(each(size.orders), size.concurrency, async ([u]) => {
    const items = range(3).map(() => ({ product_id: products[randomInt(0, products.length - 1)], qty: randomInt(1, 3) }));
    await api(baseUrl, 'POST', '/api/v1/orders', { ...as(u.token), body: { items, payment_method: 'balance' }, expect: 201 });
  });
  step(`${size.orders} orders per user`);
  const data = { base_url: baseUrl, tag, seeded_at: new Date().toISOString(), users, products, categories };
  writeFileSync(seedFile, JSON.stringify(data));
}
