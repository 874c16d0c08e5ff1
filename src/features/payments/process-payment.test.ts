// process_payment and refund_payment against the simulated gateway and a real worker: an order is
// charged exactly once however its attempts fail, a final failure fails the order and e-mails its
// owner, and money that should not have been taken is given back once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Product } from '../catalog/catalog.ts';
import { makeProduct } from '../orders/order.fixtures.ts';
import { GatewayTimeoutError, PaymentDeclinedError } from './payment.errors.ts';
import type { Charge, ChargeRequest, PaymentGateway, Refund, RefundRequest } from './payment.gateway.ts';
import {
  FAST_PAYMENTS_ENV,
  gatewayRecords,
  jobsForOrder,
  orderReaches,
  orderRow,
  paymentService,
  paymentWorker,
  placeCardOrder,
  scripted,
  signal,
  simulatedGateway,
  waitFor,
} from './payment.fixtures.ts';
import type { PaymentService } from './payment.service.ts';

let t: TestApp;
let user: TestUser;
let product: Product; // 1250
beforeAll(async () => {
  t = await startTestApp({ env: FAST_PAYMENTS_ENV }); // 3 attempts
  user = await createUser(t);
  product = await makeProduct(t, 1250, 'Gadget');
});
afterAll(async () => t.close());

/** Runs the payment tasks of `payments` in a worker until `until` resolves. */
async function withWorker<T>(payments: PaymentService, until: () => Promise<T>): Promise<T> {
  const worker = await paymentWorker(t, payments);
  try {
    return await until();
  } finally {
    await worker.stop();
  }
}

/** Delegates to `inner`, except for the charge behaviour a test wants. */
class WrappedGateway implements PaymentGateway {
  constructor(
    private readonly inner: PaymentGateway,
    private readonly onCharge: (request: ChargeRequest, signal: AbortSignal) => Promise<Charge>,
  ) {}
  charge(request: ChargeRequest, signal: AbortSignal): Promise<Charge> {
    return this.onCharge(request, signal);
  }
  refund(request: RefundRequest, signal: AbortSignal): Promise<Refund> {
    return this.inner.refund(request, signal);
  }
  findCharge(key: string, signal: AbortSignal): Promise<Charge | undefined> {
    return this.inner.findCharge(key, signal);
  }
}

const cancel = (orderId: number) => t.request('POST', `/api/v1/orders/${orderId}/cancel`, { token: user.token });

describe('process_payment', () => {
  it('pays a pending card order with exactly one charge when the first attempts fail and lose their answer', async () => {
    // Dice: attempt 1 fails before recording; attempt 2 records, then its answer is lost; attempt 3 succeeds.
    const gateway = simulatedGateway(t, { failRate: 0.5, timeoutRate: 0.5 }, scripted([0.1, 0.9, 0.1, 0.9, 0.9]));
    const payments = paymentService(t, gateway);
    const orderId = await placeCardOrder(t, user, product.id, 2);
    const order = await withWorker(payments, () => orderReaches(t, orderId, ['paid', 'payment_failed']));
    const { charges, refunds } = await gatewayRecords(t, orderId);
    expect(order).toMatchObject({ status: 'paid', gateway_charge_id: charges[0]!.id, gateway_refund_id: null });
    expect(charges).toEqual([{ id: expect.stringMatching(/^ch_sim_/), amount_cents: 2500 }]);
    expect(refunds).toEqual([]);
    const [job] = await jobsForOrder(t, 'process_payment', orderId);
    expect(job).toMatchObject({ state: 'completed', retry_count: 2 });
    // A repeat (a re-run job) changes nothing and charges nothing.
    expect(await payments.chargeOrder(orderId, signal())).toBe('skipped');
    expect((await gatewayRecords(t, orderId)).charges).toHaveLength(1);
  });

  it('charges once when two attempts for one order run at the same time (at-least-once delivery)', async () => {
    const payments = paymentService(t, simulatedGateway(t, { latencyMs: 30 }));
    const orderId = await placeCardOrder(t, user, product.id);
    const outcomes = await Promise.all([payments.chargeOrder(orderId, signal()), payments.chargeOrder(orderId, signal())]);
    expect(outcomes.sort()).toEqual(['paid', 'skipped']);
    expect((await gatewayRecords(t, orderId)).charges).toHaveLength(1);
    expect((await orderRow(t, orderId)).status).toBe('paid');
  });

  it('after the last attempt fails, makes the order payment_failed and enqueues the payment_failed e-mail', async () => {
    // Every attempt fails; the gateway is back by the time the refund job asks it about the order.
    const payments = paymentService(t, simulatedGateway(t, { failRate: 0.5 }, scripted([0.1, 0.1, 0.1])));
    const orderId = await placeCardOrder(t, user, product.id);
    await withWorker(payments, async () => {
      await orderReaches(t, orderId, ['payment_failed', 'paid']);
      // The refund job finds nothing charged under the order's key, and completes.
      await waitFor(async () => (await jobsForOrder(t, 'refund_payment', orderId))[0]?.state === 'completed', 10_000, 'the refund job');
    });
    expect(await orderRow(t, orderId)).toMatchObject({ status: 'payment_failed', gateway_charge_id: null, gateway_refund_id: null });
    expect(await jobsForOrder(t, 'process_payment', orderId)).toMatchObject([{ state: 'failed', retry_count: 2 }]);
    expect((await jobsForOrder(t, 'send_email', orderId)).map((j) => j.data)).toEqual([
      { kind: 'order_confirmation', order_id: orderId },
      { kind: 'payment_failed', order_id: orderId },
    ]);
    expect(await gatewayRecords(t, orderId)).toEqual({ charges: [], refunds: [] });
  });

  it('refunds the charge of a final failure whose last attempts were recorded but never answered', async () => {
    // All three attempts: no failure, charge recorded, answer lost. The refund job then finds the charge.
    const gateway = simulatedGateway(t, { failRate: 0.5, timeoutRate: 0.5 }, scripted([0.9, 0.1, 0.9, 0.1, 0.9, 0.1]));
    const payments = paymentService(t, gateway);
    const orderId = await placeCardOrder(t, user, product.id);
    const order = await withWorker(payments, () =>
      waitFor(async () => {
        const row = await orderRow(t, orderId);
        return row.gateway_refund_id !== null ? row : undefined;
      }, 15_000, 'the stray charge to be refunded'),
    );
    const { charges, refunds } = await gatewayRecords(t, orderId);
    expect(charges).toHaveLength(1);
    expect(refunds).toEqual([{ id: order.gateway_refund_id, amount_cents: 1250 }]);
    expect(order).toMatchObject({ status: 'payment_failed', gateway_charge_id: charges[0]!.id });
    expect((await jobsForOrder(t, 'send_email', orderId)).map((j) => j.data)).toContainEqual({ kind: 'payment_failed', order_id: orderId });
  });

  it('fails the payment at once when the card is declined, without retrying', async () => {
    const sim = simulatedGateway(t);
    const payments = paymentService(t, new WrappedGateway(sim, async () => Promise.reject(new PaymentDeclinedError())));
    const orderId = await placeCardOrder(t, user, product.id);
    expect(await payments.chargeOrder(orderId, signal())).toBe('declined');
    expect((await orderRow(t, orderId)).status).toBe('payment_failed');
    expect((await jobsForOrder(t, 'send_email', orderId)).map((j) => j.data)).toContainEqual({ kind: 'payment_failed', order_id: orderId });
  });

  it('refunds a charge that comes back after the order was cancelled', async () => {
    const sim = simulatedGateway(t);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let charged!: () => void;
    const recorded = new Promise<void>((r) => (charged = r));
    // The gateway records the charge, then its answer waits until the test has cancelled the order.
    const gateway = new WrappedGateway(sim, async (request, s) => {
      const charge = await sim.charge(request, s);
      charged();
      await held;
      return charge;
    });
    const payments = paymentService(t, gateway);
    const orderId = await placeCardOrder(t, user, product.id);
    const attempt = payments.chargeOrder(orderId, signal());
    await recorded;
    expect((await cancel(orderId)).status).toBe(200);
    release();
    expect(await attempt).toBe('refund_enqueued');
    const order = await withWorker(payments, () =>
      waitFor(async () => {
        const row = await orderRow(t, orderId);
        return row.gateway_refund_id !== null ? row : undefined;
      }, 10_000, 'the refund'),
    );
    const { charges, refunds } = await gatewayRecords(t, orderId);
    expect(order).toMatchObject({ status: 'cancelled', gateway_charge_id: charges[0]!.id });
    expect(refunds).toEqual([{ id: order.gateway_refund_id, amount_cents: 1250 }]);
  });

  it('refunds a charge whose answer was lost when the order is cancelled before the next attempt', async () => {
    const gateway = simulatedGateway(t, { timeoutRate: 0.5 }, scripted([0.9, 0.1]));
    const payments = paymentService(t, gateway);
    const orderId = await placeCardOrder(t, user, product.id);
    await expect(payments.chargeOrder(orderId, signal())).rejects.toBeInstanceOf(GatewayTimeoutError);
    expect((await gatewayRecords(t, orderId)).charges).toHaveLength(1);
    expect((await cancel(orderId)).status).toBe(200);
    // The order's own job runs again, sees the cancellation and has the refund job settle it.
    await withWorker(payments, () =>
      waitFor(async () => (await orderRow(t, orderId)).gateway_refund_id !== null, 10_000, 'the refund'),
    );
    const { charges, refunds } = await gatewayRecords(t, orderId);
    expect(charges).toHaveLength(1);
    expect(refunds).toHaveLength(1);
  });
});

describe('refund_payment', () => {
  it('refunds a cancelled paid card order once through the gateway, however often it runs', async () => {
    const payments = paymentService(t, simulatedGateway(t));
    const orderId = await placeCardOrder(t, user, product.id, 3);
    await withWorker(payments, async () => {
      await orderReaches(t, orderId, ['paid']);
      const res = await cancel(orderId);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('cancelled');
      await waitFor(async () => (await orderRow(t, orderId)).gateway_refund_id !== null, 10_000, 'the refund');
    });
    expect(await jobsForOrder(t, 'refund_payment', orderId)).toMatchObject([{ state: 'completed' }]);
    // Run it again (a duplicate job, a staff retry): the same refund, not a second one.
    expect(await payments.refundOrder(orderId, signal())).toBe('already_refunded');
    await t.services.jobs.enqueue(t.db, payments.tasks.refundPayment, { order_id: orderId }, signal());
    await withWorker(payments, () =>
      waitFor(async () => (await jobsForOrder(t, 'refund_payment', orderId)).every((j) => j.state === 'completed'), 10_000, 'the second refund job'),
    );
    const { charges, refunds } = await gatewayRecords(t, orderId);
    expect(charges).toEqual([{ id: expect.any(String), amount_cents: 3750 }]);
    expect(refunds).toEqual([{ id: expect.any(String), amount_cents: 3750 }]);
  });

  it('never refunds an order that is pending or paid', async () => {
    const payments = paymentService(t, simulatedGateway(t));
    const orderId = await placeCardOrder(t, user, product.id);
    expect(await payments.refundOrder(orderId, signal())).toBe('skipped');
    expect(await payments.chargeOrder(orderId, signal())).toBe('paid');
    expect(await payments.refundOrder(orderId, signal())).toBe('skipped');
    expect((await gatewayRecords(t, orderId)).refunds).toEqual([]);
  });
});
