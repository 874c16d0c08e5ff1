// Typed failures of the invoices feature, with stable codes (mapped to HTTP in platform/http).
import { ConflictError, NotFoundError, ValidationError } from '../../platform/errors.ts';
import type { InvoiceAction, InvoiceStatus } from './invoice.ts';

/** No such invoice for this owner: missing and someone else's look the same (404). */
export class InvoiceNotFoundError extends NotFoundError {
  constructor() {
    super('invoice'); // code: invoice.not_found
  }
}

const ACTION_WORDS: Record<InvoiceAction, string> = { mark_paid: 'marked paid', void: 'voided' };

/** The invoice is not in the status the action starts from (409). */
export class InvalidInvoiceTransitionError extends ConflictError {
  constructor(action: InvoiceAction, status: InvoiceStatus) {
    super(
      'invoice.invalid_transition',
      status === 'open'
        ? // The statement saw it open, yet the update matched nothing: a concurrent request won.
          `The invoice was changed by another request and can no longer be ${ACTION_WORDS[action]}.`
        : `Only an open invoice can be ${ACTION_WORDS[action]}; this one is ${status}.`,
    );
  }
}

/** customer_id is not one of the caller's customers (422 on that field, not 404: it is input). */
export class InvoiceCustomerInvalidError extends ValidationError {
  override readonly code = 'invoice.customer_invalid';
  constructor(options?: ErrorOptions) {
    super([{ field: 'customer_id', message: 'No customer of yours has this id.' }]);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
