// Invoice lookups of concurrent requests, made together (InFlightBatches): while one statement of
// lookups is out, the lookups that arrive gather and go in the next one. A busy process thus reads
// many invoices in one round trip, and an idle one sends each lookup at once, as before. The
// lookup is the API's hottest read (`GET /invoices/{id}`), a primary-key read whose cost is almost
// all in the round trip: the socket writes and reads, the wake-ups of the web process and of a
// PostgreSQL backend, and the statement's own start and end (docs/PERFORMANCE.md, "Invoice
// lookups made together, and three cuts in a set of orders").
//
// What each lookup sees is what it would have seen alone: a lookup only ever joins a statement
// not sent yet, so it sees every commit made before it was asked for (read your own writes), and
// ownership is checked per lookup in the SQL. A request that leaves before its statement is sent
// is dropped from it; a lone lookup is cancelled with its request, as any statement is.
import { CancelledError } from '../../platform/db/errors.ts';
import type { Db } from '../../platform/db/db.ts';
import { InFlightBatches } from '../../platform/in-flight-batches.ts';
import { NEVER_ABORTED } from '../../platform/signals.ts';
import { toInvoice, type Invoice } from './invoice.ts';
import { getInvoicesForOwners } from './queries.queries.ts';

interface Lookup {
  ownerId: number;
  id: number;
  signal: AbortSignal;
}

/** What each lookup of a sent statement found: its invoice, or null when it is not the owner's. */
type Found = Map<Lookup, Invoice | null>;

export class InvoiceLookups {
  private readonly batches = new InFlightBatches<Lookup[], Found>(
    () => [],
    (batch) => this.send(batch),
  );

  constructor(private readonly db: Db) {}

  /** The owner's invoice `id`, or null when there is none. */
  async get(ownerId: number, id: number, signal: AbortSignal): Promise<Invoice | null> {
    if (signal.aborted) throw new CancelledError(signal.reason);
    const { batch, result } = this.batches.join();
    const lookup: Lookup = { ownerId, id, signal };
    batch.push(lookup);
    const found = (await result).get(lookup);
    // Not in the statement: the request had left before it was sent.
    if (found === undefined) throw new CancelledError(signal.reason);
    return found;
  }

  private async send(batch: Lookup[]): Promise<Found> {
    const live = batch.filter((l) => !l.signal.aborted);
    if (live.length === 0) return new Map();
    // A lone lookup goes with its request's signal; a shared one with none, since one client
    // leaving must not fail the others' reads (a primary-key read ends in microseconds anyway).
    const signal = live.length === 1 ? live[0]!.signal : NEVER_ABORTED;
    const rows = await this.db.run(getInvoicesForOwners, { ids: live.map((l) => l.id), ownerIds: live.map((l) => l.ownerId) }, signal);
    const found: Found = new Map(live.map((l) => [l, null]));
    for (const row of rows) found.set(live[row.position - 1]!, toInvoice(row));
    return found;
  }
}
