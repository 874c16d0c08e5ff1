// Test data built through the services (never by inserting rows behind their back).
import { randomBytes } from 'node:crypto';
import type { TestApp } from './app.ts';

export interface TestUser {
  id: number;
  email: string;
  password: string;
  name: string;
  token: string;
}

const signal = () => new AbortController().signal;

/** A signed-up user with a fresh API token; `staff: true` makes a superuser. */
export async function createUser(t: TestApp, options: { staff?: boolean; email?: string; name?: string } = {}): Promise<TestUser> {
  const email = options.email ?? `user-${randomBytes(5).toString('hex')}@example.com`;
  const password = `correct horse ${randomBytes(6).toString('hex')}`;
  const name = options.name ?? 'Test User';
  const input = { email, password, name };
  const user = options.staff
    ? await t.services.users.createSuperuser(input, signal())
    : await t.services.users.signUp(input, signal());
  const { token } = await t.services.tokens.issue(user.id, signal());
  return { id: user.id, email, password, name, token };
}
