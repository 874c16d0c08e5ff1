// Before anything is timed: both servers answer W1 with the right invoice, and Ledgerline keeps
// owners apart (another user's invoice is a 404, as the contract says), so the numbers measure
// correct responses, not fast errors.
import type { SeededUser } from './seed.ts';

async function get(port: number, path: string, token?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function expectThat(ok: boolean, what: string, got: unknown): void {
  if (!ok) throw new Error(`response check failed: ${what}; got ${JSON.stringify(got).slice(0, 400)}`);
}

export async function verifyLedgerline(port: number, users: readonly SeededUser[]): Promise<void> {
  const [a, b] = users as [SeededUser, SeededUser];
  const id = a.invoiceIds[0]!;
  const own = await get(port, `/api/v1/invoices/${id}`, a.token);
  expectThat(own.status === 200 && own.body.id === id, `200 with id ${id} for its owner`, own);
  const customer = own.body.customer as { id?: unknown; name?: unknown } | undefined;
  expectThat(typeof customer?.name === 'string' && customer.id === own.body.customer_id, 'the customer nested', own.body);
  for (const key of ['amount_cents', 'currency', 'memo', 'status', 'created_at', 'paid_at']) {
    expectThat(key in own.body, `field ${key}`, own.body);
  }
  const other = await get(port, `/api/v1/invoices/${id}`, b.token);
  expectThat(other.status === 404, "404 for another user's invoice", other);
  const anonymous = await get(port, `/api/v1/invoices/${id}`);
  expectThat(anonymous.status === 401, '401 without a token', anonymous);
}

export async function verifyBaseline(port: number, users: readonly SeededUser[]): Promise<void> {
  const id = users[0]!.invoiceIds[0]!;
  const res = await get(port, `/api/v1/invoices/${id}`);
  // node-postgres returns bigint columns as strings; the bare baseline sends the row as it comes.
  expectThat(res.status === 200 && Number(res.body.id) === id, `200 with id ${id}`, res);
}
