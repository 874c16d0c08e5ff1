// Errors the database layer raises for conditions callers handle on purpose.

/** The caller's AbortSignal fired; the statement was cancelled on the server. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  readonly code = 'CANCELLED';
  constructor(reason?: unknown, cause?: unknown) {
    super(reason instanceof Error ? `cancelled: ${reason.message}` : 'cancelled', { cause });
  }
}

/** PostgreSQL cannot be reached (down, restarting, or no free connection in time). */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';
  readonly code = 'DB_UNAVAILABLE';
  constructor(cause: unknown) {
    super('database unavailable', { cause });
  }
}

/**
 * A statement PostgreSQL cancelled on its own (statement_timeout, or an operator's
 * pg_cancel_backend), not because the caller gave up: the caller's cancellations are CancelledError.
 */
export class StatementTimeoutError extends Error {
  override readonly name = 'StatementTimeoutError';
  readonly code = 'DB_STATEMENT_TIMEOUT';
  constructor(cause: unknown) {
    super('statement cancelled by the server (statement timeout)', { cause });
  }
}

/** SQLSTATE of a PostgreSQL error, if it is one. */
export function sqlState(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export const isUniqueViolation = (err: unknown, constraint?: string): boolean =>
  sqlState(err) === '23505' &&
  (constraint === undefined || (err as { constraint?: string }).constraint === constraint);
