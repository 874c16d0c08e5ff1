// PLACEHOLDER: replaced by the invoices feature.
import type { Db } from '../../platform/db/db.ts';
import type { CustomerService } from '../customers/customer.service.ts';
export class InvoiceService {
  constructor(private readonly deps: { db: Db; customers: CustomerService }) {}
}
