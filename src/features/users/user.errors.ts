// Typed errors of the users feature, each with a stable code; platform/http/problem.ts maps their
// kind to a status. Services throw these; they know nothing of HTTP.
import { BadRequestError, ConflictError, ForbiddenError, RateLimitedError, UnauthenticatedError } from '../../platform/errors.ts';

/** Sign-up or createsuperuser with an e-mail address that already has an account. */
export class EmailTakenError extends ConflictError {
  constructor() {
    const message = 'A user with this e-mail address already exists.';
    super('user.email_taken', message, { errors: [{ field: 'email', message }] });
  }
}

/** Open sign-up is switched off (SIGNUP_OPEN=false); accounts are made by staff. */
export class SignupClosedError extends ForbiddenError {
  override readonly code = 'user.signup_closed';
  constructor() {
    super('Sign-up is closed on this server; ask an administrator for an account.');
  }
}

/**
 * Wrong password, unknown e-mail or inactive account: one error with one message for all three,
 * so that the answer never tells which e-mail addresses have accounts.
 */
export class InvalidCredentialsError extends UnauthenticatedError {
  override readonly code = 'auth.invalid_credentials';
  constructor() {
    super('The e-mail address or password is incorrect.');
  }
}

/** Too many failed logins for this e-mail or from this client address within the window. */
export class LoginThrottledError extends RateLimitedError {
  override readonly code = 'auth.login_throttled';
  constructor(retryAfterSeconds: number) {
    super(retryAfterSeconds, 'Too many failed login attempts; try again later.');
  }
}

/**
 * A password reset token that opens nothing: unknown, expired, already used, superseded by another
 * reset, or its user deactivated. One error for all (400), so the answer reveals nothing more.
 */
export class InvalidPasswordResetTokenError extends BadRequestError {
  constructor() {
    super('auth.password_reset_invalid', 'This password reset link is invalid, has expired or has already been used.');
  }
}
