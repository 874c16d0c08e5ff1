// Idempotency-Key handling for POST routes, stored in PostgreSQL so it holds across processes.
//
// The key's record and the work it guards commit in one transaction: a transaction-scoped
// advisory lock marks the key in flight (a concurrent duplicate gets 409 at once), the work runs
// in a savepoint inside it, and its outcome is stored before COMMIT. So there is no window in
// which the work is done but its outcome not recorded, even if the process dies.
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../db/db.ts';
import { BadRequestError, BusinessRuleError, ConflictError, ValidationError } from '../errors.ts';
import { toProblem } from './problem.ts';
import { deleteExpiredIdempotencyKeys, getStoredOutcome, lockIdempotencyKey, storeOutcome } from './idempotency.queries.ts';

export interface Outcome {
  status: number;
  body: unknown;
}

const TTL_HOURS = 24;
/** Rows per housekeeping DELETE, so no single statement holds locks for long. */
const PURGE_BATCH = 5000;

/** Canonical JSON: object keys sorted, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same body. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Business outcomes are replayed; rejected input (400, 415, 422 field errors), 429 and 5xx are not. */
function storable(err: unknown, status: number): boolean {
  return status < 499 && status !== 400 && status !== 429 && !(err instanceof ValidationError);
}

export class Idempotency {
  constructor(private readonly db: Db) {}

  /**
   * Runs `work` at most once per (user, method + path, key) within 24 hours and sends its
   * outcome; `work` receives the Db to use (a transaction when a key was sent).
   */
  async handle(request: FastifyRequest, reply: FastifyReply, work: (db: Db) => Promise<Outcome>): Promise<FastifyReply> {
    const header = request.headers['idempotency-key'];
    if (header === undefined) {
      const outcome = await work(this.db);
      return reply.code(outcome.status).send(outcome.body);
    }
    if (typeof header !== 'string' || header.length < 1 || header.length > 255) {
      throw new BadRequestError('idempotency.invalid_key', 'Idempotency-Key must be 1 to 255 characters.');
    }
    const userId = request.principal?.userId;
    if (userId === undefined) throw new Error('Idempotency.handle needs an authenticated route');
    const route = `${request.method} ${request.url.split('?')[0]}`;
    const requestHash = createHash('sha256').update(canonicalJson(request.body ?? null)).digest('hex');
    const signal = request.abortSignal;

    const { outcome, replayed } = await this.db.transaction(signal, async (tx) => {
      const [lock] = await tx.run(lockIdempotencyKey, { lockKey: `idempotency:${userId}:${route}:${header}` }, signal);
      if (!lock?.locked) {
        throw new ConflictError('idempotency.in_flight', 'A request with this Idempotency-Key is still in flight.');
      }
      const [stored] = await tx.run(getStoredOutcome, { userId, route, key: header, ttlHours: TTL_HOURS }, signal);
      if (stored) {
        if (stored.request_hash !== requestHash) {
          throw new BusinessRuleError(
            'idempotency.key_reused',
            'This Idempotency-Key was already used with a different request body.',
          );
        }
        return { outcome: { status: stored.response_status, body: stored.response_body }, replayed: true };
      }
      let fresh: Outcome;
      try {
        fresh = await tx.transaction(signal, (inner) => work(inner));
      } catch (err) {
        const mapped = toProblem(err);
        if (mapped.unexpected || !storable(err, mapped.problem.status)) throw err;
        fresh = { status: mapped.problem.status, body: mapped.problem };
      }
      // JSON text binds exactly as jsonb (a JS array would become a PostgreSQL array).
      const record = { userId, route, key: header, requestHash, responseStatus: fresh.status, responseBody: JSON.stringify(fresh.body) };
      await tx.run(storeOutcome, record, signal);
      return { outcome: fresh, replayed: false };
    });
    if (replayed) reply.header('idempotent-replayed', 'true');
    if (outcome.status >= 400) reply.type('application/problem+json');
    return reply.code(outcome.status).send(outcome.body);
  }

  /** Housekeeping: deletes stored outcomes past the 24-hour replay window; returns how many. */
  async purgeExpired(signal: AbortSignal): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await this.db.run(deleteExpiredIdempotencyKeys, { ttlHours: TTL_HOURS, limit: PURGE_BATCH }, signal);
      const deleted = row?.deleted ?? 0;
      total += deleted;
      if (deleted < PURGE_BATCH) return total;
    }
  }
}
