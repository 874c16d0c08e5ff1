/** Types generated for queries found in "src/platform/http/rate-limit.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type stringArray = (string)[];

/** 'HitBuckets' parameters type */
export interface IHitBucketsParams {
  keys: stringArray;
  windowStart: DateOrString;
}

/** 'HitBuckets' return type */
export interface IHitBucketsResult {
  count: number;
  key: string;
}

/** 'HitBuckets' query type */
export interface IHitBucketsQuery {
  params: IHitBucketsParams;
  result: IHitBucketsResult;
}

const hitBucketsIR: any = {"usedParamSet":{"windowStart":true,"keys":true},"params":[{"name":"windowStart","required":true,"transform":{"type":"scalar"},"locs":[{"a":361,"b":373}]},{"name":"keys","required":true,"transform":{"type":"scalar"},"locs":[{"a":403,"b":408}]}],"statement":"-- One hit on each key in the window starting at :windowStart; each key's count so far. A named\n-- prepared statement: it runs for every write request and every capped side effect, and planning\n-- it anew each time cost PostgreSQL more than running it (measured: 150 µs vs 65 µs a call).\nINSERT INTO rate_limit_buckets AS b (key, window_start, count)\nSELECT k, :windowStart!::timestamptz, 1 FROM unnest(:keys!::text[]) AS k\n    ON CONFLICT (key, window_start) DO UPDATE SET count = b.count + 1\nRETURNING b.key, b.count"};

/**
 * Query generated from SQL:
 * ```
 * -- One hit on each key in the window starting at :windowStart; each key's count so far. A named
 * -- prepared statement: it runs for every write request and every capped side effect, and planning
 * -- it anew each time cost PostgreSQL more than running it (measured: 150 µs vs 65 µs a call).
 * INSERT INTO rate_limit_buckets AS b (key, window_start, count)
 * SELECT k, :windowStart!::timestamptz, 1 FROM unnest(:keys!::text[]) AS k
 *     ON CONFLICT (key, window_start) DO UPDATE SET count = b.count + 1
 * RETURNING b.key, b.count
 * ```
 */
export const hitBuckets = new PreparedQuery<IHitBucketsParams,IHitBucketsResult>(hitBucketsIR);


/** 'PurgeOldBuckets' parameters type */
export interface IPurgeOldBucketsParams {
  batch: number;
}

/** 'PurgeOldBuckets' return type */
export interface IPurgeOldBucketsResult {
  deleted: number;
}

/** 'PurgeOldBuckets' query type */
export interface IPurgeOldBucketsQuery {
  params: IPurgeOldBucketsParams;
  result: IPurgeOldBucketsResult;
}

const purgeOldBucketsIR: any = {"usedParamSet":{"batch":true},"params":[{"name":"batch","required":true,"transform":{"type":"scalar"},"locs":[{"a":251,"b":257}]}],"statement":"-- Up to :batch windows that ended more than a minute ago (the database's clock), oldest first.\nWITH doomed AS (\n  SELECT key, window_start FROM rate_limit_buckets\n   WHERE window_start < now() - interval '2 minutes'\n   ORDER BY window_start\n   LIMIT :batch!::int8\n), deleted AS (\n  DELETE FROM rate_limit_buckets b USING doomed d\n   WHERE b.key = d.key AND b.window_start = d.window_start\n  RETURNING 1\n)\nSELECT count(*)::int AS \"deleted!\" FROM deleted"};

/**
 * Query generated from SQL:
 * ```
 * -- Up to :batch windows that ended more than a minute ago (the database's clock), oldest first.
 * WITH doomed AS (
 *   SELECT key, window_start FROM rate_limit_buckets
 *    WHERE window_start < now() - interval '2 minutes'
 *    ORDER BY window_start
 *    LIMIT :batch!::int8
 * ), deleted AS (
 *   DELETE FROM rate_limit_buckets b USING doomed d
 *    WHERE b.key = d.key AND b.window_start = d.window_start
 *   RETURNING 1
 * )
 * SELECT count(*)::int AS "deleted!" FROM deleted
 * ```
 */
export const purgeOldBuckets = new PreparedQuery<IPurgeOldBucketsParams,IPurgeOldBucketsResult>(purgeOldBucketsIR);


