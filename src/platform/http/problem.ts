// The one place where errors become HTTP: RFC 9457 problem documents.
// Expected failures (AppError kinds, Fastify's request errors) map to their status; anything else
// is a 500 that reveals nothing and is logged with its cause chain by the caller.
import type { FastifyError } from 'fastify';
import { CancelledError, DatabaseUnavailableError, sqlState, StatementTimeoutError } from '../db/errors.ts';
import { AppError, RateLimitedError, ValidationError, type ErrorKind, type FieldError } from '../errors.ts';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

export interface MappedError {
  problem: Problem;
  headers: Record<string, string>;
  /** Unexpected: log it as an error with its cause. */
  unexpected: boolean;
}

/** Problem `type` URIs are relative references under /problems/ (stable, documented in docs/API.md). */
const typeUri = (slug: string) => `/problems/${slug}`;

const KIND_STATUS: Record<ErrorKind, { status: number; slug: string; title: string }> = {
  bad_request: { status: 400, slug: 'bad-request', title: 'Bad Request' },
  unauthenticated: { status: 401, slug: 'unauthenticated', title: 'Unauthorized' },
  forbidden: { status: 403, slug: 'forbidden', title: 'Forbidden' },
  not_found: { status: 404, slug: 'not-found', title: 'Not Found' },
  conflict: { status: 409, slug: 'conflict', title: 'Conflict' },
  validation: { status: 422, slug: 'validation', title: 'Unprocessable Content' },
  business_rule: { status: 422, slug: 'business-rule', title: 'Unprocessable Content' },
  rate_limited: { status: 429, slug: 'rate-limited', title: 'Too Many Requests' },
  unavailable: { status: 503, slug: 'unavailable', title: 'Service Unavailable' },
  bad_gateway: { status: 502, slug: 'bad-gateway', title: 'Bad Gateway' },
};

export function problem(status: number, slug: string, title: string, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: typeUri(slug), title, status, detail, ...extra };
}

/** `/items/0/qty` → `items.0.qty`; a missing property names itself. */
function ajvField(e: { instancePath?: string; params?: Record<string, unknown> }): string {
  const base = (e.instancePath ?? '').split('/').filter(Boolean).join('.');
  const missing = e.params?.['missingProperty'];
  if (typeof missing === 'string') return base ? `${base}.${missing}` : missing;
  return base;
}

function ajvMessage(e: { keyword?: string; message?: string }): string {
  if (e.keyword === 'required') return 'This field is required.';
  return e.message ?? 'is invalid';
}

function fromFastifyError(err: FastifyError): MappedError | undefined {
  const none = { headers: {}, unexpected: false };
  if (err.validation) {
    const errors = err.validation.map((v) => ({ field: ajvField(v as never), message: ajvMessage(v) }));
    // Dedupe: union schemas can report the same field more than once.
    const unique = errors.filter((e, i) => errors.findIndex((o) => o.field === e.field) === i);
    const inBody = err.validationContext === 'body';
    return {
      ...none,
      problem: inBody
        ? problem(422, 'validation', 'Unprocessable Content', 'The request contains invalid fields.', { errors: unique })
        : problem(400, 'bad-request', 'Bad Request', `Invalid ${err.validationContext ?? 'request'} parameter.`, { errors: unique }),
    };
  }
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { ...none, problem: problem(415, 'unsupported-media-type', 'Unsupported Media Type', 'Request bodies must be application/json.') };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { ...none, problem: problem(413, 'payload-too-large', 'Content Too Large', 'The request body exceeds 1 MiB.') };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { ...none, problem: problem(400, 'bad-request', 'Bad Request', 'The JSON body is empty.') };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { ...none, problem: problem(400, 'malformed-json', 'Bad Request', 'The request body is not valid JSON.') };
    // The router's own refusals (app.ts frameworkErrors): a path parameter of the wrong shape.
    case 'FST_ERR_BAD_URL':
      return { ...none, problem: problem(400, 'bad-request', 'Bad Request', 'The URL is not validly percent-encoded.') };
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return { ...none, problem: problem(400, 'bad-request', 'Bad Request', 'A path parameter is too long.') };
  }
  if (err instanceof SyntaxError || err.statusCode === 400) {
    return { ...none, problem: problem(400, 'malformed-json', 'Bad Request', 'The request body is not valid JSON.') };
  }
  // Other 4xx raised by Fastify itself (e.g. 406): keep the status, hide the internal message.
  if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
    return { ...none, problem: problem(err.statusCode, 'bad-request', 'Bad Request', 'The request could not be processed.') };
  }
  return undefined;
}

/** The database failure behind `err`: itself, or the cause of a part that failed (a 502 otherwise). */
function databaseFailure(err: unknown): DatabaseUnavailableError | StatementTimeoutError | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e instanceof Error; depth++) {
    if (e instanceof DatabaseUnavailableError || e instanceof StatementTimeoutError) return e;
    if (!(e instanceof AppError) || e.kind !== 'bad_gateway') return undefined;
    e = e.cause;
  }
  return undefined;
}

/**
 * 503 with `Retry-After`, the same generic problem for an unreachable database, an exhausted pool
 * and a statement timeout: none says anything about the internals. A statement timeout is logged
 * (a query that slow is a bug or an overload to look into); an outage is not, per request.
 */
function unavailable(failure: DatabaseUnavailableError | StatementTimeoutError): MappedError {
  return {
    problem: problem(503, 'unavailable', 'Service Unavailable', 'The service is temporarily unavailable; try again shortly.'),
    headers: { 'retry-after': '1' },
    unexpected: failure instanceof StatementTimeoutError,
  };
}

export function toProblem(err: unknown): MappedError {
  const failure = databaseFailure(err);
  if (failure !== undefined) return unavailable(failure);
  if (err instanceof AppError) {
    const k = KIND_STATUS[err.kind];
    const slug = err.kind === 'business_rule' ? err.code.split('.').pop()!.replace(/_/g, '-') : k.slug;
    const extra: Record<string, unknown> = { ...err.extra };
    if (err instanceof ValidationError) extra['errors'] = err.fields;
    const headers: Record<string, string> = {};
    if (err instanceof RateLimitedError) headers['retry-after'] = String(Math.max(1, Math.ceil(err.retryAfterSeconds)));
    if (err.kind === 'unauthenticated') headers['www-authenticate'] = 'Bearer';
    // A bad gateway hides a failure of ours (its cause): log it like an unexpected error.
    return { problem: problem(k.status, slug, k.title, err.message, extra), headers, unexpected: err.kind === 'bad_gateway' };
  }
  if (err instanceof CancelledError) {
    // The client has gone; nobody reads this answer, but logs and metrics see 499 (client closed).
    return { problem: problem(499, 'client-closed-request', 'Client Closed Request', 'The request was cancelled.'), headers: {}, unexpected: false };
  }
  if (sqlState(err) === '22021' || sqlState(err) === '22P05') {
    // A NUL or unencodable character reached PostgreSQL: the input's fault, not ours.
    return { problem: problem(400, 'bad-request', 'Bad Request', 'Text must not contain NUL or invalid characters.'), headers: {}, unexpected: false };
  }
  if (err instanceof Error && 'code' in err) {
    const mapped = fromFastifyError(err as FastifyError);
    if (mapped) return mapped;
  }
  return {
    problem: problem(500, 'internal', 'Internal Server Error', 'An unexpected error occurred. It has been logged.'),
    headers: {},
    unexpected: true,
  };
}
