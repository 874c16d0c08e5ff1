/** Types generated for queries found in "src/platform/jobs/job-admin.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type job_state = 'active' | 'cancelled' | 'completed' | 'created' | 'failed' | 'retry';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type stringArray = (string)[];

/** 'ListJobsOlder' parameters type */
export interface IListJobsOlderParams {
  createdOn: DateOrString;
  id: string;
  idFrom: string;
  idTo: string;
  limit: number;
  name?: string | null | void;
  state?: job_state | null | void;
}

/** 'ListJobsOlder' return type */
export interface IListJobsOlderResult {
  completed_on: Date | null;
  created_key: string;
  created_on: Date;
  error: string | null;
  id: string;
  name: string;
  retry_count: number;
  retry_limit: number;
  started_on: Date | null;
  state: job_state;
}

/** 'ListJobsOlder' query type */
export interface IListJobsOlderQuery {
  params: IListJobsOlderParams;
  result: IListJobsOlderResult;
}

const listJobsOlderIR: any = {"usedParamSet":{"state":true,"name":true,"idFrom":true,"idTo":true,"createdOn":true,"id":true,"limit":true},"params":[{"name":"state","required":false,"transform":{"type":"scalar"},"locs":[{"a":710,"b":715},{"a":754,"b":759}]},{"name":"name","required":false,"transform":{"type":"scalar"},"locs":[{"a":788,"b":792},{"a":818,"b":822}]},{"name":"idFrom","required":true,"transform":{"type":"scalar"},"locs":[{"a":849,"b":856}]},{"name":"idTo","required":true,"transform":{"type":"scalar"},"locs":[{"a":868,"b":873}]},{"name":"createdOn","required":true,"transform":{"type":"scalar"},"locs":[{"a":908,"b":918}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":934,"b":937}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":988,"b":994}]}],"statement":"-- The admin's job list, newest first: the page after the keyset (created_on, id), or the first\n-- page from ('infinity', 'ffffffff-…'). Filters are optional (NULL = any); a name prunes the scan\n-- to its queue's partition. The id range serves the search by id or id prefix (the whole range\n-- when there is none). created_key is created_on as PostgreSQL prints it, microseconds kept,\n-- for the next cursor. error is the recorded error's message, for the list column.\nSELECT id, name, state, retry_count, retry_limit, created_on, started_on, completed_on,\n       created_on::text AS \"created_key!\",\n       left(COALESCE(output->>'message', output#>>'{value,message}'), 200) AS error\n  FROM pgboss.job\n WHERE (:state::pgboss.job_state IS NULL OR state = :state::pgboss.job_state)\n   AND (:name::text IS NULL OR name = :name::text)\n   AND id BETWEEN :idFrom!::uuid AND :idTo!::uuid\n   AND (created_on, id) < (:createdOn!::timestamptz, :id!::uuid)\n ORDER BY created_on DESC, id DESC\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- The admin's job list, newest first: the page after the keyset (created_on, id), or the first
 * -- page from ('infinity', 'ffffffff-…'). Filters are optional (NULL = any); a name prunes the scan
 * -- to its queue's partition. The id range serves the search by id or id prefix (the whole range
 * -- when there is none). created_key is created_on as PostgreSQL prints it, microseconds kept,
 * -- for the next cursor. error is the recorded error's message, for the list column.
 * SELECT id, name, state, retry_count, retry_limit, created_on, started_on, completed_on,
 *        created_on::text AS "created_key!",
 *        left(COALESCE(output->>'message', output#>>'{value,message}'), 200) AS error
 *   FROM pgboss.job
 *  WHERE (:state::pgboss.job_state IS NULL OR state = :state::pgboss.job_state)
 *    AND (:name::text IS NULL OR name = :name::text)
 *    AND id BETWEEN :idFrom!::uuid AND :idTo!::uuid
 *    AND (created_on, id) < (:createdOn!::timestamptz, :id!::uuid)
 *  ORDER BY created_on DESC, id DESC
 *  LIMIT :limit!::int8
 * ```
 */
export const listJobsOlder = new PreparedQuery<IListJobsOlderParams,IListJobsOlderResult>(listJobsOlderIR);


/** 'ListJobsNewer' parameters type */
export interface IListJobsNewerParams {
  createdOn: DateOrString;
  id: string;
  idFrom: string;
  idTo: string;
  limit: number;
  name?: string | null | void;
  state?: job_state | null | void;
}

/** 'ListJobsNewer' return type */
export interface IListJobsNewerResult {
  completed_on: Date | null;
  created_key: string;
  created_on: Date;
  error: string | null;
  id: string;
  name: string;
  retry_count: number;
  retry_limit: number;
  started_on: Date | null;
  state: job_state;
}

/** 'ListJobsNewer' query type */
export interface IListJobsNewerQuery {
  params: IListJobsNewerParams;
  result: IListJobsNewerResult;
}

const listJobsNewerIR: any = {"usedParamSet":{"state":true,"name":true,"idFrom":true,"idTo":true,"createdOn":true,"id":true,"limit":true},"params":[{"name":"state","required":false,"transform":{"type":"scalar"},"locs":[{"a":362,"b":367},{"a":406,"b":411}]},{"name":"name","required":false,"transform":{"type":"scalar"},"locs":[{"a":440,"b":444},{"a":470,"b":474}]},{"name":"idFrom","required":true,"transform":{"type":"scalar"},"locs":[{"a":501,"b":508}]},{"name":"idTo","required":true,"transform":{"type":"scalar"},"locs":[{"a":520,"b":525}]},{"name":"createdOn","required":true,"transform":{"type":"scalar"},"locs":[{"a":560,"b":570}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":586,"b":589}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":630,"b":636}]}],"statement":"-- The page before the keyset, for Previous: the same conditions walked the other way (the caller\n-- reverses the rows).\nSELECT id, name, state, retry_count, retry_limit, created_on, started_on, completed_on,\n       created_on::text AS \"created_key!\",\n       left(COALESCE(output->>'message', output#>>'{value,message}'), 200) AS error\n  FROM pgboss.job\n WHERE (:state::pgboss.job_state IS NULL OR state = :state::pgboss.job_state)\n   AND (:name::text IS NULL OR name = :name::text)\n   AND id BETWEEN :idFrom!::uuid AND :idTo!::uuid\n   AND (created_on, id) > (:createdOn!::timestamptz, :id!::uuid)\n ORDER BY created_on, id\n LIMIT :limit!::int8"};

/**
 * Query generated from SQL:
 * ```
 * -- The page before the keyset, for Previous: the same conditions walked the other way (the caller
 * -- reverses the rows).
 * SELECT id, name, state, retry_count, retry_limit, created_on, started_on, completed_on,
 *        created_on::text AS "created_key!",
 *        left(COALESCE(output->>'message', output#>>'{value,message}'), 200) AS error
 *   FROM pgboss.job
 *  WHERE (:state::pgboss.job_state IS NULL OR state = :state::pgboss.job_state)
 *    AND (:name::text IS NULL OR name = :name::text)
 *    AND id BETWEEN :idFrom!::uuid AND :idTo!::uuid
 *    AND (created_on, id) > (:createdOn!::timestamptz, :id!::uuid)
 *  ORDER BY created_on, id
 *  LIMIT :limit!::int8
 * ```
 */
export const listJobsNewer = new PreparedQuery<IListJobsNewerParams,IListJobsNewerResult>(listJobsNewerIR);


/** 'ListJobQueues' parameters type */
export type IListJobQueuesParams = void;

/** 'ListJobQueues' return type */
export interface IListJobQueuesResult {
  name: string;
}

/** 'ListJobQueues' query type */
export interface IListJobQueuesQuery {
  params: IListJobQueuesParams;
  result: IListJobQueuesResult;
}

const listJobQueuesIR: any = {"usedParamSet":{},"params":[],"statement":"-- The task-name filter's choices: every queue of this database (a row per task, created by its\n-- first enqueue or by a worker that registers it).\nSELECT name FROM pgboss.queue ORDER BY name LIMIT 500"};

/**
 * Query generated from SQL:
 * ```
 * -- The task-name filter's choices: every queue of this database (a row per task, created by its
 * -- first enqueue or by a worker that registers it).
 * SELECT name FROM pgboss.queue ORDER BY name LIMIT 500
 * ```
 */
export const listJobQueues = new PreparedQuery<IListJobQueuesParams,IListJobQueuesResult>(listJobQueuesIR);


/** 'GetJob' parameters type */
export interface IGetJobParams {
  id: string;
  name: string;
}

/** 'GetJob' return type */
export interface IGetJobResult {
  completed_on: Date | null;
  created_on: Date;
  data: Json | null;
  expire_in: string;
  id: string;
  keep_until: Date;
  name: string;
  output: Json | null;
  priority: number;
  retry_count: number;
  retry_limit: number;
  singleton_key: string | null;
  start_after: Date;
  started_on: Date | null;
  state: job_state;
}

/** 'GetJob' query type */
export interface IGetJobQuery {
  params: IGetJobParams;
  result: IGetJobResult;
}

const getJobIR: any = {"usedParamSet":{"name":true,"id":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":284,"b":289}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":300,"b":303}]}],"statement":"-- One job by primary key, everything the detail page shows.\nSELECT id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,\n       start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS \"expire_in!\"\n  FROM pgboss.job\n WHERE name = :name! AND id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * -- One job by primary key, everything the detail page shows.
 * SELECT id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,
 *        start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS "expire_in!"
 *   FROM pgboss.job
 *  WHERE name = :name! AND id = :id!
 * ```
 */
export const getJob = new PreparedQuery<IGetJobParams,IGetJobResult>(getJobIR);


/** 'LockJob' parameters type */
export interface ILockJobParams {
  id: string;
  name: string;
}

/** 'LockJob' return type */
export interface ILockJobResult {
  completed_on: Date | null;
  created_on: Date;
  data: Json | null;
  expire_in: string;
  id: string;
  keep_until: Date;
  name: string;
  output: Json | null;
  priority: number;
  retry_count: number;
  retry_limit: number;
  singleton_key: string | null;
  start_after: Date;
  started_on: Date | null;
  state: job_state;
}

/** 'LockJob' query type */
export interface ILockJobQuery {
  params: ILockJobParams;
  result: ILockJobResult;
}

const lockJobIR: any = {"usedParamSet":{"name":true,"id":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":397,"b":402}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":413,"b":416}]}],"statement":"-- As GetJob, locking the row until the transaction ends, so the state a retry or delete checks\n-- is the state it changes (a worker's claim skips the locked row meanwhile).\nSELECT id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,\n       start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS \"expire_in!\"\n  FROM pgboss.job\n WHERE name = :name! AND id = :id!\n   FOR UPDATE"};

/**
 * Query generated from SQL:
 * ```
 * -- As GetJob, locking the row until the transaction ends, so the state a retry or delete checks
 * -- is the state it changes (a worker's claim skips the locked row meanwhile).
 * SELECT id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,
 *        start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS "expire_in!"
 *   FROM pgboss.job
 *  WHERE name = :name! AND id = :id!
 *    FOR UPDATE
 * ```
 */
export const lockJob = new PreparedQuery<ILockJobParams,ILockJobResult>(lockJobIR);


/** 'GetJobsByRefs' parameters type */
export interface IGetJobsByRefsParams {
  ids: stringArray;
  names: stringArray;
}

/** 'GetJobsByRefs' return type */
export interface IGetJobsByRefsResult {
  id: string;
  name: string;
  state: job_state;
}

/** 'GetJobsByRefs' query type */
export interface IGetJobsByRefsQuery {
  params: IGetJobsByRefsParams;
  result: IGetJobsByRefsResult;
}

const getJobsByRefsIR: any = {"usedParamSet":{"names":true,"ids":true},"params":[{"name":"names","required":true,"transform":{"type":"scalar"},"locs":[{"a":126,"b":132}]},{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":143,"b":147}]}],"statement":"-- The jobs a bulk action selected, for its confirmation page.\nSELECT j.id, j.name, j.state\n  FROM pgboss.job j\n  JOIN unnest(:names!::text[], :ids!::uuid[]) AS r(name, id) ON j.name = r.name AND j.id = r.id\n ORDER BY j.created_on DESC, j.id DESC"};

/**
 * Query generated from SQL:
 * ```
 * -- The jobs a bulk action selected, for its confirmation page.
 * SELECT j.id, j.name, j.state
 *   FROM pgboss.job j
 *   JOIN unnest(:names!::text[], :ids!::uuid[]) AS r(name, id) ON j.name = r.name AND j.id = r.id
 *  ORDER BY j.created_on DESC, j.id DESC
 * ```
 */
export const getJobsByRefs = new PreparedQuery<IGetJobsByRefsParams,IGetJobsByRefsResult>(getJobsByRefsIR);


/** 'RetryJob' parameters type */
export interface IRetryJobParams {
  id: string;
  leaseSeconds: number;
  name: string;
}

/** 'RetryJob' return type */
export interface IRetryJobResult {
  completed_on: Date | null;
  created_on: Date;
  data: Json | null;
  expire_in: string;
  id: string;
  keep_until: Date;
  name: string;
  output: Json | null;
  priority: number;
  retry_count: number;
  retry_limit: number;
  singleton_key: string | null;
  start_after: Date;
  started_on: Date | null;
  state: job_state;
}

/** 'RetryJob' query type */
export interface IRetryJobQuery {
  params: IRetryJobParams;
  result: IRetryJobResult;
}

const retryJobIR: any = {"usedParamSet":{"leaseSeconds":true,"name":true,"id":true},"params":[{"name":"leaseSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":687,"b":700}]},{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":802,"b":807}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":818,"b":821}]}],"statement":"-- Staff retry: the job starts over, runnable at once, as if just enqueued. retry_count 0 with\n-- started_on NULL makes the next claim attempt 1 of retry_limit (ClaimJobs adds 1 only when\n-- started_on is set); the claim lasts a fresh lease (a heartbeat may have stretched expire_in);\n-- keep_until moves forward by the job's original retention, so pg-boss does not archive the job\n-- unrun before a worker takes it. The last error stays in the audit log's before-snapshot.\nUPDATE pgboss.job\n   SET state = 'created',\n       retry_count = 0,\n       started_on = NULL,\n       completed_on = NULL,\n       start_after = now(),\n       output = NULL,\n       expire_in = make_interval(secs => :leaseSeconds!::float8),\n       keep_until = GREATEST(keep_until, now() + (keep_until - created_on))\n WHERE name = :name! AND id = :id! AND state IN ('failed', 'cancelled')\nRETURNING id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,\n          start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS \"expire_in!\""};

/**
 * Query generated from SQL:
 * ```
 * -- Staff retry: the job starts over, runnable at once, as if just enqueued. retry_count 0 with
 * -- started_on NULL makes the next claim attempt 1 of retry_limit (ClaimJobs adds 1 only when
 * -- started_on is set); the claim lasts a fresh lease (a heartbeat may have stretched expire_in);
 * -- keep_until moves forward by the job's original retention, so pg-boss does not archive the job
 * -- unrun before a worker takes it. The last error stays in the audit log's before-snapshot.
 * UPDATE pgboss.job
 *    SET state = 'created',
 *        retry_count = 0,
 *        started_on = NULL,
 *        completed_on = NULL,
 *        start_after = now(),
 *        output = NULL,
 *        expire_in = make_interval(secs => :leaseSeconds!::float8),
 *        keep_until = GREATEST(keep_until, now() + (keep_until - created_on))
 *  WHERE name = :name! AND id = :id! AND state IN ('failed', 'cancelled')
 * RETURNING id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,
 *           start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS "expire_in!"
 * ```
 */
export const retryJob = new PreparedQuery<IRetryJobParams,IRetryJobResult>(retryJobIR);


/** 'DeleteJob' parameters type */
export interface IDeleteJobParams {
  id: string;
  name: string;
}

/** 'DeleteJob' return type */
export interface IDeleteJobResult {
  id: string;
}

/** 'DeleteJob' query type */
export interface IDeleteJobQuery {
  params: IDeleteJobParams;
  result: IDeleteJobResult;
}

const deleteJobIR: any = {"usedParamSet":{"name":true,"id":true},"params":[{"name":"name","required":true,"transform":{"type":"scalar"},"locs":[{"a":124,"b":129}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":140,"b":143}]}],"statement":"-- Staff delete: never a running job (its worker would record an outcome for nothing).\nDELETE FROM pgboss.job\n WHERE name = :name! AND id = :id! AND state <> 'active'\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * -- Staff delete: never a running job (its worker would record an outcome for nothing).
 * DELETE FROM pgboss.job
 *  WHERE name = :name! AND id = :id! AND state <> 'active'
 * RETURNING id
 * ```
 */
export const deleteJob = new PreparedQuery<IDeleteJobParams,IDeleteJobResult>(deleteJobIR);


