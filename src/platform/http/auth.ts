// Bearer-token authentication as route hooks. Who a token belongs to is the users feature's
// business; this module only reads the header and enforces the outcome.
import type { FastifyRequest } from 'fastify';
import { ForbiddenError, UnauthenticatedError } from '../errors.ts';
import type { Principal } from './app.ts';

export interface Authenticator {
  /** The principal for a raw bearer token, or null when it is unknown, expired or revoked. */
  authenticate(token: string, signal: AbortSignal): Promise<Principal | null>;
}

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,512})$/;

export interface AuthHooks {
  /** Any authenticated user. */
  user: (request: FastifyRequest) => Promise<void>;
  /** Authenticated staff only (403 for other users). */
  staff: (request: FastifyRequest) => Promise<void>;
}

export function authHooks(authenticator: Authenticator): AuthHooks {
  const user = async (request: FastifyRequest): Promise<void> => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw new UnauthenticatedError();
    const principal = await authenticator.authenticate(match[1]!, request.abortSignal);
    if (principal === null) throw new UnauthenticatedError();
    request.principal = principal;
  };
  const staff = async (request: FastifyRequest): Promise<void> => {
    await user(request);
    if (!request.principal?.isStaff) throw new ForbiddenError();
  };
  return { user, staff };
}

/** The authenticated principal of a route guarded by an auth hook. */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === null) throw new UnauthenticatedError();
  return request.principal;
}
