// PLACEHOLDER: replaced by the users feature.
import type { Db } from '../../platform/db/db.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Principal } from '../../platform/http/app.ts';
import type { Authenticator } from '../../platform/http/auth.ts';
import type { UserService } from './user.service.ts';

export interface IssuedToken {
  token: string;
  expiresAt: Date;
}
export class TokenService implements Authenticator {
  constructor(private readonly deps: { db: Db; clock: Clock; users: UserService; ttlSeconds: number }) {}
  async issue(_userId: number, _signal: AbortSignal): Promise<IssuedToken> {
    throw new Error('not implemented');
  }
  async authenticate(_token: string, _signal: AbortSignal): Promise<Principal | null> {
    throw new Error('not implemented');
  }
}
