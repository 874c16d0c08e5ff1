// Steady mixed load for the fault scenarios: `loops` concurrent request loops (one keep-alive
// socket each, so both web processes of a cluster get some), reads and writes, every outcome
// recorded; a write answered 2xx records the id it was given, to be looked for in the database.
import { randomUUID } from 'node:crypto';
import type { Actor } from './fixtures.ts';
import type { HarnessDatabase } from './database.ts';
import type { HttpClient, Outcome } from './http.ts';

export type Op = 'get_me' | 'list_customers' | 'create_customer' | 'create_order';

export interface LoadRecord extends Outcome {
  loop: number;
  op: Op;
  write: boolean;
  /** Of the created row, on a 2xx write. */
  id: number | undefined;
  /** The created customer's name (unique), to check the row is the one acknowledged. */
  name: string | undefined;
}

export interface LoadOptions {
  loops: number;
  users: Actor[];
  productId: number;
  /** Relative weights of the operations. */
  mix: Partial<Record<Op, number>>;
}

export interface Load {
  readonly records: LoadRecord[];
  stop(): Promise<void>;
}

const WRITES: ReadonlySet<Op> = new Set(['create_customer', 'create_order']);

export function picker(mix: Partial<Record<Op, number>>): () => Op {
  const entries = Object.entries(mix).filter(([, w]) => (w ?? 0) > 0) as [Op, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  return () => {
    let r = Math.random() * total;
    for (const [op, w] of entries) if ((r -= w) < 0) return op;
    return entries[entries.length - 1]![0];
  };
}

/** One operation as `user`, recorded. */
export async function perform(http: HttpClient, op: Op, user: Actor, productId: number, loop: number): Promise<LoadRecord> {
  let name: string | undefined;
  let outcome: Outcome;
  switch (op) {
    case 'get_me':
      outcome = await http.request('GET', '/api/v1/me', { token: user.token });
      break;
    case 'list_customers':
      outcome = await http.request('GET', '/api/v1/customers?limit=10', { token: user.token });
      break;
    case 'create_customer':
      name = `rel-${randomUUID()}`;
      outcome = await http.request('POST', '/api/v1/customers', { token: user.token, body: { name } });
      break;
    case 'create_order':
      outcome = await http.request('POST', '/api/v1/orders', {
        token: user.token,
        body: { items: [{ product_id: productId, qty: 1 }], payment_method: 'balance' },
      });
      break;
  }
  const ok = outcome.status >= 200 && outcome.status < 300;
  const id = ok ? (outcome.body as { id?: number } | undefined)?.id : undefined;
  // Only a failure's body is kept (for the report); a success is summed up by its id.
  return { ...outcome, body: ok ? undefined : outcome.body, loop, op, write: WRITES.has(op), id, name };
}

export function startLoad(http: HttpClient, options: LoadOptions): Load {
  const records: LoadRecord[] = [];
  const pick = picker(options.mix);
  let running = true;
  const loops = Array.from({ length: options.loops }, async (_, loop) => {
    const user = options.users[loop % options.users.length]!;
    while (running) {
      const record = await perform(http, pick(), user, options.productId, loop);
      records.push(record);
      // A client that backs off on failure (a short pause, not Retry-After's full second, so
      // recovery is seen within 100 ms) instead of spinning on a database that is down.
      if (record.status === 0 || record.status >= 500) await new Promise((r) => setTimeout(r, 100));
    }
  });
  return {
    records,
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** How an outcome is counted: its status (with `problem` for problem+json) or why none came. */
export const outcomeLabel = (o: Outcome): string =>
  o.status === 0 ? `no response: ${o.error}` : o.status >= 200 && o.status < 300 ? '2xx' : `${o.status}${o.problem ? ' problem' : ' (not a problem)'}`;

/** Acknowledged (2xx) writes that are not in the database as acknowledged. */
export async function lostWrites(db: HarnessDatabase, records: readonly LoadRecord[]): Promise<{ acknowledged: number; lost: LoadRecord[] }> {
  const acked = records.filter((r) => r.write && r.status >= 200 && r.status < 300);
  const customers = acked.filter((r) => r.op === 'create_customer');
  const orders = acked.filter((r) => r.op === 'create_order');
  const foundCustomers = new Map(
    (await db.query<{ id: string; name: string }>(`SELECT id, name FROM customers WHERE id = ANY($1::bigint[])`, [customers.map((r) => r.id)])).map((r) => [Number(r.id), r.name]),
  );
  const paidOrders = new Set(
    (await db.query<{ id: string }>(`SELECT id FROM orders WHERE id = ANY($1::bigint[]) AND status = 'paid'`, [orders.map((r) => r.id)])).map((r) => Number(r.id)),
  );
  const lost = [
    ...customers.filter((r) => r.id === undefined || foundCustomers.get(r.id) !== r.name),
    ...orders.filter((r) => r.id === undefined || !paidOrders.has(r.id)),
  ];
  return { acknowledged: acked.length, lost };
}
