// Acceptance: the balance never pays for more than it holds. 50 concurrent balance orders from a
// user funded for exactly 10 of them: 10 are placed, 40 refused, and the balance ends at 0 and
// equal to its ledger — within one process, and across two `ledgerline web` processes sharing the
// database (the guarantee is the database's conditional UPDATE, not any in-process lock).
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { finished, freePort, spawnCli, waitForReady, type CliResult } from '../../../test/support/cli.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import { balanceAndLedgerSum, fund, ledgerInvariantViolations } from '../balance/balance.fixtures.ts';
import type { Product } from '../catalog/catalog.ts';
import { makeProduct, orderRowCounts, postOrder } from './order.fixtures.ts';

const PRICE = 700;
const AFFORDABLE = 10;
const ATTEMPTS = 50;

let t: TestApp;
let staff: TestUser;
let product: Product;
beforeAll(async () => {
  t = await startTestApp();
  staff = await createUser(t, { staff: true });
  product = await makeProduct(t, PRICE);
});
afterAll(async () => t.close());

async function userFundedFor(orders: number): Promise<TestUser> {
  const user = await createUser(t);
  await fund(t, staff, user, orders * PRICE);
  return user;
}

const orderBody = () => ({ items: [{ product_id: product.id, qty: 1 }], payment_method: 'balance' });

async function expectExactlyAffordableOrders(user: TestUser, statuses: number[]): Promise<void> {
  expect(statuses.filter((s) => s === 201)).toHaveLength(AFFORDABLE);
  expect(statuses.filter((s) => s === 422)).toHaveLength(ATTEMPTS - AFFORDABLE);
  expect(await balanceAndLedgerSum(t, user.id)).toEqual({ balance: 0, ledgerSum: 0, rows: 1 + AFFORDABLE });
  expect(await orderRowCounts(t, user.id)).toEqual({ orders: AFFORDABLE, items: AFFORDABLE });
  expect(await ledgerInvariantViolations(t)).toEqual([]);
}

describe('concurrent balance orders', () => {
  it('places exactly 10 of 50 concurrent orders when the balance covers 10, ending at 0', async () => {
    const user = await userFundedFor(AFFORDABLE);
    const results = await Promise.all(Array.from({ length: ATTEMPTS }, () => postOrder(t, user, orderBody())));
    for (const r of results.filter((r) => r.status === 422)) {
      expect(r.body.type).toMatch(/\/insufficient-funds$/);
      expect(r.body.required_cents).toBe(PRICE);
      expect(r.body.available_cents).toBeLessThan(PRICE);
    }
    await expectExactlyAffordableOrders(
      user,
      results.map((r) => r.status),
    );
  });

  describe('across two `ledgerline web` processes on one database', { timeout: 120_000 }, () => {
    const servers: { child: ChildProcess; done: Promise<CliResult>; port: number }[] = [];

    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        const child = spawnCli(['web'], { DATABASE_URL: t.database.url, PORT: String(port), HOST: '127.0.0.1' });
        servers.push({ child, done: finished(child), port });
      }
      await Promise.all(servers.map((s) => waitForReady(s.port, 60_000, s.child)));
    }, 90_000);

    afterAll(async () => {
      for (const s of servers) s.child.kill('SIGTERM');
      const results = await Promise.all(servers.map((s) => s.done));
      for (const r of results) expect(r.code, r.stderr).toBe(0);
    }, 30_000);

    it('places exactly 10 of 50 orders split across both processes, ending at 0', async () => {
      const user = await userFundedFor(AFFORDABLE);
      const statuses = await Promise.all(
        Array.from({ length: ATTEMPTS }, async (_, i) => {
          const res = await fetch(`http://127.0.0.1:${servers[i % 2]!.port}/api/v1/orders`, {
            method: 'POST',
            headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
            body: JSON.stringify(orderBody()),
          });
          await res.arrayBuffer();
          return res.status;
        }),
      );
      await expectExactlyAffordableOrders(user, statuses);
    });
  });
});
