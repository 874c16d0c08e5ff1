// The send_email background task: its payload (ids only, never addresses or tokens), its retry
// policy, and a handler that hands the payload to the delivery service.
import { Type, type Static } from 'typebox';
import type { TaskDefinition } from '../../platform/jobs/task.ts';

const RowId = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const SendEmailPayload = Type.Union([
  Type.Object({ kind: Type.Literal('order_confirmation'), order_id: RowId }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('payment_failed'), order_id: RowId }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('password_reset'), reset_id: RowId }, { additionalProperties: false }),
]);
export type SendEmailPayload = Static<typeof SendEmailPayload>;

/** sent: handed to the mail server; already_sent: a retry after a send; skipped: nothing to send any more. */
export type DeliveryOutcome = 'sent' | 'already_sent' | 'skipped';

export interface EmailDelivery {
  deliver(payload: SendEmailPayload, signal: AbortSignal): Promise<DeliveryOutcome>;
}

export type SendEmailTask = TaskDefinition<typeof SendEmailPayload>;

/**
 * The task. `delivery` is looked up when a job runs, not when the task is made: the services it
 * reads (orders, password resets) enqueue this very task, so they are built after it (main.ts).
 * 8 attempts 10 s apart doubling (±20%): about 20 minutes of retries through a mail server outage,
 * then the job is kept as failed for staff to retry.
 */
export function sendEmailTask(delivery: () => EmailDelivery): SendEmailTask {
  return {
    name: 'send_email',
    payload: SendEmailPayload,
    timeLimitMs: 30_000,
    maxAttempts: 8,
    backoff: { baseMs: 10_000, factor: 2, maxMs: 3_600_000, jitter: 0.2 },
    async handler(payload, ctx) {
      await delivery().deliver(payload, ctx.signal);
    },
  };
}

/** Names the message a payload stands for; its Message-ID and its job's singleton key. */
export function emailKey(payload: SendEmailPayload): string {
  switch (payload.kind) {
    case 'order_confirmation':
      return `order-confirmation-${payload.order_id}`;
    case 'payment_failed':
      return `payment-failed-${payload.order_id}`;
    case 'password_reset':
      return `password-reset-${payload.reset_id}`;
  }
}
