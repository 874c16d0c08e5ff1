// The one interface every payment gateway sits behind (SPEC §4). Every call carries an
// idempotency key: the gateway remembers the first request made with a key and answers a repeat
// with that first result, so a retried call can never charge or refund twice.
import type { Currency } from '../../config.ts';

export interface ChargeRequest {
  /** The same for every attempt to collect one payment (see chargeKey). At most 255 characters. */
  idempotencyKey: string;
  /** Integer minor units, at least 1. */
  amountCents: number;
  currency: Currency;
  /** Shown on the gateway's side (statements, dashboards). */
  description: string;
}

export interface Charge {
  chargeId: string;
  status: 'succeeded';
  amountCents: number;
  currency: Currency;
}

export interface RefundRequest {
  idempotencyKey: string;
  chargeId: string;
  amountCents: number;
}

export interface Refund {
  refundId: string;
  chargeId: string;
  status: 'succeeded';
  amountCents: number;
}

/**
 * A payment provider. Calls honour `signal` (an aborted call rejects promptly with
 * GatewayTimeoutError) and throw the typed errors of payment.errors.ts: PaymentDeclinedError and
 * GatewayRequestRejectedError are final; GatewayUnavailableError and GatewayTimeoutError are
 * worth retrying with the same idempotency key.
 */
export interface PaymentGateway {
  /** Charges once per idempotency key; a repeat returns the first charge and charges nothing. */
  charge(request: ChargeRequest, signal: AbortSignal): Promise<Charge>;
  /** Refunds once per idempotency key; a repeat returns the first refund. */
  refund(request: RefundRequest, signal: AbortSignal): Promise<Refund>;
  /**
   * The charge made with this idempotency key, if any: how a caller whose charge call never
   * answered finds out whether it went through (a real adapter asks the provider's search API).
   */
  findCharge(idempotencyKey: string, signal: AbortSignal): Promise<Charge | undefined>;
}

/** The idempotency key of an order's charge: the same for every attempt of every job for it. */
export const chargeKey = (orderId: number): string => `order:${orderId}:charge`;

/** The idempotency key of an order's refund (an order is charged at most once, so refunded once). */
export const refundKey = (orderId: number): string => `order:${orderId}:refund`;
