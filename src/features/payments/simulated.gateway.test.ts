// The simulated gateway behaves like a real provider: it charges once per idempotency key, fails
// before recording, loses answers after recording, takes time and stops when aborted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/support/database.ts';
import type { SimulatedGatewaySettings } from '../../config.ts';
import { Database } from '../../platform/db/db.ts';
import { GatewayRequestRejectedError, GatewayTimeoutError, GatewayUnavailableError } from './payment.errors.ts';
import { waitFor } from './payment.fixtures.ts';
import { SimulatedGateway } from './simulated.gateway.ts';

let database: TestDatabase;
let db: Database;
beforeAll(async () => {
  database = await createTestDatabase();
  db = new Database({ connectionString: database.url, poolSize: 4, applicationName: 'test-simulated-gateway' });
});
afterAll(async () => {
  await db.close();
  await database.drop();
});

const never = () => new AbortController().signal;
const gateway = (settings: Partial<SimulatedGatewaySettings> = {}) =>
  new SimulatedGateway({ db, settings: { latencyMs: 0, failRate: 0, timeoutRate: 0, ...settings } });
let n = 0;
const chargeRequest = (amountCents = 1500) => ({ idempotencyKey: `test:${++n}:charge`, amountCents, currency: 'USD' as const, description: 'test' });

async function chargesUnder(key: string): Promise<number> {
  const { rows } = await database.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM simulated_gateway_charges WHERE idempotency_key = $1', [key]);
  return rows[0]!.n;
}

describe('SimulatedGateway › charge', () => {
  it('charges once per idempotency key and answers a repeat with the first charge', async () => {
    const g = gateway();
    const request = chargeRequest();
    const first = await g.charge(request, never());
    const second = await g.charge(request, never());
    expect(first).toEqual({ chargeId: expect.stringMatching(/^ch_sim_\d+$/), status: 'succeeded', amountCents: 1500, currency: 'USD' });
    expect(second).toEqual(first);
    expect(await chargesUnder(request.idempotencyKey)).toBe(1);
  });

  it('charges once when the same key arrives concurrently', async () => {
    const g = gateway();
    const request = chargeRequest();
    const charges = await Promise.all(Array.from({ length: 8 }, () => g.charge(request, never())));
    expect(new Set(charges.map((c) => c.chargeId)).size).toBe(1);
    expect(await chargesUnder(request.idempotencyKey)).toBe(1);
  });

  it('rejects a key reused for a different amount, without charging again', async () => {
    const g = gateway();
    const request = chargeRequest(1500);
    await g.charge(request, never());
    await expect(g.charge({ ...request, amountCents: 999 }, never())).rejects.toBeInstanceOf(GatewayRequestRejectedError);
    expect(await chargesUnder(request.idempotencyKey)).toBe(1);
  });

  it('with FAIL_RATE=1 always fails, retryably, and records nothing', async () => {
    const g = gateway({ failRate: 1 });
    const request = chargeRequest();
    for (let i = 0; i < 3; i++) {
      const err = await g.charge(request, never()).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GatewayUnavailableError);
      expect(err).toMatchObject({ code: 'payment.gateway_unavailable', retryable: true });
    }
    expect(await chargesUnder(request.idempotencyKey)).toBe(0);
  });

  it('with TIMEOUT_RATE=1 records the charge, then hangs until aborted and throws a timeout', async () => {
    const g = gateway({ timeoutRate: 1 });
    const request = chargeRequest();
    const controller = new AbortController();
    let settled = false;
    const call = g.charge(request, controller.signal).finally(() => (settled = true));
    const outcome = call.catch((e: unknown) => e);
    await waitFor(async () => (await chargesUnder(request.idempotencyKey)) === 1, 5_000, 'the charge to be recorded');
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false); // the answer is lost: the call hangs
    controller.abort();
    expect(await outcome).toBeInstanceOf(GatewayTimeoutError);
    // A retry with the same key finds the charge instead of making a second one.
    const retried = await gateway().charge(request, never());
    expect(retried.chargeId).toMatch(/^ch_sim_/);
    expect(await chargesUnder(request.idempotencyKey)).toBe(1);
  });

  it('takes SIMULATED_GATEWAY_LATENCY_MS, and stops at once, recording nothing, when aborted during it', async () => {
    const g = gateway({ latencyMs: 300 });
    const started = performance.now();
    await g.charge(chargeRequest(), never());
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);

    const request = chargeRequest();
    const aborted = performance.now();
    await expect(g.charge(request, AbortSignal.timeout(30))).rejects.toBeInstanceOf(GatewayTimeoutError);
    expect(performance.now() - aborted).toBeLessThan(250);
    expect(await chargesUnder(request.idempotencyKey)).toBe(0);
  });
});

describe('SimulatedGateway › refund and findCharge', () => {
  it('refunds once per key, and never more than was charged', async () => {
    const g = gateway();
    const charge = await g.charge(chargeRequest(1500), never());
    const request = { idempotencyKey: `refund:${charge.chargeId}`, chargeId: charge.chargeId, amountCents: 1500 };
    const first = await g.refund(request, never());
    expect(first).toEqual({ refundId: expect.stringMatching(/^re_sim_\d+$/), chargeId: charge.chargeId, status: 'succeeded', amountCents: 1500 });
    expect(await g.refund(request, never())).toEqual(first);
    await expect(g.refund({ ...request, idempotencyKey: 'another key' }, never())).rejects.toBeInstanceOf(GatewayRequestRejectedError);
    const { rows } = await database.admin.query('SELECT count(*)::int AS n FROM simulated_gateway_refunds WHERE charge_id = $1', [
      Number(charge.chargeId.slice('ch_sim_'.length)),
    ]);
    expect(rows[0].n).toBe(1);
  });

  it('rejects a refund of an unknown charge', async () => {
    await expect(gateway().refund({ idempotencyKey: `r:${++n}`, chargeId: 'ch_sim_999999999', amountCents: 1 }, never())).rejects.toBeInstanceOf(
      GatewayRequestRejectedError,
    );
    await expect(gateway().refund({ idempotencyKey: `r:${++n}`, chargeId: 'ch_other', amountCents: 1 }, never())).rejects.toBeInstanceOf(
      GatewayRequestRejectedError,
    );
  });

  it('finds the charge made under a key, or nothing', async () => {
    const g = gateway();
    const request = chargeRequest();
    expect(await g.findCharge(request.idempotencyKey, never())).toBeUndefined();
    const charge = await g.charge(request, never());
    expect(await g.findCharge(request.idempotencyKey, never())).toEqual(charge);
  });
});
