// Typed errors for expected failures. Services throw (or return) these; they know nothing of HTTP.
// Each carries a stable `code`; one mapper (platform/http/problem.ts) turns the kind into a status.

export type ErrorKind =
  | 'bad_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'business_rule'
  | 'rate_limited'
  | 'unavailable'
  | 'bad_gateway';

export interface FieldError {
  field: string;
  message: string;
}

export abstract class AppError extends Error {
  abstract readonly kind: ErrorKind;
  /** Stable, greppable identifier, e.g. `invoice.invalid_transition`. */
  readonly code: string;
  /** Extra members for the problem document (e.g. required_cents). */
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(code: string, message: string, extra: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.extra = extra;
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  readonly kind = 'bad_request';
}
export class UnauthenticatedError extends AppError {
  readonly kind = 'unauthenticated';
  constructor(message = 'Authentication credentials were missing, invalid, expired or revoked.') {
    super('auth.unauthenticated', message);
  }
}
export class ForbiddenError extends AppError {
  readonly kind = 'forbidden';
  constructor(message = 'You do not have permission to perform this action.') {
    super('auth.forbidden', message);
  }
}
export class NotFoundError extends AppError {
  readonly kind = 'not_found';
  constructor(what = 'resource') {
    super(`${what}.not_found`, `No ${what} found with that id.`);
  }
}
export class ConflictError extends AppError {
  readonly kind = 'conflict';
}
/** Input that is well-formed but invalid, field by field (422 with `errors`). */
export class ValidationError extends AppError {
  readonly kind = 'validation';
  constructor(readonly fields: FieldError[], message = 'The request contains invalid fields.') {
    super('validation.failed', message);
  }
  static field(field: string, message: string): ValidationError {
    return new ValidationError([{ field, message }]);
  }
}
/** A business rule refused the request (422 with a specific type, e.g. insufficient-funds). */
export class BusinessRuleError extends AppError {
  readonly kind = 'business_rule';
}
export class RateLimitedError extends AppError {
  readonly kind = 'rate_limited';
  constructor(readonly retryAfterSeconds: number, message = 'Too many requests; try again later.') {
    super('rate_limited', message);
  }
}
export class ServiceUnavailableError extends AppError {
  readonly kind = 'unavailable';
}
/** A part a response depends on failed (e.g. one of the dashboard's concurrent reads): 502. */
export class BadGatewayError extends AppError {
  readonly kind = 'bad_gateway';
}
