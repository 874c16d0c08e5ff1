// Test support for the payments tests: a PaymentService on a test app with a gateway of the
// test's choosing, a worker that runs its tasks, and the gateway's and orders' records read under
// the API. Not a test file itself: vitest only collects *.test.ts.
import type { TestApp } from '../../../test/support/app.ts';
import type { TestUser } from '../../../test/support/factories.ts';
import type { SimulatedGatewaySettings } from '../../config.ts';
import { startWorker, waitFor, type TestWorker } from '../../platform/jobs/jobs.fixtures.ts';
import { EmailJobs } from '../notifications/email.jobs.ts';
import { OrderPayments } from '../orders/order.payments.ts';
import { postOrder } from '../orders/order.fixtures.ts';
import type { PaymentGateway } from './payment.gateway.ts';
import { PaymentService } from './payment.service.ts';
import { SimulatedGateway } from './simulated.gateway.ts';

export const signal = () => new AbortController().signal;
export { waitFor };

/**
 * Settings for startTestApp: retries take milliseconds, a lost answer costs 300 ms. The app's
 * settings count: a job's number of attempts is fixed when OrderService enqueues it.
 */
export const FAST_PAYMENTS_ENV = {
  PAYMENT_MAX_ATTEMPTS: '3',
  PAYMENT_BACKOFF_BASE_MS: '5',
  PAYMENT_TIME_LIMIT_MS: '5000',
  PAYMENT_GATEWAY_TIMEOUT_MS: '300',
};

/** A simulated gateway on the test database; `random` scripts its failures when given. */
export function simulatedGateway(t: TestApp, settings: Partial<SimulatedGatewaySettings> = {}, random?: () => number): SimulatedGateway {
  return new SimulatedGateway({ db: t.db, settings: { latencyMs: 0, failRate: 0, timeoutRate: 0, ...settings }, ...(random ? { random } : {}) });
}

/** Returns `values` in turn, then `rest` for ever: a script for the simulator's dice. */
export function scripted(values: number[], rest = 0.99): () => number {
  let i = 0;
  return () => (i < values.length ? values[i++]! : rest);
}

/** A PaymentService like main.ts builds, on the test app (and its settings), with `gateway`. */
export function paymentService(t: TestApp, gateway: PaymentGateway): PaymentService {
  return new PaymentService({
    db: t.db,
    gateway,
    orders: new OrderPayments({ db: t.db }),
    jobs: t.services.jobs,
    emails: new EmailJobs({ queue: t.services.jobs, task: t.services.sendEmail }),
    settings: t.config.payments,
  });
}

/** A worker running `payments`' tasks (process_payment, refund_payment) only; stop() it. */
export function paymentWorker(t: TestApp, payments: PaymentService): Promise<TestWorker> {
  return startWorker(t.database.url, [payments.tasks.processPayment, payments.tasks.refundPayment], { settings: { pollIntervalMs: 20 } });
}

/** Places a card order through the API; its id. */
export async function placeCardOrder(t: TestApp, user: TestUser, productId: number, qty = 1): Promise<number> {
  const res = await postOrder(t, user, { items: [{ product_id: productId, qty }], payment_method: 'card' });
  if (res.status !== 201) throw new Error(`order not placed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id as number;
}

export interface OrderPaymentRow {
  status: string;
  total_cents: number;
  gateway_charge_id: string | null;
  gateway_refund_id: string | null;
}

export async function orderRow(t: TestApp, orderId: number): Promise<OrderPaymentRow> {
  const { rows } = await t.database.admin.query<OrderPaymentRow>(
    'SELECT status, total_cents::int AS total_cents, gateway_charge_id, gateway_refund_id FROM orders WHERE id = $1',
    [orderId],
  );
  return rows[0]!;
}

/** Polls until the order has one of `statuses`. */
export function orderReaches(t: TestApp, orderId: number, statuses: string[], timeoutMs = 15_000): Promise<OrderPaymentRow> {
  return waitFor(async () => {
    const row = await orderRow(t, orderId);
    return statuses.includes(row.status) ? row : undefined;
  }, timeoutMs, `order ${orderId} to be ${statuses.join(' or ')}`);
}

/** What the simulated gateway holds for an order: its charges and refunds (ids and amounts). */
export async function gatewayRecords(t: TestApp, orderId: number): Promise<{ charges: { id: string; amount_cents: number }[]; refunds: { id: string; amount_cents: number }[] }> {
  const charges = await t.database.admin.query<{ id: string; amount_cents: number }>(
    `SELECT 'ch_sim_' || id AS id, amount_cents::int AS amount_cents FROM simulated_gateway_charges WHERE idempotency_key = $1 ORDER BY id`,
    [`order:${orderId}:charge`],
  );
  const refunds = await t.database.admin.query<{ id: string; amount_cents: number }>(
    `SELECT 're_sim_' || r.id AS id, r.amount_cents::int AS amount_cents
       FROM simulated_gateway_refunds r JOIN simulated_gateway_charges c ON c.id = r.charge_id
      WHERE c.idempotency_key = $1 ORDER BY r.id`,
    [`order:${orderId}:charge`],
  );
  return { charges: charges.rows, refunds: refunds.rows };
}

/** The jobs of a task about an order: their states and payloads, oldest first. */
export async function jobsForOrder(t: TestApp, name: string, orderId: number): Promise<{ state: string; data: Record<string, unknown>; retry_count: number }[]> {
  const { rows } = await t.database.admin.query(
    `SELECT state, data, retry_count FROM pgboss.job WHERE name = $1 AND (data->>'order_id')::int8 = $2 ORDER BY created_on, id`,
    [name, orderId],
  );
  return rows;
}
