// Typed failures of payment gateway calls, with stable codes. What matters to a caller is whether
// retrying the same request (same idempotency key) can help: `retryable` says so.
import { BusinessRuleError, ServiceUnavailableError } from '../../platform/errors.ts';

/** The gateway refused the charge for good (e.g. card declined): retrying cannot help. */
export class PaymentDeclinedError extends BusinessRuleError {
  readonly retryable = false;
  constructor(message = 'The payment was declined.') {
    super('payment.declined', message);
  }
}

/**
 * The gateway refused the request as invalid (an unknown charge, a refund over the amount charged,
 * an idempotency key reused with other parameters): a bug or a data problem, not a transient one.
 */
export class GatewayRequestRejectedError extends BusinessRuleError {
  readonly retryable = false;
  constructor(message: string) {
    super('payment.gateway_rejected', message);
  }
}

/** The gateway failed before processing the request (a 5xx, a refused connection): retry. */
export class GatewayUnavailableError extends ServiceUnavailableError {
  readonly retryable = true;
  constructor(message = 'The payment gateway is unavailable.', options?: ErrorOptions) {
    super('payment.gateway_unavailable', message, {}, options);
  }
}

/**
 * No answer before the call was aborted (its own timeout, or the caller's signal). The gateway
 * may or may not have processed it; retrying with the same idempotency key is safe either way.
 */
export class GatewayTimeoutError extends ServiceUnavailableError {
  readonly retryable = true;
  constructor(message = 'The payment gateway did not answer in time.', options?: ErrorOptions) {
    super('payment.gateway_timeout', message, {}, options);
  }
}
