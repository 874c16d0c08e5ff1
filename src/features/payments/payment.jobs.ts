// The payment tasks: process_payment (collect a card order) and refund_payment (give a card
// order's charge back). Handlers parse the payload and make one PaymentService call; retry policy
// is declared here (SPEC §9: 10 attempts, 1 s × 2^attempt ±20%, capped at 10 minutes), with the
// numbers from PaymentSettings so tests and operators can change them.
import { Type } from 'typebox';
import type { PaymentSettings } from '../../config.ts';
import { DEFAULT_BACKOFF, type TaskDefinition } from '../../platform/jobs/task.ts';
import type { PaymentService } from './payment.service.ts';

/** Both tasks carry only the order id (payloads carry ids, never objects). */
export const OrderPaymentPayload = Type.Object({ order_id: Type.Integer({ minimum: 1 }) }, { additionalProperties: false });
export type OrderPaymentTask = TaskDefinition<typeof OrderPaymentPayload>;

export interface PaymentTasks {
  processPayment: OrderPaymentTask;
  refundPayment: OrderPaymentTask;
}

export function paymentTasks(payments: PaymentService, settings: PaymentSettings): PaymentTasks {
  const policy = {
    payload: OrderPaymentPayload,
    timeLimitMs: settings.timeLimitMs,
    maxAttempts: settings.maxAttempts,
    backoff: { ...DEFAULT_BACKOFF, baseMs: settings.backoffBaseMs },
  };
  return {
    processPayment: {
      name: 'process_payment',
      ...policy,
      async handler({ order_id }, ctx) {
        await payments.chargeOrder(order_id, ctx.signal);
      },
      // Also after a lost last attempt (its worker died); ctx.signal is a fresh one of its own.
      async onFinalFailure({ order_id }, ctx) {
        await payments.failPayment(order_id, ctx.signal);
      },
    },
    refundPayment: {
      name: 'refund_payment',
      ...policy,
      // After the last attempt the job is kept as failed, for staff to retry from the admin.
      async handler({ order_id }, ctx) {
        await payments.refundOrder(order_id, ctx.signal);
      },
    },
  };
}
