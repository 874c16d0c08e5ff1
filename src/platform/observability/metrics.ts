// Prometheus metrics of one process: HTTP request durations and SQL statements per request (fed
// by the app's RequestObserver), database pool use (primary, and the replica's when there is one)
// and jobs by queue and state (read when scraped), and the process metrics of prom-client. Everything lives in a Registry built by the
// composition root; nothing touches prom-client's global default registry.
import { collectDefaultMetrics, Gauge, type Registry } from 'prom-client';
import type { Db } from '../db/db.ts';
import type { CompletedRequest, RequestObserver } from '../http/app.ts';
import { PGBOSS_SCHEMA } from '../jobs/boss.ts';
import { RequestHistogram } from './request-histogram.ts';

/** The pool counters pg.Pool exposes; read at scrape time. */
export interface PoolStats {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
}

export interface MetricsOptions {
  registry: Registry;
  /** The web process's pool (Database.pool), `pool="primary"`. */
  pool: PoolStats;
  /** The read replica's pool (DATABASE_REPLICA_URL), `pool="replica"`; omitted, no such series. */
  replicaPool?: PoolStats;
  /** Where pgboss.job is counted from at scrape time; omitted, no job metrics are exported. */
  jobsDb?: Db;
  /** How long the scrape-time job count may take before it is cancelled (and left out). */
  jobsQueryTimeoutMs?: number;
}

/** Jobs per queue and state, counted by one statement on pg-boss's job table. */
export const JOB_COUNTS_SQL = `SELECT name AS queue, state::text AS state, count(*)::int AS count FROM ${PGBOSS_SCHEMA}.job GROUP BY 1, 2`;

// Seconds: most API requests take a few milliseconds; the tail up to 10 s is what alerts watch.
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// Statements: a well-behaved endpoint runs a small constant; a growing count is an N+1.
const STATEMENT_BUCKETS = [0, 1, 2, 3, 5, 8, 13, 21, 34, 55];

/**
 * The process's metrics. Labels are bounded by construction: `route` is the route template
 * (`/api/v1/invoices/:id`, never a raw URL) or `unmatched`, `status` a status code, `method` an
 * HTTP method, and queue names come from the task registry.
 */
export class Metrics implements RequestObserver {
  readonly registry: Registry;
  private readonly duration: RequestHistogram;
  private readonly statements: RequestHistogram;

  constructor(options: MetricsOptions) {
    const registry = options.registry;
    this.registry = registry;
    collectDefaultMetrics({ register: registry });

    this.duration = new RequestHistogram(
      'http_request_duration_seconds',
      'HTTP request durations, by method, route template and status code.',
      DURATION_BUCKETS,
      registry,
    );
    this.statements = new RequestHistogram('http_request_sql_statements', 'SQL statements run by one HTTP request, by route template.', STATEMENT_BUCKETS, registry);

    // `pool` is "primary" or "replica": two values at most, never a connection string.
    const pools: [label: string, stats: PoolStats][] = [['primary', options.pool]];
    if (options.replicaPool !== undefined) pools.push(['replica', options.replicaPool]);
    const poolGauge = (name: string, help: string, read: (pool: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        labelNames: ['pool'],
        registers: [registry],
        collect() {
          for (const [label, stats] of pools) this.set({ pool: label }, read(stats));
        },
      });
    poolGauge('db_pool_connections_total', 'Connections open in the database pool.', (p) => p.totalCount);
    poolGauge('db_pool_connections_idle', 'Open connections not checked out of the database pool.', (p) => p.idleCount);
    poolGauge('db_pool_requests_waiting', 'Callers waiting for a connection from the database pool.', (p) => p.waitingCount);

    const jobsDb = options.jobsDb;
    if (jobsDb !== undefined) {
      const timeoutMs = options.jobsQueryTimeoutMs ?? 2000;
      new Gauge({
        name: 'jobs',
        help: 'Background jobs in pgboss.job, by queue and state.',
        labelNames: ['queue', 'state'],
        registers: [registry],
        async collect() {
          // A scrape must not fail because the job table is slow or missing: on any error the
          // family is exported without samples. The timeout cancels the statement on the server.
          this.reset();
          const rows = await jobsDb
            .query<{ queue: string; state: string; count: number }>(JOB_COUNTS_SQL, [], AbortSignal.timeout(timeoutMs))
            .catch(() => []);
          for (const r of rows) this.set({ queue: r.queue, state: r.state }, r.count);
        },
      });
    }
  }

  readonly requestCompleted = (info: CompletedRequest): void => {
    const { method, route, status } = info;
    this.duration.observe(`${method} ${status} ${route}`, () => ({ method, route, status: String(status) }), info.durationMs / 1000);
    this.statements.observe(route, () => ({ route }), info.statements);
  };

  /** The exposition text and its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
