/* @name ListJobsOlder */
-- The admin's job list, newest first: the page after the keyset (created_on, id), or the first
-- page from ('infinity', 'ffffffff-…'). Filters are optional (NULL = any); a name prunes the scan
-- to its queue's partition. The id range serves the search by id or id prefix (the whole range
-- when there is none). created_key is created_on as PostgreSQL prints it, microseconds kept,
-- for the next cursor. error is the recorded error's message, for the list column.
SELECT id, name, state, retry_count, retry_limit, created_on, started_on, completed_on,
       created_on::text AS "created_key!",
       left(COALESCE(output->>'message', output#>>'{value,message}'), 200) AS error
  FROM pgboss.job
 WHERE (:state::pgboss.job_state IS NULL OR state = :state::pgboss.job_state)
   AND (:name::text IS NULL OR name = :name::text)
   AND id BETWEEN :idFrom!::uuid AND :idTo!::uuid
   AND (created_on, id) < (:createdOn!::timestamptz, :id!::uuid)
 ORDER BY created_on DESC, id DESC
 LIMIT :limit!::int8;

/* @name ListJobsNewer */
-- The page before the keyset, for Previous: the same conditions walked the other way (the caller
-- reverses the rows).
SELECT id, name, state, retry_count, retry_limit, created_on, started_on, completed_on,
       created_on::text AS "created_key!",
       left(COALESCE(output->>'message', output#>>'{value,message}'), 200) AS error
  FROM pgboss.job
 WHERE (:state::pgboss.job_state IS NULL OR state = :state::pgboss.job_state)
   AND (:name::text IS NULL OR name = :name::text)
   AND id BETWEEN :idFrom!::uuid AND :idTo!::uuid
   AND (created_on, id) > (:createdOn!::timestamptz, :id!::uuid)
 ORDER BY created_on, id
 LIMIT :limit!::int8;

/* @name ListJobQueues */
-- The task-name filter's choices: every queue of this database (a row per task, created by its
-- first enqueue or by a worker that registers it).
SELECT name FROM pgboss.queue ORDER BY name LIMIT 500;

/* @name GetJob */
-- One job by primary key, everything the detail page shows.
SELECT id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,
       start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS "expire_in!"
  FROM pgboss.job
 WHERE name = :name! AND id = :id!;

/* @name LockJob */
-- As GetJob, locking the row until the transaction ends, so the state a retry or delete checks
-- is the state it changes (a worker's claim skips the locked row meanwhile).
SELECT id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,
       start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS "expire_in!"
  FROM pgboss.job
 WHERE name = :name! AND id = :id!
   FOR UPDATE;

/* @name GetJobsByRefs */
-- The jobs a bulk action selected, for its confirmation page.
SELECT j.id, j.name, j.state
  FROM pgboss.job j
  JOIN unnest(:names!::text[], :ids!::uuid[]) AS r(name, id) ON j.name = r.name AND j.id = r.id
 ORDER BY j.created_on DESC, j.id DESC;

/* @name RetryJob */
-- Staff retry: the job starts over, runnable at once, as if just enqueued. retry_count 0 with
-- started_on NULL makes the next claim attempt 1 of retry_limit (ClaimJobs adds 1 only when
-- started_on is set); the claim lasts a fresh lease (a heartbeat may have stretched expire_in);
-- keep_until moves forward by the job's original retention, so pg-boss does not archive the job
-- unrun before a worker takes it. The last error stays in the audit log's before-snapshot.
UPDATE pgboss.job
   SET state = 'created',
       retry_count = 0,
       started_on = NULL,
       completed_on = NULL,
       start_after = now(),
       output = NULL,
       expire_in = make_interval(secs => :leaseSeconds!::float8),
       keep_until = GREATEST(keep_until, now() + (keep_until - created_on))
 WHERE name = :name! AND id = :id! AND state IN ('failed', 'cancelled')
RETURNING id, name, state, retry_count, retry_limit, priority, data, output, singleton_key,
          start_after, started_on, created_on, completed_on, keep_until, expire_in::text AS "expire_in!";

/* @name DeleteJob */
-- Staff delete: never a running job (its worker would record an outcome for nothing).
DELETE FROM pgboss.job
 WHERE name = :name! AND id = :id! AND state <> 'active'
RETURNING id;
