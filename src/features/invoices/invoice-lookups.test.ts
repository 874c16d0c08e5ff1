// Invoice lookups made together (InvoiceService.get over InvoiceLookups): concurrent lookups share
// one statement, and each still gets what it would have got alone. On a pool of its own that
// counts every statement.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { Database } from '../../platform/db/db.ts';
import { CancelledError } from '../../platform/db/errors.ts';
import { InvoiceNotFoundError } from './invoice.errors.ts';
import { makeCustomer, makeInvoice } from './invoice.fixtures.ts';
import { InvoiceService } from './invoice.service.ts';
import type { Invoice } from './invoice.ts';

const signal = () => new AbortController().signal;

let t: TestApp;
let db: Database;
let statements = 0;
let invoices: InvoiceService;
beforeAll(async () => {
  t = await startTestApp();
  db = new Database({ connectionString: t.database.url, poolSize: 8, applicationName: 'test-invoice-lookups', onStatement: () => statements++ });
  invoices = new InvoiceService({ db });
});
afterAll(async () => {
  await db?.close();
  await t.close();
});

async function ownerWithInvoices(n: number): Promise<{ owner: TestUser; made: Invoice[] }> {
  const owner = await createUser(t);
  const customer = await makeCustomer(t, owner, `Customer of ${owner.email}`);
  const made = await Promise.all(Array.from({ length: n }, (_, i) => makeInvoice(t, owner, customer, { amountCents: 100 + i })));
  return { owner, made };
}

describe('invoice lookups made together', () => {
  it('reads the invoices asked for together in one statement, each its own, for 10 lookups or 100', async () => {
    const owners = await Promise.all([ownerWithInvoices(50), ownerWithInvoices(50)]);
    const asked = owners.flatMap(({ owner, made }) => made.map((invoice) => ({ owner, invoice })));
    for (const n of [10, 100]) {
      const before = statements;
      const got = await Promise.all(asked.slice(0, n).map(({ owner, invoice }) => invoices.get(owner.id, invoice.id, signal())));
      expect(statements - before).toBe(1);
      expect(got).toEqual(asked.slice(0, n).map(({ invoice }) => invoice));
    }
  });

  it("answers 'not found' to the lookups of another owner's invoice or of none, and the others in the statement their invoice", async () => {
    const [a, b] = await Promise.all([ownerWithInvoices(2), ownerWithInvoices(1)]);
    const outcomes = await Promise.allSettled([
      invoices.get(a!.owner.id, a!.made[0]!.id, signal()),
      invoices.get(b!.owner.id, a!.made[1]!.id, signal()), // a's invoice, asked by b
      invoices.get(a!.owner.id, a!.made[1]!.id, signal()),
      invoices.get(a!.owner.id, 9_000_000_000, signal()),
      invoices.get(b!.owner.id, b!.made[0]!.id, signal()),
    ]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.id : o.reason))).toEqual([
      a!.made[0]!.id,
      expect.any(InvoiceNotFoundError),
      a!.made[1]!.id,
      expect.any(InvoiceNotFoundError),
      b!.made[0]!.id,
    ]);
  });

  it('sees a change committed before the lookup was asked for, even while an earlier statement is out', async () => {
    const { owner, made } = await ownerWithInvoices(2);
    const first = invoices.get(owner.id, made[0]!.id, signal()); // out now
    await t.database.admin.query(`UPDATE invoices SET status = 'paid', paid_at = now() WHERE id = $1`, [made[1]!.id]);
    const second = await invoices.get(owner.id, made[1]!.id, signal());
    expect(second.status).toBe('paid');
    expect((await first).status).toBe('open');
  });

  it('does not read for a request that left before its statement was sent', async () => {
    const { owner, made } = await ownerWithInvoices(2);
    const lookup = (i: number, s: AbortSignal) => invoices.get(owner.id, made[i]!.id, s);

    // Alone: nothing is sent.
    let controller = new AbortController();
    let before = statements;
    const alone = lookup(0, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(alone).rejects.toBeInstanceOf(CancelledError);
    expect(statements - before).toBe(0);

    // With another lookup: that one is read, in one statement, and the one that left is not.
    controller = new AbortController();
    before = statements;
    const staying = lookup(0, signal());
    const left = lookup(1, controller.signal);
    controller.abort(new Error('client went away'));
    await expect(left).rejects.toBeInstanceOf(CancelledError);
    expect(await staying).toEqual(made[0]);
    expect(statements - before).toBe(1);
  });

  it("reads on the caller's transaction when given one (withDb), seeing what it has not committed yet", async () => {
    const { owner, made } = await ownerWithInvoices(1);
    await db.transaction(signal(), async (tx) => {
      await tx.query(`UPDATE invoices SET status = 'paid', paid_at = now() WHERE id = $1`, [made[0]!.id], signal());
      expect((await invoices.withDb(tx).get(owner.id, made[0]!.id, signal())).status).toBe('paid');
      expect((await invoices.get(owner.id, made[0]!.id, signal())).status).toBe('open');
    });
  });
});
