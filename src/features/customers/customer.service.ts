// PLACEHOLDER: replaced by the customers feature.
import type { Db } from '../../platform/db/db.ts';
export class CustomerService {
  constructor(private readonly deps: { db: Db }) {}
}
