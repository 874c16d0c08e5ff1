// CustomerService: the customers a user keeps. Every read and write is scoped to the owner in the
// SQL itself, so a customer of someone else is never loaded, let alone returned. The two staff
// methods (the admin) are the only exception, and say so in their names.
import { PLAN_PER_CALL, type Db } from '../../platform/db/db.ts';
import { sqlState } from '../../platform/db/errors.ts';
import { decodeCursor, toPage, type Page, type PageRequest } from '../../platform/pagination.ts';
import { parseCustomerPatch, parseNewCustomer, type Customer, type CustomerPatch, type NewCustomer } from './customer.ts';
import { CustomerHasInvoicesError, CustomerNotFoundError } from './customer.errors.ts';
import {
  deleteCustomerById,
  deleteCustomerForOwner,
  getCustomerForOwner,
  insertCustomer,
  listCustomersForOwner,
  updateCustomerById,
  updateCustomerForOwner,
  type IGetCustomerForOwnerResult,
} from './queries.queries.ts';

const FOREIGN_KEY_VIOLATION = '23503';

const toCustomer = (row: IGetCustomerForOwnerResult): Customer => ({
  id: row.id,
  name: row.name,
  email: row.email,
  createdAt: row.created_at,
});

export class CustomerService {
  constructor(private readonly deps: { db: Db }) {}

  /** The same service with its statements on `db` (e.g. a caller's transaction), sqlc-WithTx style. */
  withDb(db: Db): CustomerService {
    return new CustomerService({ ...this.deps, db });
  }

  async create(ownerId: number, input: NewCustomer, signal: AbortSignal): Promise<Customer> {
    const fields = parseNewCustomer(input);
    const [row] = await this.deps.db.run(insertCustomer, { ownerId, ...fields }, signal);
    if (row === undefined) throw new Error('INSERT … RETURNING returned no row');
    return toCustomer(row);
  }

  async get(ownerId: number, id: number, signal: AbortSignal): Promise<Customer> {
    const [row] = await this.deps.db.run(getCustomerForOwner, { ownerId, id }, signal);
    if (row === undefined) throw new CustomerNotFoundError();
    return toCustomer(row);
  }

  /** Newest first, keyset-paginated on id (one statement per page). */
  async list(ownerId: number, page: PageRequest, signal: AbortSignal): Promise<Page<Customer>> {
    const beforeId = page.cursor === undefined ? null : decodeCursor(page.cursor, ['number'] as const)[0];
    const rows = await this.deps.db.run(listCustomersForOwner, { ownerId, beforeId, limit: page.limit + 1 }, signal, PLAN_PER_CALL);
    return toPage(rows, page.limit, (r) => [r.id], toCustomer);
  }

  async update(ownerId: number, id: number, patch: CustomerPatch, signal: AbortSignal): Promise<Customer> {
    const fields = parseCustomerPatch(patch);
    const [row] = await this.deps.db.run(
      updateCustomerForOwner,
      { ownerId, id, name: fields.name ?? null, setEmail: fields.email !== undefined, email: fields.email ?? null },
      signal,
    );
    if (row === undefined) throw new CustomerNotFoundError();
    return toCustomer(row);
  }

  /**
   * Deletes the customer unless invoices reference it. The foreign key (ON DELETE RESTRICT) is
   * the check: a check-then-delete would race with an invoice being created for the customer.
   */
  async delete(ownerId: number, id: number, signal: AbortSignal): Promise<void> {
    await deleteUnlessInvoiced(() => this.deps.db.run(deleteCustomerForOwner, { ownerId, id }, signal));
  }

  /** Staff only (never reachable from the API): `update` for any owner's customer. */
  async updateAsStaff(id: number, patch: CustomerPatch, signal: AbortSignal): Promise<Customer> {
    const fields = parseCustomerPatch(patch);
    const [row] = await this.deps.db.run(
      updateCustomerById,
      { id, name: fields.name ?? null, setEmail: fields.email !== undefined, email: fields.email ?? null },
      signal,
    );
    if (row === undefined) throw new CustomerNotFoundError();
    return toCustomer(row);
  }

  /** Staff only (never reachable from the API): `delete` for any owner's customer, same refusal. */
  async deleteAsStaff(id: number, signal: AbortSignal): Promise<void> {
    await deleteUnlessInvoiced(() => this.deps.db.run(deleteCustomerById, { id }, signal));
  }
}

/** Runs a DELETE … RETURNING id: CustomerHasInvoicesError on the invoices' foreign key, 404 on no row. */
async function deleteUnlessInvoiced(run: () => Promise<unknown[]>): Promise<void> {
  let deleted: unknown[];
  try {
    deleted = await run();
  } catch (err) {
    if (sqlState(err) === FOREIGN_KEY_VIOLATION) throw new CustomerHasInvoicesError({ cause: err });
    throw err;
  }
  if (deleted.length === 0) throw new CustomerNotFoundError();
}
