// Typed failures of the customers feature, with stable codes (mapped to HTTP in platform/http).
import { ConflictError, NotFoundError } from '../../platform/errors.ts';

/** No such customer for this owner: missing and someone else's look the same (404). */
export class CustomerNotFoundError extends NotFoundError {
  constructor() {
    super('customer'); // code: customer.not_found
  }
}

/** The customer still has invoices, which keep it alive (409). */
export class CustomerHasInvoicesError extends ConflictError {
  constructor(options?: ErrorOptions) {
    super('customer.has_invoices', 'This customer has invoices and cannot be deleted.', {}, options);
  }
}
