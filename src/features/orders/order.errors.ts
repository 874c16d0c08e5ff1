// Typed failures of the orders feature, with stable codes (mapped to HTTP in platform/http).
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { OrderStatus } from './order.ts';

/** No such order for this user: missing and someone else's look the same (404). */
export class OrderNotFoundError extends NotFoundError {
  constructor() {
    super('order'); // code: order.not_found
  }
}

/** The order is not pending or paid, so it cannot be cancelled (409). */
export class OrderNotCancellableError extends ConflictError {
  constructor(status: OrderStatus) {
    super(
      'order.not_cancellable',
      status === 'pending' || status === 'paid'
        ? // The statement saw it cancellable, yet the update matched nothing: a concurrent request won.
          'The order was changed by another request and can no longer be cancelled.'
        : `Only a pending or paid order can be cancelled; this one is ${status}.`,
    );
  }
}

/**
 * The items cannot make an order: an unknown or deleted product, or a product whose merged qty
 * exceeds the limit (422 with a field error on `items`, as the contract says).
 */
export class OrderItemsInvalidError extends ValidationError {
  override readonly code = 'order.items_invalid';
  constructor(message: string) {
    super([{ field: 'items', message }], message);
  }
}

/**
 * A balance order OrderService.placeBalance did not judge: an earlier order of the same user in
 * the same set was refused, so this one must be placed again on its own. An outcome for
 * BalanceOrderBatches to act on, never an answer to a client.
 */
export class DebitNotJudgedError extends Error {
  override readonly name = 'DebitNotJudgedError';
  constructor() {
    super('debit not judged: an earlier order of the same user was refused in the same set');
  }
}
