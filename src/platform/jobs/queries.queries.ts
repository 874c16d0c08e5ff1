/** Types generated for queries found in "src/platform/jobs/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type DateOrStringArray = (DateOrString)[];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type JsonArray = (Json)[];

export type NumberOrString = number | string;

export type numberArray = (number)[];

export type stringArray = (string)[];

/** 'CompleteAttempts' parameters type */
export interface ICompleteAttemptsParams {
  ids: stringArray;
  names: stringArray;
  retryCounts: numberArray;
}

/** 'CompleteAttempts' return type */
export interface ICompleteAttemptsResult {
  completed: number | null;
}

/** 'CompleteAttempts' query type */
export interface ICompleteAttemptsQuery {
  params: ICompleteAttemptsParams;
  result: ICompleteAttemptsResult;
}

const completeAttemptsIR: any = {"usedParamSet":{"names":true,"ids":true,"retryCounts":true},"params":[{"name":"names","required":true,"transform":{"type":"scalar"},"locs":[{"a":701,"b":707}]},{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":718,"b":722}]},{"name":"retryCounts","required":true,"transform":{"type":"scalar"},"locs":[{"a":733,"b":745}]}],"statement":"-- The worker's own statements on pg-boss's job table (schema version 24, see\n-- migrations/0009_job_queue.sql). pg-boss claims jobs (fetch), releases lapsed claims and archives;\n-- recording an attempt's outcome is done here because pg-boss 10 has no per-attempt backoff of\n-- our shape, no heartbeat and no fencing.\n--\n-- Fencing: fetch adds 1 to retry_count each time a job is claimed again, so (name, id,\n-- retry_count) names one attempt. Every statement below matches it and state = 'active', so a\n-- worker whose claim lapsed (and whose job another worker has taken since) changes nothing.\nWITH done AS (\n  UPDATE pgboss.job j\n     SET state = 'completed', completed_on = now()\n    FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)\n   WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active'\n  RETURNING 1\n)\nSELECT count(*)::int AS completed FROM done"};

/**
 * Query generated from SQL:
 * ```
 * -- The worker's own statements on pg-boss's job table (schema version 24, see
 * -- migrations/0009_job_queue.sql). pg-boss claims jobs (fetch), releases lapsed claims and archives;
 * -- recording an attempt's outcome is done here because pg-boss 10 has no per-attempt backoff of
 * -- our shape, no heartbeat and no fencing.
 * --
 * -- Fencing: fetch adds 1 to retry_count each time a job is claimed again, so (name, id,
 * -- retry_count) names one attempt. Every statement below matches it and state = 'active', so a
 * -- worker whose claim lapsed (and whose job another worker has taken since) changes nothing.
 * WITH done AS (
 *   UPDATE pgboss.job j
 *      SET state = 'completed', completed_on = now()
 *     FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)
 *    WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active'
 *   RETURNING 1
 * )
 * SELECT count(*)::int AS completed FROM done
 * ```
 */
export const completeAttempts = new PreparedQuery<ICompleteAttemptsParams,ICompleteAttemptsResult>(completeAttemptsIR);


/** 'ClaimJobs' parameters type */
export interface IClaimJobsParams {
  limit: number;
  name: string;
}

/** 'ClaimJobs' return type */
export interface IClaimJobsResult {
  data: Json | null;
  id: string;
  name: string;
  output: Json | null;
  retry_count: number;
  retry_limit: number;
}

/** 'ClaimJobs' query type */
export interface IClaimJobsQuery {
  params: IClaimJobsParams;
  result: IClaimJobsResult;
}

const claimJobsIR: any = {"usedParamSet":{"name":true,"limit":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":662,"b":667}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":670,"b":676}]}],"statement":"-- Takes up to `limit` due jobs of one queue, in due order, skipping those other workers are\n-- taking. pg-boss's own fetch orders by (priority, created_on), which no index serves: every\n-- fetch sorted the whole backlog (~20 ms at 20,000 queued jobs). claim_due_jobs (migration 0016)\n-- walks job_i5 (name, start_after) WHERE state < 'active' whatever the queue's statistics say, so\n-- a claim costs the same at any backlog. Its bookkeeping is pg-boss's: state, started_on, and\n-- retry_count + 1 on every claim but the first.\nSELECT id AS \"id!\", name AS \"name!\", data, retry_count AS \"retry_count!\", retry_limit AS \"retry_limit!\", output\n  FROM claim_due_jobs(:name!, :limit!)"};

/**
 * Query generated from SQL:
 * ```
 * -- Takes up to `limit` due jobs of one queue, in due order, skipping those other workers are
 * -- taking. pg-boss's own fetch orders by (priority, created_on), which no index serves: every
 * -- fetch sorted the whole backlog (~20 ms at 20,000 queued jobs). claim_due_jobs (migration 0016)
 * -- walks job_i5 (name, start_after) WHERE state < 'active' whatever the queue's statistics say, so
 * -- a claim costs the same at any backlog. Its bookkeeping is pg-boss's: state, started_on, and
 * -- retry_count + 1 on every claim but the first.
 * SELECT id AS "id!", name AS "name!", data, retry_count AS "retry_count!", retry_limit AS "retry_limit!", output
 *   FROM claim_due_jobs(:name!, :limit!)
 * ```
 */
export const claimJobs = new PreparedQuery<IClaimJobsParams,IClaimJobsResult>(claimJobsIR);


/** 'RetryAttempt' parameters type */
export interface IRetryAttemptParams {
  delayMs: number;
  id: string;
  name: string;
  output: Json;
  retryCount: number;
}

/** 'RetryAttempt' return type */
export interface IRetryAttemptResult {
  id: string;
}

/** 'RetryAttempt' query type */
export interface IRetryAttemptQuery {
  params: IRetryAttemptParams;
  result: IRetryAttemptResult;
}

const retryAttemptIR: any = {"usedParamSet":{"delayMs":true,"output":true,"name":true,"id":true,"retryCount":true},"params":[{"name":"delayMs","required":true,"transform":{"type":"scalar"},"locs":[{"a":164,"b":172}]},{"name":"output","required":true,"transform":{"type":"scalar"},"locs":[{"a":219,"b":226}]},{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":242,"b":247}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":258,"b":261}]},{"name":"retryCount","required":true,"transform":{"type":"scalar"},"locs":[{"a":281,"b":292}]}],"statement":"-- A failed attempt with attempts left: runnable again after our backoff, its error kept in output.\nUPDATE pgboss.job\n   SET state = 'retry', start_after = now() + :delayMs!::float8 * interval '1 millisecond', output = :output!\n WHERE name = :name! AND id = :id! AND retry_count = :retryCount! AND state = 'active'\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- A failed attempt with attempts left: runnable again after our backoff, its error kept in output.
 * UPDATE pgboss.job
 *    SET state = 'retry', start_after = now() + :delayMs!::float8 * interval '1 millisecond', output = :output!
 *  WHERE name = :name! AND id = :id! AND retry_count = :retryCount! AND state = 'active'
 * RETURNING id
 * ```
 */
export const retryAttempt = new PreparedQuery<IRetryAttemptParams,IRetryAttemptResult>(retryAttemptIR);


/** 'FailAttempt' parameters type */
export interface IFailAttemptParams {
  id: string;
  name: string;
  output: Json;
  retryCount: number;
}

/** 'FailAttempt' return type */
export interface IFailAttemptResult {
  id: string;
}

/** 'FailAttempt' query type */
export interface IFailAttemptQuery {
  params: IFailAttemptParams;
  result: IFailAttemptResult;
}

const failAttemptIR: any = {"usedParamSet":{"output":true,"name":true,"id":true,"retryCount":true},"params":[{"name":"output","required":true,"transform":{"type":"scalar"},"locs":[{"a":171,"b":178}]},{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":194,"b":199}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":210,"b":213}]},{"name":"retryCount","required":true,"transform":{"type":"scalar"},"locs":[{"a":233,"b":244}]}],"statement":"-- The last attempt failed: the job is kept as failed, with its error, until archived (30 days).\nUPDATE pgboss.job\n   SET state = 'failed', completed_on = now(), output = :output!\n WHERE name = :name! AND id = :id! AND retry_count = :retryCount! AND state = 'active'\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- The last attempt failed: the job is kept as failed, with its error, until archived (30 days).
 * UPDATE pgboss.job
 *    SET state = 'failed', completed_on = now(), output = :output!
 *  WHERE name = :name! AND id = :id! AND retry_count = :retryCount! AND state = 'active'
 * RETURNING id
 * ```
 */
export const failAttempt = new PreparedQuery<IFailAttemptParams,IFailAttemptResult>(failAttemptIR);


/** 'ExtendLeases' parameters type */
export interface IExtendLeasesParams {
  ids: stringArray;
  leaseSeconds: number;
  names: stringArray;
  retryCounts: numberArray;
}

/** 'ExtendLeases' return type */
export interface IExtendLeasesResult {
  id: string;
}

/** 'ExtendLeases' query type */
export interface IExtendLeasesQuery {
  params: IExtendLeasesParams;
  result: IExtendLeasesResult;
}

const extendLeasesIR: any = {"usedParamSet":{"leaseSeconds":true,"names":true,"ids":true,"retryCounts":true},"params":[{"name":"leaseSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":366,"b":379}]},{"name":"names","required":true,"transform":{"type":"scalar"},"locs":[{"a":404,"b":410}]},{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":421,"b":425}]},{"name":"retryCounts","required":true,"transform":{"type":"scalar"},"locs":[{"a":436,"b":448}]}],"statement":"-- Heartbeat: pg-boss releases an active job once started_on + expire_in has passed; moving\n-- expire_in (not started_on, which stays the attempt's start) keeps a live worker's claim. A job\n-- not returned is no longer this attempt's: its claim lapsed and the worker abandons it.\nUPDATE pgboss.job j\n   SET expire_in = (now() - j.started_on) + make_interval(secs => :leaseSeconds!::float8)\n  FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)\n WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active'\nRETURNING j.id"};

/**
 * Query generated from SQL:
 * ```
 * -- Heartbeat: pg-boss releases an active job once started_on + expire_in has passed; moving
 * -- expire_in (not started_on, which stays the attempt's start) keeps a live worker's claim. A job
 * -- not returned is no longer this attempt's: its claim lapsed and the worker abandons it.
 * UPDATE pgboss.job j
 *    SET expire_in = (now() - j.started_on) + make_interval(secs => :leaseSeconds!::float8)
 *   FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)
 *  WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active'
 * RETURNING j.id
 * ```
 */
export const extendLeases = new PreparedQuery<IExtendLeasesParams,IExtendLeasesResult>(extendLeasesIR);


/** 'ReleaseAttempts' parameters type */
export interface IReleaseAttemptsParams {
  ids: stringArray;
  names: stringArray;
  output: Json;
  retryCounts: numberArray;
}

/** 'ReleaseAttempts' return type */
export type IReleaseAttemptsResult = void;

/** 'ReleaseAttempts' query type */
export interface IReleaseAttemptsQuery {
  params: IReleaseAttemptsParams;
  result: IReleaseAttemptsResult;
}

const releaseAttemptsIR: any = {"usedParamSet":{"output":true,"names":true,"ids":true,"retryCounts":true},"params":[{"name":"output","required":true,"transform":{"type":"scalar"},"locs":[{"a":595,"b":602}]},{"name":"names","required":true,"transform":{"type":"scalar"},"locs":[{"a":618,"b":624}]},{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":635,"b":639}]},{"name":"retryCounts","required":true,"transform":{"type":"scalar"},"locs":[{"a":650,"b":662}]}],"statement":"-- Shutdown: jobs still running past the grace period go back to the queue, runnable at once, and\n-- the interrupted attempt does not count. fetch adds 1 to retry_count whenever started_on is set,\n-- so a first attempt forgets started_on and a later one steps retry_count back by one.\nUPDATE pgboss.job j\n   SET state = CASE WHEN j.retry_count = 0 THEN 'created'::pgboss.job_state ELSE 'retry'::pgboss.job_state END,\n       started_on = CASE WHEN j.retry_count = 0 THEN NULL ELSE j.started_on END,\n       retry_count = GREATEST(j.retry_count - 1, 0),\n       start_after = now(),\n       output = :output!\n  FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)\n WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active'"};

/**
 * Query generated from SQL:
 * ```
 * -- Shutdown: jobs still running past the grace period go back to the queue, runnable at once, and
 * -- the interrupted attempt does not count. fetch adds 1 to retry_count whenever started_on is set,
 * -- so a first attempt forgets started_on and a later one steps retry_count back by one.
 * UPDATE pgboss.job j
 *    SET state = CASE WHEN j.retry_count = 0 THEN 'created'::pgboss.job_state ELSE 'retry'::pgboss.job_state END,
 *        started_on = CASE WHEN j.retry_count = 0 THEN NULL ELSE j.started_on END,
 *        retry_count = GREATEST(j.retry_count - 1, 0),
 *        start_after = now(),
 *        output = :output!
 *   FROM unnest(:names!::text[], :ids!::uuid[], :retryCounts!::int[]) AS a(name, id, retry_count)
 *  WHERE j.name = a.name AND j.id = a.id AND j.retry_count = a.retry_count AND j.state = 'active'
 * ```
 */
export const releaseAttempts = new PreparedQuery<IReleaseAttemptsParams,IReleaseAttemptsResult>(releaseAttemptsIR);


/** 'LockSingletonKey' parameters type */
export interface ILockSingletonKeyParams {
  lockKey: string;
}

/** 'LockSingletonKey' return type */
export interface ILockSingletonKeyResult {
  locked: string | null;
}

/** 'LockSingletonKey' query type */
export interface ILockSingletonKeyQuery {
  params: ILockSingletonKeyParams;
  result: ILockSingletonKeyResult;
}

const lockSingletonKeyIR: any = {"usedParamSet":{"lockKey":true},"params":[{"name":"lockKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":128,"b":136}]}],"statement":"-- Serialises enqueues of one singleton key until the enqueuing transaction ends.\nSELECT pg_advisory_xact_lock(hashtextextended(:lockKey!, 0))::text AS locked"};

/**
 * Query generated from SQL:
 * ```
 * -- Serialises enqueues of one singleton key until the enqueuing transaction ends.
 * SELECT pg_advisory_xact_lock(hashtextextended(:lockKey!, 0))::text AS locked
 * ```
 */
export const lockSingletonKey = new PreparedQuery<ILockSingletonKeyParams,ILockSingletonKeyResult>(lockSingletonKeyIR);


/** 'FindUnfinishedSingleton' parameters type */
export interface IFindUnfinishedSingletonParams {
  name: string;
  singletonKey: string;
}

/** 'FindUnfinishedSingleton' return type */
export interface IFindUnfinishedSingletonResult {
  id: string;
}

/** 'FindUnfinishedSingleton' query type */
export interface IFindUnfinishedSingletonQuery {
  params: IFindUnfinishedSingletonParams;
  result: IFindUnfinishedSingletonResult;
}

const findUnfinishedSingletonIR: any = {"usedParamSet":{"name":true,"singletonKey":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":145,"b":150}]},{"name":"singletonKey","required":true,"transform":{"type":"scalar"},"locs":[{"a":172,"b":185}]}],"statement":"-- A queued, retrying or running job with this key (job_unfinished_singleton_idx, 0009_job_queue.sql).\nSELECT id\n  FROM pgboss.job\n WHERE name = :name! AND singleton_key = :singletonKey! AND state < 'completed'\n LIMIT 1"};

/**
 * Query generated from SQL:
 * ```
 * -- A queued, retrying or running job with this key (job_unfinished_singleton_idx, 0009_job_queue.sql).
 * SELECT id
 *   FROM pgboss.job
 *  WHERE name = :name! AND singleton_key = :singletonKey! AND state < 'completed'
 *  LIMIT 1
 * ```
 */
export const findUnfinishedSingleton = new PreparedQuery<IFindUnfinishedSingletonParams,IFindUnfinishedSingletonResult>(findUnfinishedSingletonIR);


/** 'LockQueueCreation' parameters type */
export type ILockQueueCreationParams = void;

/** 'LockQueueCreation' return type */
export interface ILockQueueCreationResult {
  locked: string | null;
}

/** 'LockQueueCreation' query type */
export interface ILockQueueCreationQuery {
  params: ILockQueueCreationParams;
  result: ILockQueueCreationResult;
}

const lockQueueCreationIR: any = {"usedParamSet":{},"params":[],"statement":"-- Queue creations take turns until their transactions end. Two transactions creating a queue at\n-- once otherwise deadlock inside create_queue: each holds a lock on pgboss.queue (its INSERT)\n-- that the other's FOREIGN KEY to pgboss.queue must wait for.\nSELECT pg_advisory_xact_lock(hashtextextended('ledgerline.jobs:create_queue', 0))::text AS locked"};

/**
 * Query generated from SQL:
 * ```
 * -- Queue creations take turns until their transactions end. Two transactions creating a queue at
 * -- once otherwise deadlock inside create_queue: each holds a lock on pgboss.queue (its INSERT)
 * -- that the other's FOREIGN KEY to pgboss.queue must wait for.
 * SELECT pg_advisory_xact_lock(hashtextextended('ledgerline.jobs:create_queue', 0))::text AS locked
 * ```
 */
export const lockQueueCreation = new PreparedQuery<ILockQueueCreationParams,ILockQueueCreationResult>(lockQueueCreationIR);


/** 'CreateQueue' parameters type */
export interface ICreateQueueParams {
  name: string;
}

/** 'CreateQueue' return type */
export interface ICreateQueueResult {
  created: string | null;
}

/** 'CreateQueue' query type */
export interface ICreateQueueQuery {
  params: ICreateQueueParams;
  result: ICreateQueueResult;
}

const createQueueIR: any = {"usedParamSet":{"name":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":206,"b":211}]}],"statement":"-- pg-boss's own function: registers the queue and attaches its partition of pgboss.job. A no-op\n-- for a queue that exists (ON CONFLICT DO NOTHING). Run after LockQueueCreation.\nSELECT pgboss.create_queue(:name!, '{\"policy\": \"standard\"}'::json)::text AS created"};

/**
 * Query generated from SQL:
 * ```
 * -- pg-boss's own function: registers the queue and attaches its partition of pgboss.job. A no-op
 * -- for a queue that exists (ON CONFLICT DO NOTHING). Run after LockQueueCreation.
 * SELECT pgboss.create_queue(:name!, '{"policy": "standard"}'::json)::text AS created
 * ```
 */
export const createQueue = new PreparedQuery<ICreateQueueParams,ICreateQueueResult>(createQueueIR);


/** 'NotifyQueues' parameters type */
export interface INotifyQueuesParams {
  channel: string;
  queues: stringArray;
}

/** 'NotifyQueues' return type */
export interface INotifyQueuesResult {
  notified: string | null;
}

/** 'NotifyQueues' query type */
export interface INotifyQueuesQuery {
  params: INotifyQueuesParams;
  result: INotifyQueuesResult;
}

const notifyQueuesIR: any = {"usedParamSet":{"channel":true,"queues":true},"params":[{"name":"channel","required":true,"transform":{"type":"scalar"},"locs":[{"a":185,"b":193}]},{"name":"queues","required":true,"transform":{"type":"scalar"},"locs":[{"a":229,"b":236}]}],"statement":"-- Wakes idle workers for these queues (tasks), one notification each. NOTIFY is transactional:\n-- inside a transaction it is delivered at commit, on the pool at once.\nSELECT pg_notify(:channel!, q)::text AS notified FROM unnest(:queues!::text[]) AS q"};

/**
 * Query generated from SQL:
 * ```
 * -- Wakes idle workers for these queues (tasks), one notification each. NOTIFY is transactional:
 * -- inside a transaction it is delivered at commit, on the pool at once.
 * SELECT pg_notify(:channel!, q)::text AS notified FROM unnest(:queues!::text[]) AS q
 * ```
 */
export const notifyQueues = new PreparedQuery<INotifyQueuesParams,INotifyQueuesResult>(notifyQueuesIR);


/** 'InsertJobs' parameters type */
export interface IInsertJobsParams {
  capKeys: stringArray;
  capPerMinutes: numberArray;
  capWindowStarts: DateOrStringArray;
  data: JsonArray;
  expireInSeconds: NumberOrString;
  keepUntil: string;
  name: string;
  retryBackoff: boolean;
  retryDelay: number;
  retryLimit: number;
  singletonKeys: stringArray;
  startAfter?: DateOrString | null | void;
  unlessUnfinished: boolean;
}

/** 'InsertJobs' return type */
export interface IInsertJobsResult {
  due: boolean;
  ids: stringArray;
}

/** 'InsertJobs' query type */
export interface IInsertJobsQuery {
  params: IInsertJobsParams;
  result: IInsertJobsResult;
}

const insertJobsIR: any = {"usedParamSet":{"name":true,"data":true,"singletonKeys":true,"capKeys":true,"capPerMinutes":true,"capWindowStarts":true,"startAfter":true,"expireInSeconds":true,"keepUntil":true,"retryLimit":true,"retryBackoff":true,"retryDelay":true,"unlessUnfinished":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":2193,"b":2198}]},{"name":"data","required":true,"transform":{"type":"scalar"},"locs":[{"a":2511,"b":2516}]},{"name":"singletonKeys","required":true,"transform":{"type":"scalar"},"locs":[{"a":2528,"b":2542}]},{"name":"capKeys","required":true,"transform":{"type":"scalar"},"locs":[{"a":2553,"b":2561}]},{"name":"capPerMinutes","required":true,"transform":{"type":"scalar"},"locs":[{"a":2572,"b":2586}]},{"name":"capWindowStarts","required":true,"transform":{"type":"scalar"},"locs":[{"a":2597,"b":2613}]},{"name":"startAfter","required":false,"transform":{"type":"scalar"},"locs":[{"a":3305,"b":3315}]},{"name":"expireInSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":4108,"b":4124}]},{"name":"keepUntil","required":true,"transform":{"type":"scalar"},"locs":[{"a":4226,"b":4236}]},{"name":"retryLimit","required":true,"transform":{"type":"scalar"},"locs":[{"a":4277,"b":4288}]},{"name":"retryBackoff","required":true,"transform":{"type":"scalar"},"locs":[{"a":4357,"b":4370},{"a":4542,"b":4555}]},{"name":"retryDelay","required":true,"transform":{"type":"scalar"},"locs":[{"a":4417,"b":4428},{"a":4483,"b":4494}]},{"name":"unlessUnfinished","required":true,"transform":{"type":"scalar"},"locs":[{"a":4612,"b":4629}]}],"statement":"-- Enqueues jobs of one task, one or several, in one statement: for each, the row pg-boss 10's\n-- send() writes (plans.js insertJob) for the options every Ledgerline job has, so pg-boss's\n-- maintenance and our worker cannot tell them apart: priority 0, no throttling (singleton_on) and\n-- no per-job dead letter, expire_in, keep_until or retry delay, so each falls to the queue's\n-- setting and then to the constructor's (boss.ts: jobDefaults and RETENTION, passed in as\n-- :expireInSeconds and :keepUntil); retry_limit is the task's own. Per job, parallel arrays:\n-- payload, singleton key, and the per-minute cap it counts against (key, cap, window start; NULL\n-- for none).\n--\n-- With :unlessUnfinished, a job is not inserted while a queued, retrying or running job has its\n-- singleton key (job_unfinished_singleton_idx): atomic only after LockSingletonKey in an earlier\n-- statement of the same transaction (see queue.ts). Without it, the caller vouches that the keys\n-- name rows its transaction created, so none can be taken yet (NewJob): nothing is looked up.\n--\n-- A job with a cap counts against it in the same statement (a round trip less for every capped\n-- e-mail): each cap's counter in rate_limit_buckets goes up by its jobs, and they take the counts\n-- one by one in the order given; the n-th job of a window with cap c, n > c, starts no earlier\n-- than the window's end plus (n − c − 1) / c whole minutes: the first c over the cap in the next\n-- minute, the next c in the one after, and so on. The cap's start comes from the caller's clock as\n-- it is, even when the database's clock has passed it. Counted only when the queue exists, so the\n-- retry after the queue's creation counts once.\n--\n-- What comes back: no row when the queue does not exist (pg-boss's send returns null then too);\n-- else the new jobs' ids, how many there are, and whether any may start now (then idle workers\n-- are woken once the transaction commits: queue.ts sends that NOTIFY after the commit, not in\n-- here, see NotifyQueues).\nWITH queue AS (\n  SELECT name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds, retention_minutes, dead_letter\n    FROM pgboss.queue\n   WHERE name = :name!\n), wanted AS (\n  SELECT j.data, j.singleton_key, j.cap_key, j.cap_per_minute, j.cap_window_start, j.position,\n         row_number() OVER (PARTITION BY j.cap_key, j.cap_window_start ORDER BY j.position) AS place,\n         count(*) OVER (PARTITION BY j.cap_key, j.cap_window_start) AS jobs_on_cap\n    FROM unnest(:data!::jsonb[], :singletonKeys!::text[], :capKeys!::text[], :capPerMinutes!::int4[], :capWindowStarts!::timestamptz[])\n           WITH ORDINALITY AS j(data, singleton_key, cap_key, cap_per_minute, cap_window_start, position)\n), counted AS (\n  INSERT INTO rate_limit_buckets AS b (key, window_start, count)\n  SELECT w.cap_key, w.cap_window_start, count(*)\n    FROM wanted w, queue\n   WHERE w.cap_key IS NOT NULL\n   GROUP BY w.cap_key, w.cap_window_start\n   ORDER BY w.cap_key, w.cap_window_start\n      ON CONFLICT (key, window_start) DO UPDATE SET count = b.count + excluded.count\n  RETURNING b.key, b.window_start, b.count\n), job AS (\n  -- GREATEST ignores NULLs: the later of :startAfter and the cap's start, else now.\n  SELECT w.data, w.singleton_key, w.position,\n         COALESCE(GREATEST(:startAfter::timestamptz,\n                           CASE WHEN c.count - w.jobs_on_cap + w.place > w.cap_per_minute\n                                THEN w.cap_window_start + interval '1 minute' * (1 + (c.count - w.jobs_on_cap + w.place - w.cap_per_minute - 1) / w.cap_per_minute) END),\n                  now()) AS start_after\n    FROM wanted w\n    LEFT JOIN counted c ON c.key = w.cap_key AND c.window_start = w.cap_window_start\n), inserted AS (\n  INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter,\n                          expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)\n  SELECT gen_random_uuid(), q.name, j.data, 0, j.start_after, j.singleton_key, NULL, q.dead_letter,\n         COALESCE(q.expire_seconds * interval '1s', :expireInSeconds!::numeric * interval '1s'),\n         j.start_after + CAST(COALESCE((q.retention_minutes * 60)::text, :keepUntil!::text) AS interval),\n         COALESCE(:retryLimit!::int, q.retry_limit),\n         CASE WHEN COALESCE(q.retry_backoff, :retryBackoff!::bool) THEN GREATEST(COALESCE(q.retry_delay, :retryDelay!::int), 1)\n              ELSE COALESCE(q.retry_delay, :retryDelay!::int) END,\n         COALESCE(q.retry_backoff, :retryBackoff!::bool), q.policy\n    FROM queue q, job j\n   WHERE NOT (:unlessUnfinished!::bool AND EXISTS (\n           SELECT 1 FROM pgboss.job u\n            WHERE u.name = q.name AND u.singleton_key = j.singleton_key AND u.state < 'completed'))\n   ORDER BY j.position\n  ON CONFLICT DO NOTHING\n  RETURNING id, start_after\n)\nSELECT COALESCE((SELECT array_agg(id) FROM inserted), '{}')::uuid[] AS \"ids!\",\n       COALESCE((SELECT bool_or(start_after <= now()) FROM inserted), false) AS \"due!\"\n  FROM queue"};

/**
 * Query generated from SQL:
 * ```
 * -- Enqueues jobs of one task, one or several, in one statement: for each, the row pg-boss 10's
 * -- send() writes (plans.js insertJob) for the options every Ledgerline job has, so pg-boss's
 * -- maintenance and our worker cannot tell them apart: priority 0, no throttling (singleton_on) and
 * -- no per-job dead letter, expire_in, keep_until or retry delay, so each falls to the queue's
 * -- setting and then to the constructor's (boss.ts: jobDefaults and RETENTION, passed in as
 * -- :expireInSeconds and :keepUntil); retry_limit is the task's own. Per job, parallel arrays:
 * -- payload, singleton key, and the per-minute cap it counts against (key, cap, window start; NULL
 * -- for none).
 * --
 * -- With :unlessUnfinished, a job is not inserted while a queued, retrying or running job has its
 * -- singleton key (job_unfinished_singleton_idx): atomic only after LockSingletonKey in an earlier
 * -- statement of the same transaction (see queue.ts). Without it, the caller vouches that the keys
 * -- name rows its transaction created, so none can be taken yet (NewJob): nothing is looked up.
 * --
 * -- A job with a cap counts against it in the same statement (a round trip less for every capped
 * -- e-mail): each cap's counter in rate_limit_buckets goes up by its jobs, and they take the counts
 * -- one by one in the order given; the n-th job of a window with cap c, n > c, starts no earlier
 * -- than the window's end plus (n − c − 1) / c whole minutes: the first c over the cap in the next
 * -- minute, the next c in the one after, and so on. The cap's start comes from the caller's clock as
 * -- it is, even when the database's clock has passed it. Counted only when the queue exists, so the
 * -- retry after the queue's creation counts once.
 * --
 * -- What comes back: no row when the queue does not exist (pg-boss's send returns null then too);
 * -- else the new jobs' ids, how many there are, and whether any may start now (then idle workers
 * -- are woken once the transaction commits: queue.ts sends that NOTIFY after the commit, not in
 * -- here, see NotifyQueues).
 * WITH queue AS (
 *   SELECT name, policy, retry_limit, retry_delay, retry_backoff, expire_seconds, retention_minutes, dead_letter
 *     FROM pgboss.queue
 *    WHERE name = :name!
 * ), wanted AS (
 *   SELECT j.data, j.singleton_key, j.cap_key, j.cap_per_minute, j.cap_window_start, j.position,
 *          row_number() OVER (PARTITION BY j.cap_key, j.cap_window_start ORDER BY j.position) AS place,
 *          count(*) OVER (PARTITION BY j.cap_key, j.cap_window_start) AS jobs_on_cap
 *     FROM unnest(:data!::jsonb[], :singletonKeys!::text[], :capKeys!::text[], :capPerMinutes!::int4[], :capWindowStarts!::timestamptz[])
 *            WITH ORDINALITY AS j(data, singleton_key, cap_key, cap_per_minute, cap_window_start, position)
 * ), counted AS (
 *   INSERT INTO rate_limit_buckets AS b (key, window_start, count)
 *   SELECT w.cap_key, w.cap_window_start, count(*)
 *     FROM wanted w, queue
 *    WHERE w.cap_key IS NOT NULL
 *    GROUP BY w.cap_key, w.cap_window_start
 *    ORDER BY w.cap_key, w.cap_window_start
 *       ON CONFLICT (key, window_start) DO UPDATE SET count = b.count + excluded.count
 *   RETURNING b.key, b.window_start, b.count
 * ), job AS (
 *   -- GREATEST ignores NULLs: the later of :startAfter and the cap's start, else now.
 *   SELECT w.data, w.singleton_key, w.position,
 *          COALESCE(GREATEST(:startAfter::timestamptz,
 *                            CASE WHEN c.count - w.jobs_on_cap + w.place > w.cap_per_minute
 *                                 THEN w.cap_window_start + interval '1 minute' * (1 + (c.count - w.jobs_on_cap + w.place - w.cap_per_minute - 1) / w.cap_per_minute) END),
 *                   now()) AS start_after
 *     FROM wanted w
 *     LEFT JOIN counted c ON c.key = w.cap_key AND c.window_start = w.cap_window_start
 * ), inserted AS (
 *   INSERT INTO pgboss.job (id, name, data, priority, start_after, singleton_key, singleton_on, dead_letter,
 *                           expire_in, keep_until, retry_limit, retry_delay, retry_backoff, policy)
 *   SELECT gen_random_uuid(), q.name, j.data, 0, j.start_after, j.singleton_key, NULL, q.dead_letter,
 *          COALESCE(q.expire_seconds * interval '1s', :expireInSeconds!::numeric * interval '1s'),
 *          j.start_after + CAST(COALESCE((q.retention_minutes * 60)::text, :keepUntil!::text) AS interval),
 *          COALESCE(:retryLimit!::int, q.retry_limit),
 *          CASE WHEN COALESCE(q.retry_backoff, :retryBackoff!::bool) THEN GREATEST(COALESCE(q.retry_delay, :retryDelay!::int), 1)
 *               ELSE COALESCE(q.retry_delay, :retryDelay!::int) END,
 *          COALESCE(q.retry_backoff, :retryBackoff!::bool), q.policy
 *     FROM queue q, job j
 *    WHERE NOT (:unlessUnfinished!::bool AND EXISTS (
 *            SELECT 1 FROM pgboss.job u
 *             WHERE u.name = q.name AND u.singleton_key = j.singleton_key AND u.state < 'completed'))
 *    ORDER BY j.position
 *   ON CONFLICT DO NOTHING
 *   RETURNING id, start_after
 * )
 * SELECT COALESCE((SELECT array_agg(id) FROM inserted), '{}')::uuid[] AS "ids!",
 *        COALESCE((SELECT bool_or(start_after <= now()) FROM inserted), false) AS "due!"
 *   FROM queue
 * ```
 */
export const insertJobs = new PreparedQuery<IInsertJobsParams,IInsertJobsResult>(insertJobsIR);


