// PLACEHOLDER: replaced by the users feature.
import type { Db } from '../../platform/db/db.ts';
export class LoginThrottle {
  constructor(private readonly deps: { db: Db }) {}
}
