// InvoiceService: invoices a user issues to their customers. Owner-scoped in the SQL itself;
// status changes are single conditional UPDATEs, so concurrent requests cannot both succeed.
import { PLAN_PER_CALL, type Db } from '../../platform/db/db.ts';
import { sqlState } from '../../platform/db/errors.ts';
import type { Period } from '../../platform/period.ts';
import { decodeCursor, toPage, type Page, type PageRequest } from '../../platform/pagination.ts';
import { TRANSITIONS, parseNewInvoice, toInvoice, toInvoiceCurrency, type Invoice, type InvoiceAction, type InvoiceFilter, type InvoiceTotals, type NewInvoice } from './invoice.ts';
import { InvoiceLookups } from './invoice-lookups.ts';
import { InvalidInvoiceTransitionError, InvoiceCustomerInvalidError, InvoiceNotFoundError } from './invoice.errors.ts';
import {
  getInvoicesForOwners,
  insertInvoiceForOwner,
  listInvoicesForOwner,
  sumInvoicesForOwnerByCurrency,
  transitionInvoiceForOwner,
} from './queries.queries.ts';

const FOREIGN_KEY_VIOLATION = '23503';

export class InvoiceService {
  /** Lookups made together with other requests' (InvoiceLookups); not on a caller's transaction. */
  private readonly lookups: InvoiceLookups | undefined;

  constructor(
    private readonly deps: { db: Db },
    options: { batchLookups: boolean } = { batchLookups: true },
  ) {
    this.lookups = options.batchLookups ? new InvoiceLookups(deps.db) : undefined;
  }

  /** The same service with its statements on `db` (e.g. the idempotency transaction), sqlc-WithTx style. */
  withDb(db: Db): InvoiceService {
    if (db === this.deps.db) return this;
    return new InvoiceService({ ...this.deps, db }, { batchLookups: false });
  }

  /**
   * Issues an invoice to one of the owner's customers.
   *
   * Ownership is checked by the INSERT itself (INSERT … SELECT FROM customers WHERE id AND
   * owner_id) rather than by asking CustomerService first: one round trip instead of two, and no
   * window between check and insert. This reads the customers table from the invoices feature,
   * which the feature already does to join the customer's name into every invoice; it never
   * writes it. Zero rows back means "not your customer"; a customer deleted between the
   * statement's snapshot and its foreign-key check raises 23503, which means the same.
   */
  async create(ownerId: number, input: NewInvoice, signal: AbortSignal): Promise<Invoice> {
    const fields = parseNewInvoice(input);
    let rows;
    try {
      rows = await this.deps.db.run(insertInvoiceForOwner, { ownerId, ...fields }, signal);
    } catch (err) {
      if (sqlState(err) === FOREIGN_KEY_VIOLATION) throw new InvoiceCustomerInvalidError({ cause: err });
      throw err;
    }
    const [row] = rows;
    if (row === undefined) throw new InvoiceCustomerInvalidError();
    return toInvoice(row);
  }

  /**
   * One statement, shared with the lookups of other requests in flight when there are some
   * (InvoiceLookups): the customer's name is joined, not fetched separately.
   */
  async get(ownerId: number, id: number, signal: AbortSignal): Promise<Invoice> {
    if (this.lookups !== undefined) {
      const invoice = await this.lookups.get(ownerId, id, signal);
      if (invoice === null) throw new InvoiceNotFoundError();
      return invoice;
    }
    const [row] = await this.deps.db.run(getInvoicesForOwners, { ids: [id], ownerIds: [ownerId] }, signal);
    if (row === undefined) throw new InvoiceNotFoundError();
    return toInvoice(row);
  }

  /** Newest first, keyset-paginated on id; one statement per page whatever the limit. */
  async list(ownerId: number, filter: InvoiceFilter, page: PageRequest, signal: AbortSignal): Promise<Page<Invoice>> {
    const beforeId = page.cursor === undefined ? null : decodeCursor(page.cursor, ['number'] as const)[0];
    const rows = await this.deps.db.run(
      listInvoicesForOwner,
      { ownerId, status: filter.status ?? null, customerId: filter.customerId ?? null, beforeId, limit: page.limit + 1 },
      signal,
      PLAN_PER_CALL, // optional filters: a cached generic plan could not use the status index
    );
    return toPage(rows, page.limit, (r) => [r.id], toInvoice);
  }

  /**
   * Per currency, one statement: the open invoices' total (outstanding) and the total of those paid
   * in `period`. Currencies with neither are left out.
   */
  async totals(ownerId: number, period: Period, signal: AbortSignal): Promise<InvoiceTotals> {
    const rows = await this.deps.db.run(sumInvoicesForOwnerByCurrency, { ownerId, periodStart: period.start, periodEnd: period.end }, signal);
    const totals: InvoiceTotals = { outstanding: [], paidInPeriod: [] };
    for (const r of rows) {
      const currency = toInvoiceCurrency(r.currency);
      if (r.outstanding_cents > 0) totals.outstanding.push({ currency, amountCents: r.outstanding_cents });
      if (r.paid_cents > 0) totals.paidInPeriod.push({ currency, amountCents: r.paid_cents });
    }
    return totals;
  }

  markPaid(ownerId: number, id: number, signal: AbortSignal): Promise<Invoice> {
    return this.transition(ownerId, id, 'mark_paid', signal);
  }

  void(ownerId: number, id: number, signal: AbortSignal): Promise<Invoice> {
    return this.transition(ownerId, id, 'void', signal);
  }

  /**
   * One statement decides everything: the conditional UPDATE either moves the invoice, or the
   * same statement reports the invoice it could not move (409), or nothing (404). Doing the
   * lookup separately would let a concurrent change slip between the two.
   */
  private async transition(ownerId: number, id: number, action: InvoiceAction, signal: AbortSignal): Promise<Invoice> {
    const { from, to } = TRANSITIONS[action];
    const [row] = await this.deps.db.run(transitionInvoiceForOwner, { ownerId, id, fromStatus: from, toStatus: to }, signal);
    if (row === undefined) throw new InvoiceNotFoundError();
    const invoice = toInvoice(row);
    if (!row.transitioned) throw new InvalidInvoiceTransitionError(action, invoice.status);
    return invoice;
  }
}
