/** Types generated for queries found in "src/features/usage/queries.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type DateOrString = Date | string;

export type DateOrStringArray = (DateOrString)[];

export type numberArray = (number)[];

export type stringArray = (string)[];

/** 'InsertUsageEvents' parameters type */
export interface IInsertUsageEventsParams {
  eventIds: stringArray;
  metrics: stringArray;
  occurredAts: DateOrStringArray;
  quantities: numberArray;
  userId: number;
}

/** 'InsertUsageEvents' return type */
export interface IInsertUsageEventsResult {
  event_id: string;
}

/** 'InsertUsageEvents' query type */
export interface IInsertUsageEventsQuery {
  params: IInsertUsageEventsParams;
  result: IInsertUsageEventsResult;
}

const insertUsageEventsIR: any = {"usedParamSet":{"userId":true,"eventIds":true,"metrics":true,"quantities":true,"occurredAts":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":357,"b":364}]},{"name":"eventIds","required":true,"transform":{"type":"scalar"},"locs":[{"a":429,"b":438}]},{"name":"metrics","required":true,"transform":{"type":"scalar"},"locs":[{"a":449,"b":457}]},{"name":"quantities","required":true,"transform":{"type":"scalar"},"locs":[{"a":468,"b":479}]},{"name":"occurredAts","required":true,"transform":{"type":"scalar"},"locs":[{"a":490,"b":502}]}],"statement":"-- A batch in one statement: the events arrive as parallel typed arrays, unnested into rows. A\n-- repeated event_id (already stored, or earlier in the same batch) is skipped by ON CONFLICT DO\n-- NOTHING, so the first one wins; RETURNING lists only the events that were new.\nINSERT INTO usage_events (user_id, event_id, metric, quantity, occurred_at)\nSELECT :userId!, e.event_id, e.metric, e.quantity, e.occurred_at\n  FROM unnest(:eventIds!::text[], :metrics!::text[], :quantities!::int8[], :occurredAts!::timestamptz[])\n       AS e(event_id, metric, quantity, occurred_at)\nON CONFLICT (user_id, event_id) DO NOTHING\nRETURNING event_id"};

/**
 * Query generated from SQL:
 * ```
 * -- A batch in one statement: the events arrive as parallel typed arrays, unnested into rows. A
 * -- repeated event_id (already stored, or earlier in the same batch) is skipped by ON CONFLICT DO
 * -- NOTHING, so the first one wins; RETURNING lists only the events that were new.
 * INSERT INTO usage_events (user_id, event_id, metric, quantity, occurred_at)
 * SELECT :userId!, e.event_id, e.metric, e.quantity, e.occurred_at
 *   FROM unnest(:eventIds!::text[], :metrics!::text[], :quantities!::int8[], :occurredAts!::timestamptz[])
 *        AS e(event_id, metric, quantity, occurred_at)
 * ON CONFLICT (user_id, event_id) DO NOTHING
 * RETURNING event_id
 * ```
 */
export const insertUsageEvents = new PreparedQuery<IInsertUsageEventsParams,IInsertUsageEventsResult>(insertUsageEventsIR);


/** 'SumUsageForUserBetween' parameters type */
export interface ISumUsageForUserBetweenParams {
  periodEnd: DateOrString;
  periodStart: DateOrString;
  userId: number;
}

/** 'SumUsageForUserBetween' return type */
export interface ISumUsageForUserBetweenResult {
  metric: string;
  quantity: number;
}

/** 'SumUsageForUserBetween' query type */
export interface ISumUsageForUserBetweenQuery {
  params: ISumUsageForUserBetweenParams;
  result: ISumUsageForUserBetweenResult;
}

const sumUsageForUserBetweenIR: any = {"usedParamSet":{"userId":true,"periodStart":true,"periodEnd":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":290,"b":297}]},{"name":"periodStart","required":true,"transform":{"type":"scalar"},"locs":[{"a":321,"b":333}]},{"name":"periodEnd","required":true,"transform":{"type":"scalar"},"locs":[{"a":369,"b":379}]}],"statement":"-- One range scan of usage_events_user_occurred_idx (index-only: metric and quantity are included).\n-- [periodStart, periodEnd) is half-open, so an event at midnight on the 1st counts in one month only.\nSELECT metric, sum(quantity)::int8 AS \"quantity!\"\n  FROM usage_events\n WHERE user_id = :userId!\n   AND occurred_at >= :periodStart!::timestamptz\n   AND occurred_at < :periodEnd!::timestamptz\n GROUP BY metric\n ORDER BY metric"};

/**
 * Query generated from SQL:
 * ```
 * -- One range scan of usage_events_user_occurred_idx (index-only: metric and quantity are included).
 * -- [periodStart, periodEnd) is half-open, so an event at midnight on the 1st counts in one month only.
 * SELECT metric, sum(quantity)::int8 AS "quantity!"
 *   FROM usage_events
 *  WHERE user_id = :userId!
 *    AND occurred_at >= :periodStart!::timestamptz
 *    AND occurred_at < :periodEnd!::timestamptz
 *  GROUP BY metric
 *  ORDER BY metric
 * ```
 */
export const sumUsageForUserBetween = new PreparedQuery<ISumUsageForUserBetweenParams,ISumUsageForUserBetweenResult>(sumUsageForUserBetweenIR);


