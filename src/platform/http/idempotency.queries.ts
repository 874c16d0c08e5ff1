/** Types generated for queries found in "src/platform/http/idempotency.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'DeleteExpiredIdempotencyKeys' parameters type */
export interface IDeleteExpiredIdempotencyKeysParams {
  limit: number;
  ttlHours: number;
}

/** 'DeleteExpiredIdempotencyKeys' return type */
export interface IDeleteExpiredIdempotencyKeysResult {
  deleted: number | null;
}

/** 'DeleteExpiredIdempotencyKeys' query type */
export interface IDeleteExpiredIdempotencyKeysQuery {
  params: IDeleteExpiredIdempotencyKeysParams;
  result: IDeleteExpiredIdempotencyKeysResult;
}

const deleteExpiredIdempotencyKeysIR: any = {"usedParamSet":{"ttlHours":true,"limit":true},"params":[{"name":"ttlHours","required":true,"transform":{"type":"scalar"},"locs":[{"a":322,"b":331}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":366,"b":372}]}],"statement":"-- Housekeeping: up to `limit` stored outcomes past their replay window (idempotency_keys_created_at_idx).\n-- The window is the one Idempotency.handle() reads with, measured by the database clock.\nWITH doomed AS (\n  SELECT user_id, route, key\n    FROM idempotency_keys\n   WHERE created_at < now() - make_interval(hours => :ttlHours!)\n   ORDER BY created_at\n   LIMIT :limit!\n), deleted AS (\n  DELETE FROM idempotency_keys k\n   USING doomed d\n   WHERE k.user_id = d.user_id AND k.route = d.route AND k.key = d.key\n  RETURNING 1\n)\nSELECT count(*)::int AS deleted FROM deleted"};

/**
 * Query generated from SQL:
 * ```
 * -- Housekeeping: up to `limit` stored outcomes past their replay window (idempotency_keys_created_at_idx).
 * -- The window is the one Idempotency.handle() reads with, measured by the database clock.
 * WITH doomed AS (
 *   SELECT user_id, route, key
 *     FROM idempotency_keys
 *    WHERE created_at < now() - make_interval(hours => :ttlHours!)
 *    ORDER BY created_at
 *    LIMIT :limit!
 * ), deleted AS (
 *   DELETE FROM idempotency_keys k
 *    USING doomed d
 *    WHERE k.user_id = d.user_id AND k.route = d.route AND k.key = d.key
 *   RETURNING 1
 * )
 * SELECT count(*)::int AS deleted FROM deleted
 * ```
 */
export const deleteExpiredIdempotencyKeys = new PreparedQuery<IDeleteExpiredIdempotencyKeysParams,IDeleteExpiredIdempotencyKeysResult>(deleteExpiredIdempotencyKeysIR);


