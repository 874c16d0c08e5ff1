// The built-in `simulated` payment gateway (PAYMENT_GATEWAY=simulated, SPEC §4): a stand-in for a
// real provider, with the failures a real one has, so that retries and idempotency are exercised
// for real. Each call waits SIMULATED_GATEWAY_LATENCY_MS (abortable), then
//   - with probability failRate fails before recording anything (like a 5xx or refused connection);
//   - otherwise records the charge or refund under its idempotency key, in the simulator's own
//     tables (migrations/*_card_payments.sql: the provider's database, not the product's), or
//     returns the one already recorded under that key;
//   - then, with probability timeoutRate, loses the answer: the call hangs until the caller's
//     signal fires, as a real call does when the network drops after the provider processed it.
// Callers must bound every call with a signal (PaymentService does); a lost answer is only
// recovered by retrying with the same key, which then returns the recorded result.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Currency, SimulatedGatewaySettings } from '../../config.ts';
import { CURRENCIES } from '../../config.ts';
import { withTransaction, type Db } from '../../platform/db/db.ts';
import { CancelledError, DatabaseUnavailableError } from '../../platform/db/errors.ts';
import { GatewayRequestRejectedError, GatewayTimeoutError, GatewayUnavailableError } from './payment.errors.ts';
import type { Charge, ChargeRequest, PaymentGateway, Refund, RefundRequest } from './payment.gateway.ts';
import {
  getSimulatedChargeByKey,
  getSimulatedRefundByKey,
  insertSimulatedRefund,
  lockSimulatedCharge,
  recordSimulatedCharge,
  type IInsertSimulatedRefundResult,
} from './simulated-gateway.queries.ts';

export interface SimulatedGatewayDeps {
  /** Where the simulator keeps its records (the application's database, in tables of its own). */
  db: Db;
  settings: SimulatedGatewaySettings;
  /** Uniform in [0, 1); injectable so tests can script failures. */
  random?: () => number;
}

const CHARGE_PREFIX = 'ch_sim_';
const REFUND_PREFIX = 're_sim_';

export class SimulatedGateway implements PaymentGateway {
  private readonly random: () => number;

  constructor(private readonly deps: SimulatedGatewayDeps) {
    this.random = deps.random ?? Math.random;
  }

  async charge(request: ChargeRequest, signal: AbortSignal): Promise<Charge> {
    await this.arrive(signal);
    const [row] = await this.work(signal, () =>
      this.deps.db.run(
        recordSimulatedCharge,
        { idempotencyKey: request.idempotencyKey, amountCents: request.amountCents, currency: request.currency, description: request.description },
        signal,
      ),
    );
    // Like a real provider: a key stands for one request, and reusing it for another is an error.
    if (row!.amount_cents !== request.amountCents || row!.currency !== request.currency) {
      throw new GatewayRequestRejectedError(`idempotency key ${request.idempotencyKey} was used for a different charge`);
    }
    await this.maybeLoseAnswer(signal);
    return toCharge(row!);
  }

  async refund(request: RefundRequest, signal: AbortSignal): Promise<Refund> {
    await this.arrive(signal);
    const row = await this.work(signal, () => withTransaction(this.deps.db, signal, (tx) => this.recordRefund(tx, request, signal)));
    await this.maybeLoseAnswer(signal);
    return { refundId: `${REFUND_PREFIX}${row.id}`, chargeId: `${CHARGE_PREFIX}${row.charge_id}`, status: 'succeeded', amountCents: row.amount_cents };
  }

  async findCharge(idempotencyKey: string, signal: AbortSignal): Promise<Charge | undefined> {
    await this.arrive(signal);
    const [row] = await this.work(signal, () => this.deps.db.run(getSimulatedChargeByKey, { idempotencyKey }, signal));
    await this.maybeLoseAnswer(signal);
    return row === undefined ? undefined : toCharge(row);
  }

  /** Records a refund once per key, never beyond what is left of the charge. */
  private async recordRefund(tx: Db, request: RefundRequest, signal: AbortSignal): Promise<IInsertSimulatedRefundResult> {
    const chargeId = parseId(request.chargeId, CHARGE_PREFIX);
    // The charge's row lock serialises refunds of it, so the checks below see every earlier one.
    const [charge] = chargeId === undefined ? [] : await tx.run(lockSimulatedCharge, { chargeId }, signal);
    if (charge === undefined) throw new GatewayRequestRejectedError(`no such charge ${request.chargeId}`);
    const [existing] = await tx.run(getSimulatedRefundByKey, { idempotencyKey: request.idempotencyKey }, signal);
    if (existing !== undefined) {
      if (existing.charge_id !== charge.id || existing.amount_cents !== request.amountCents) {
        throw new GatewayRequestRejectedError(`idempotency key ${request.idempotencyKey} was used for a different refund`);
      }
      return existing;
    }
    if (request.amountCents < 1 || request.amountCents > charge.amount_cents - charge.refunded_cents) {
      throw new GatewayRequestRejectedError(`a refund of ${request.amountCents} exceeds what is left of charge ${request.chargeId}`);
    }
    const [inserted] = await tx.run(insertSimulatedRefund, { idempotencyKey: request.idempotencyKey, chargeId: charge.id, amountCents: request.amountCents }, signal);
    return inserted!;
  }

  /** The network and the provider's front door: latency, then perhaps a failure, before any work. */
  private async arrive(signal: AbortSignal): Promise<void> {
    try {
      if (this.deps.settings.latencyMs > 0) await sleep(this.deps.settings.latencyMs, undefined, { signal });
      else signal.throwIfAborted();
    } catch (err) {
      throw new GatewayTimeoutError(undefined, { cause: err });
    }
    if (this.random() < this.deps.settings.failRate) throw new GatewayUnavailableError('simulated gateway failure');
  }

  /**
   * The provider's own processing. An abort during it is, to the caller, an answer that never came
   * (the statement may or may not have committed); a database outage is the provider being down.
   */
  private async work<T>(signal: AbortSignal, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof CancelledError) throw new GatewayTimeoutError(undefined, { cause: err });
      if (err instanceof DatabaseUnavailableError) throw new GatewayUnavailableError(undefined, { cause: err });
      throw err;
    }
  }

  /** After the work is recorded: perhaps the answer never arrives, and the call hangs until aborted. */
  private async maybeLoseAnswer(signal: AbortSignal): Promise<void> {
    if (!(this.random() < this.deps.settings.timeoutRate)) return;
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
    });
    throw new GatewayTimeoutError('simulated gateway timeout: the request was processed but its answer was lost', { cause: signal.reason });
  }
}

function toCharge(row: { id: number; amount_cents: number; currency: string }): Charge {
  if (!(CURRENCIES as readonly string[]).includes(row.currency)) throw new Error(`unexpected currency ${row.currency}`);
  return { chargeId: `${CHARGE_PREFIX}${row.id}`, status: 'succeeded', amountCents: row.amount_cents, currency: row.currency as Currency };
}

/** The row id inside a simulator id (`ch_sim_42` → 42); undefined for anything else. */
function parseId(id: string, prefix: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const n = Number(id.slice(prefix.length));
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
