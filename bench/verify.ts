// Before a workload is timed, its answers are checked against the contract, so the numbers
// measure correct responses, not fast errors: the right rows, owner scoping (another user's
// invoice is a 404), nested objects, full pages, and for W4 a paid order whose total left the
// balance.
import type { WorkloadId } from './options.ts';
import type { SeededData, SeededUser } from './seed.ts';

type Body = Record<string, unknown>;

async function call(port: number, method: string, path: string, options: { token?: string; body?: unknown } = {}): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = {};
  if (options.token) headers['authorization'] = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return { status: res.status, body: (await res.json()) as Body };
}

function expectThat(ok: boolean, what: string, got: unknown): void {
  if (!ok) throw new Error(`response check failed: ${what}; got ${JSON.stringify(got).slice(0, 400)}`);
}

const isInt = (v: unknown) => Number.isSafeInteger(v);

async function checkInvoice(port: number, data: SeededData): Promise<void> {
  const [a, b] = data.users as [SeededUser, SeededUser];
  const id = a.invoiceIds[0]!;
  const own = await call(port, 'GET', `/api/v1/invoices/${id}`, { token: a.token });
  expectThat(own.status === 200 && own.body.id === id, `200 with id ${id} for its owner`, own);
  const customer = own.body.customer as { id?: unknown; name?: unknown } | undefined;
  expectThat(typeof customer?.name === 'string' && customer.id === own.body.customer_id, 'the customer nested', own.body);
  for (const key of ['amount_cents', 'currency', 'memo', 'status', 'created_at', 'paid_at']) expectThat(key in own.body, `field ${key}`, own.body);
  const other = await call(port, 'GET', `/api/v1/invoices/${id}`, { token: b.token });
  expectThat(other.status === 404, "404 for another user's invoice", other);
  const anonymous = await call(port, 'GET', `/api/v1/invoices/${id}`);
  expectThat(anonymous.status === 401, '401 without a token', anonymous);
}

async function checkOrders(port: number, data: SeededData, ordersPerUser: number): Promise<void> {
  const user = data.users[0]!;
  const res = await call(port, 'GET', '/api/v1/orders?limit=50', { token: user.token });
  const page = res.body.data as Body[] | undefined;
  expectThat(res.status === 200 && Array.isArray(page), '200 with a list', res);
  expectThat(page!.length >= Math.min(50, ordersPerUser), `a page of ${Math.min(50, ordersPerUser)} orders`, page!.length);
  if (ordersPerUser > 50) expectThat(typeof res.body.next_cursor === 'string', 'a next_cursor after a full page', res.body.next_cursor);
  for (const order of page!) {
    const items = order.items as Body[];
    expectThat(order.user_email === user.email, "the caller's e-mail", order);
    expectThat(Array.isArray(items) && items.length >= 1 && items.every((i) => typeof i.product_name === 'string'), 'items with product names', order);
    const total = items.reduce((n, i) => n + (i.line_total_cents as number), 0);
    expectThat(order.total_cents === total, 'total = sum of line totals', order);
  }
  const ids = page!.map((o) => o.id as number);
  expectThat(ids.every((id, i) => i === 0 || id < ids[i - 1]!), 'newest first', ids);
  const anonymous = await call(port, 'GET', '/api/v1/orders?limit=50');
  expectThat(anonymous.status === 401, '401 without a token', anonymous);
}

async function checkProducts(port: number, data: SeededData): Promise<void> {
  const res = await call(port, 'GET', '/api/v1/products?limit=50');
  const page = res.body.data as Body[] | undefined;
  expectThat(res.status === 200 && page?.length === 50 && typeof res.body.next_cursor === 'string', '200 with a full page', res);
  for (const p of page!) {
    const category = p.category as Body | null;
    expectThat(isInt(p.id) && isInt(p.price_cents) && typeof p.name === 'string', 'product fields', p);
    expectThat(category !== null && isInt(category.id) && typeof category.slug === 'string' && typeof category.name === 'string', 'category nested', p);
  }
  const slug = data.categorySlugs[0]!;
  const filtered = await call(port, 'GET', `/api/v1/products?limit=50&category=${slug}`);
  const inCategory = filtered.body.data as Body[] | undefined;
  expectThat(filtered.status === 200 && (inCategory?.length ?? 0) > 0, `products in ${slug}`, filtered);
  expectThat(inCategory!.every((p) => (p.category as Body).slug === slug), `only ${slug}`, inCategory);
}

async function checkPlaceOrder(port: number, data: SeededData): Promise<void> {
  const user = data.users[0]!;
  const before = await call(port, 'GET', '/api/v1/balance', { token: user.token });
  const items = [
    { product_id: data.productIds[0]!, qty: 2 },
    { product_id: data.productIds[1]!, qty: 1 },
  ];
  const res = await call(port, 'POST', '/api/v1/orders', { token: user.token, body: { items, payment_method: 'balance' } });
  const lines = res.body.items as Body[] | undefined;
  expectThat(res.status === 201 && res.body.status === 'paid' && lines?.length === 2, '201, paid, two lines', res);
  expectThat(lines!.every((l) => l.line_total_cents === (l.unit_price_cents as number) * (l.qty as number)), 'line totals', lines);
  const after = await call(port, 'GET', '/api/v1/balance', { token: user.token });
  const spent = (before.body.balance_cents as number) - (after.body.balance_cents as number);
  expectThat(spent === res.body.total_cents, 'the total debited from the balance', { before: before.body.balance_cents, after: after.body.balance_cents });
}

/** Throws unless Ledgerline answers `workload` as the contract says. */
export async function verifyLedgerline(workload: WorkloadId, port: number, data: SeededData, ordersPerUser: number): Promise<void> {
  if (workload === 'W1') await checkInvoice(port, data);
  else if (workload === 'W2') await checkOrders(port, data, ordersPerUser);
  else if (workload === 'W3') await checkProducts(port, data);
  else await checkPlaceOrder(port, data);
}

/** The baseline serves W1 only: the right row. */
export async function verifyBaseline(port: number, data: SeededData): Promise<void> {
  const id = data.users[0]!.invoiceIds[0]!;
  const res = await call(port, 'GET', `/api/v1/invoices/${id}`);
  // node-postgres returns bigint columns as strings; the bare baseline sends the row as it comes.
  expectThat(res.status === 200 && Number(res.body.id) === id, `200 with id ${id}`, res);
}
