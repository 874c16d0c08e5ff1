// The order_confirmations background task: the confirmation e-mails of a set of balance orders,
// fanned out. The statement that places a set (orders' PlaceBalanceOrders) writes one job for the
// whole set, in its own transaction, and this task enqueues each order's send_email job from it,
// as card orders enqueue theirs (EmailJobs.ordersPlaced). One pg-boss row per set instead of one
// per order took a fifth off a set's statement (docs/DECISIONS.md, "One confirmations job per set
// of balance orders").
//
// Each order's e-mail counts against its owner's per-minute cap when this task runs, not when the
// order was placed: an e-mail over the cap starts in a later minute of the worker's clock.
//
// Idempotent as every task must be: a run again after one that committed (its worker died before
// recording the job done) enqueues the same send_email jobs again, and NotificationService sends
// each message once (sent_emails), so the user gets one e-mail per order all the same.
import { Type, type Static } from 'typebox';
import type { Db } from '../../platform/db/db.ts';
import { DEFAULT_BACKOFF, type TaskDefinition } from '../../platform/jobs/task.ts';
import type { EmailJobs } from './email.jobs.ts';

const RowId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

/** The orders placed together, each with its owner (whose cap its e-mail counts against). */
export const OrderConfirmationsPayload = Type.Object(
  { orders: Type.Array(Type.Object({ id: RowId, user_id: RowId }, { additionalProperties: false }), { minItems: 1 }) },
  { additionalProperties: false },
);
export type OrderConfirmationsPayload = Static<typeof OrderConfirmationsPayload>;

export type OrderConfirmationsTask = TaskDefinition<typeof OrderConfirmationsPayload>;

export function orderConfirmationsTask(deps: { db: Db; emails: Pick<EmailJobs, 'ordersPlaced'> }): OrderConfirmationsTask {
  return {
    name: 'order_confirmations',
    payload: OrderConfirmationsPayload,
    timeLimitMs: 30_000,
    maxAttempts: 10,
    backoff: DEFAULT_BACKOFF,
    async handler(payload, ctx) {
      // One statement (InsertJobs), so on the pool it is a transaction of its own.
      await deps.emails.ordersPlaced(deps.db, payload.orders.map((o) => ({ id: o.id, userId: o.user_id })), ctx.signal);
    },
  };
}
