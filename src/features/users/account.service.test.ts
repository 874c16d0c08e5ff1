// Staff edits of an account (UserService.updateAccount), against the real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import type { ValidationError } from '../../platform/errors.ts';
import { EmailTakenError } from './user.errors.ts';

const signal = () => new AbortController().signal;

describe('UserService.updateAccount', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('stores the e-mail address normalised and refuses one taken in any letter case', async () => {
    const staff = await createUser(t, { staff: true });
    const taken = await createUser(t);
    const user = await createUser(t);
    const { user: changed } = await t.services.users.updateAccount(user.id, { email: '  New.Address@Example.COM ', name: ' Renamed ' }, staff, signal());
    expect(changed).toMatchObject({ email: 'new.address@example.com', name: 'Renamed' });
    const clash = await t.services.users.updateAccount(user.id, { email: taken.email.toUpperCase() }, staff, signal()).catch((e: unknown) => e);
    expect(clash).toBeInstanceOf(EmailTakenError);
    const bad = await t.services.users.updateAccount(user.id, { email: 'not-an-address', name: '' }, staff, signal()).catch((e: unknown) => e);
    expect((bad as ValidationError).fields.map((f) => f.field)).toEqual(['email', 'name']);
  });

  it('lets nobody remove their own staff status or deactivate themselves', async () => {
    const staff = await createUser(t, { staff: true });
    const err = await t.services.users.updateAccount(staff.id, { isStaff: false, isActive: false }, staff, signal()).catch((e: unknown) => e);
    expect((err as ValidationError).fields).toEqual([
      { field: 'is_staff', message: 'You cannot remove your own staff status.' },
      { field: 'is_active', message: 'You cannot deactivate your own account.' },
    ]);
    // Another staff member may.
    const other = await createUser(t, { staff: true });
    const { user } = await t.services.users.updateAccount(staff.id, { isStaff: false }, other, signal());
    expect(user.is_staff).toBe(false);
  });

  it('reports a deactivation only when the account was active before', async () => {
    const staff = await createUser(t, { staff: true });
    const user = await createUser(t);
    expect((await t.services.users.updateAccount(user.id, { isActive: true }, staff, signal())).deactivated).toBe(false);
    expect((await t.services.users.updateAccount(user.id, { isActive: false }, staff, signal())).deactivated).toBe(true);
    expect((await t.services.users.updateAccount(user.id, { isActive: false }, staff, signal())).deactivated).toBe(false);
    expect(await t.services.users.verifyCredentials(user.email, user.password, signal())).toBeNull();
  });
});
