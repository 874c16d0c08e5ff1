// Typed failures of the balance feature, with stable codes (mapped to HTTP in platform/http).
import { BusinessRuleError, NotFoundError } from '../../platform/errors.ts';

/**
 * The balance does not cover a debit (422, type `/problems/insufficient-funds`). `required_cents`
 * is the amount the debit needed, `available_cents` the balance seen when it was refused.
 */
export class InsufficientFundsError extends BusinessRuleError {
  constructor(
    readonly requiredCents: number,
    readonly availableCents: number,
  ) {
    super('balance.insufficient_funds', 'The balance does not cover this amount.', {
      required_cents: requiredCents,
      available_cents: availableCents,
    });
  }
}

/** A credit would take the balance past its upper bound (2^53 − 1 minor units, see 0001). */
export class BalanceLimitExceededError extends BusinessRuleError {
  constructor(options?: ErrorOptions) {
    super('balance.limit_exceeded', 'The balance cannot grow beyond 9007199254740991 minor units.', {}, options);
  }
}

/** The user whose balance is to change does not exist (404). */
export class BalanceUserNotFoundError extends NotFoundError {
  constructor() {
    super('user'); // code: user.not_found
  }
}
