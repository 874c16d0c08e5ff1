// Usage routes: record one metered event (202), and this month's totals per metric.
// Schema → one service call → response mapping.
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyPluginAsync } from 'fastify';
import { Type } from 'typebox';
import { principalOf, type AuthHooks } from '../../platform/http/auth.ts';
import { ProblemSchema, Timestamp, iso } from '../../platform/http/schemas.ts';
import { EVENT_ID_MAX_CHARS, METRIC_PATTERN, QUANTITY_MAX, QUANTITY_MIN, type UsageSummary } from './usage.ts';
import type { UsageService } from './usage.service.ts';

// Ajv counts maxLength in code points, as the contract counts characters.
const UsageEventBody = Type.Object(
  {
    event_id: Type.String({ minLength: 1, maxLength: EVENT_ID_MAX_CHARS, description: 'Unique per user; a repeat is accepted and ignored.' }),
    metric: Type.String({ pattern: METRIC_PATTERN }),
    quantity: Type.Integer({ minimum: QUANTITY_MIN, maximum: QUANTITY_MAX }),
    occurred_at: Type.Optional(Type.String({ format: 'date-time', description: 'RFC 3339; default: now. Decides the month it counts in.' })),
  },
  { additionalProperties: false },
);

const AcceptedBody = Type.Object({
  accepted: Type.Literal(true),
  event_id: Type.String(),
  duplicate: Type.Boolean({ description: 'true when this event_id was already recorded (this one was ignored).' }),
});

/** `{period_start, period_end, metrics: [{metric, quantity}]}`; period_end is exclusive. */
export const UsageSummaryBody = Type.Object({
  period_start: Timestamp,
  period_end: Type.String({ format: 'date-time', description: 'Exclusive: the first instant of the next month.' }),
  metrics: Type.Array(Type.Object({ metric: Type.String(), quantity: Type.Integer({ minimum: 0 }) })),
});
const Errors = { '4xx': ProblemSchema, '5xx': ProblemSchema };

export const toUsageSummaryBody = (s: UsageSummary) => ({
  period_start: iso(s.period.start),
  period_end: iso(s.period.end),
  metrics: s.metrics.map((m) => ({ metric: m.metric, quantity: m.quantity })),
});

export const usageRoutes =
  (deps: { auth: AuthHooks; usage: UsageService }): FastifyPluginAsync =>
  async (instance) => {
    const app = instance.withTypeProvider<TypeBoxTypeProvider>();
    const { auth, usage } = deps;

    app.post(
      '/api/v1/usage-events',
      // onRequest: credentials are checked before a body is read or validated (401 before 4xx).
      { onRequest: auth.user, schema: { tags: ['usage'], summary: 'Record a metered event (a repeated event_id is ignored)', body: UsageEventBody, response: { 202: AcceptedBody, ...Errors } } },
      async (request, reply) => {
        const { event_id, metric, quantity, occurred_at } = request.body;
        const event = { eventId: event_id, metric, quantity, occurredAt: occurred_at === undefined ? undefined : new Date(occurred_at) };
        const recorded = await usage.record(principalOf(request).userId, [event], request.abortSignal);
        return reply.code(202).send({ accepted: true as const, event_id, duplicate: recorded.inserted.length === 0 });
      },
    );

    app.get(
      '/api/v1/usage',
      { onRequest: auth.user, schema: { tags: ['usage'], summary: "This UTC month's usage per metric", response: { 200: UsageSummaryBody, ...Errors } } },
      async (request) => toUsageSummaryBody(await usage.currentMonth(principalOf(request).userId, request.abortSignal)),
    );
  };
