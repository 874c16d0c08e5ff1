/** Types generated for queries found in "src/platform/http/idempotency.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

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


/** 'LockIdempotencyKey' parameters type */
export interface ILockIdempotencyKeyParams {
  lockKey: string;
}

/** 'LockIdempotencyKey' return type */
export interface ILockIdempotencyKeyResult {
  locked: boolean;
}

/** 'LockIdempotencyKey' query type */
export interface ILockIdempotencyKeyQuery {
  params: ILockIdempotencyKeyParams;
  result: ILockIdempotencyKeyResult;
}

const lockIdempotencyKeyIR: any = {"usedParamSet":{"lockKey":true},"params":[{"name":"lockKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":418,"b":426}]}],"statement":"-- Marks the key in flight for the rest of the transaction; false when another transaction holds\n-- it. A statement of its own, before the stored outcome is read: under READ COMMITTED a statement\n-- reads the snapshot taken when it started, so a read in the same statement could miss the outcome\n-- the lock's previous holder committed just before the lock was taken.\nSELECT pg_try_advisory_xact_lock(hashtextextended(:lockKey!::text, 0)) AS \"locked!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Marks the key in flight for the rest of the transaction; false when another transaction holds
 * -- it. A statement of its own, before the stored outcome is read: under READ COMMITTED a statement
 * -- reads the snapshot taken when it started, so a read in the same statement could miss the outcome
 * -- the lock's previous holder committed just before the lock was taken.
 * SELECT pg_try_advisory_xact_lock(hashtextextended(:lockKey!::text, 0)) AS "locked!"
 * ```
 */
export const lockIdempotencyKey = new PreparedQuery<ILockIdempotencyKeyParams,ILockIdempotencyKeyResult>(lockIdempotencyKeyIR);


/** 'GetStoredOutcome' parameters type */
export interface IGetStoredOutcomeParams {
  key: string;
  route: string;
  ttlHours: number;
  userId: number;
}

/** 'GetStoredOutcome' return type */
export interface IGetStoredOutcomeResult {
  request_hash: string;
  response_body: Json;
  response_status: number;
}

/** 'GetStoredOutcome' query type */
export interface IGetStoredOutcomeQuery {
  params: IGetStoredOutcomeParams;
  result: IGetStoredOutcomeResult;
}

const getStoredOutcomeIR: any = {"usedParamSet":{"userId":true,"route":true,"key":true,"ttlHours":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":161,"b":168}]},{"name":"route","required":true,"transform":{"type":"scalar"},"locs":[{"a":182,"b":188}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":200,"b":204}]},{"name":"ttlHours","required":true,"transform":{"type":"scalar"},"locs":[{"a":254,"b":263}]}],"statement":"-- The outcome stored for the key within its replay window, if any.\nSELECT request_hash, response_status, response_body\n  FROM idempotency_keys\n WHERE user_id = :userId! AND route = :route! AND key = :key! AND created_at > now() - make_interval(hours => :ttlHours!)"};

/**
 * Query generated from SQL:
 * ```
 * -- The outcome stored for the key within its replay window, if any.
 * SELECT request_hash, response_status, response_body
 *   FROM idempotency_keys
 *  WHERE user_id = :userId! AND route = :route! AND key = :key! AND created_at > now() - make_interval(hours => :ttlHours!)
 * ```
 */
export const getStoredOutcome = new PreparedQuery<IGetStoredOutcomeParams,IGetStoredOutcomeResult>(getStoredOutcomeIR);


/** 'StoreOutcome' parameters type */
export interface IStoreOutcomeParams {
  key: string;
  requestHash: string;
  responseBody: Json;
  responseStatus: number;
  route: string;
  userId: number;
}

/** 'StoreOutcome' return type */
export type IStoreOutcomeResult = void;

/** 'StoreOutcome' query type */
export interface IStoreOutcomeQuery {
  params: IStoreOutcomeParams;
  result: IStoreOutcomeResult;
}

const storeOutcomeIR: any = {"usedParamSet":{"userId":true,"route":true,"key":true,"requestHash":true,"responseStatus":true,"responseBody":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":191,"b":198}]},{"name":"route","required":true,"transform":{"type":"scalar"},"locs":[{"a":201,"b":207}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":210,"b":214}]},{"name":"requestHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":217,"b":229}]},{"name":"responseStatus","required":true,"transform":{"type":"scalar"},"locs":[{"a":232,"b":247}]},{"name":"responseBody","required":true,"transform":{"type":"scalar"},"locs":[{"a":250,"b":263}]}],"statement":"-- The work's outcome, replacing one whose window had passed (it was not read above).\nINSERT INTO idempotency_keys (user_id, route, key, request_hash, response_status, response_body)\nVALUES (:userId!, :route!, :key!, :requestHash!, :responseStatus!, :responseBody!::jsonb)\n    ON CONFLICT (user_id, route, key) DO UPDATE\n   SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,\n       response_body = EXCLUDED.response_body, created_at = now()"};

/**
 * Query generated from SQL:
 * ```
 * -- The work's outcome, replacing one whose window had passed (it was not read above).
 * INSERT INTO idempotency_keys (user_id, route, key, request_hash, response_status, response_body)
 * VALUES (:userId!, :route!, :key!, :requestHash!, :responseStatus!, :responseBody!::jsonb)
 *     ON CONFLICT (user_id, route, key) DO UPDATE
 *    SET request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status,
 *        response_body = EXCLUDED.response_body, created_at = now()
 * ```
 */
export const storeOutcome = new PreparedQuery<IStoreOutcomeParams,IStoreOutcomeResult>(storeOutcomeIR);


