// PLACEHOLDER: replaced by the users feature.
import type { Db } from '../../platform/db/db.ts';
import type { Clock } from '../../platform/clock.ts';

export interface User {
  id: number;
  email: string;
  name: string;
  is_staff: boolean;
  balance_cents: number;
  created_at: Date;
}
export interface SignUpInput {
  email: string;
  password: string;
  name: string;
}
export class UserService {
  constructor(private readonly deps: { db: Db; clock: Clock }) {}
  async signUp(_input: SignUpInput, _signal: AbortSignal): Promise<User> {
    throw new Error('not implemented');
  }
  async createSuperuser(_input: SignUpInput, _signal: AbortSignal): Promise<User> {
    throw new Error('not implemented');
  }
  async getById(_id: number, _signal: AbortSignal): Promise<User> {
    throw new Error('not implemented');
  }
}
