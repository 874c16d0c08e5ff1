// The staff methods of CustomerService (the admin) reach any owner's customer; the API's methods
// stay owner-scoped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import { CustomerHasInvoicesError, CustomerNotFoundError } from './customer.errors.ts';

const signal = () => new AbortController().signal;

describe('CustomerService staff methods', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("edits any owner's customer under the same field rules, while owners stay scoped", async () => {
    const owner = await createUser(t);
    const stranger = await createUser(t);
    const c = await t.services.customers.create(owner.id, { name: 'Acme', email: 'ap@acme.test' }, signal());
    const changed = await t.services.customers.updateAsStaff(c.id, { name: ' Acme Ltd ', email: null }, signal());
    expect(changed).toMatchObject({ id: c.id, name: 'Acme Ltd', email: null });
    await expect(t.services.customers.updateAsStaff(c.id, { name: '' }, signal())).rejects.toMatchObject({ fields: [{ field: 'name' }] });
    await expect(t.services.customers.update(stranger.id, c.id, { name: 'Mine now' }, signal())).rejects.toBeInstanceOf(CustomerNotFoundError);
    expect((await t.services.customers.get(owner.id, c.id, signal())).name).toBe('Acme Ltd');
  });

  it('refuses to delete a customer with invoices, and deletes one without', async () => {
    const owner = await createUser(t);
    const billed = await t.services.customers.create(owner.id, { name: 'Billed' }, signal());
    await t.services.invoices.create(owner.id, { customerId: billed.id, amountCents: 500, currency: 'USD' }, signal());
    await expect(t.services.customers.deleteAsStaff(billed.id, signal())).rejects.toBeInstanceOf(CustomerHasInvoicesError);
    const idle = await t.services.customers.create(owner.id, { name: 'Idle' }, signal());
    await t.services.customers.deleteAsStaff(idle.id, signal());
    await expect(t.services.customers.get(owner.id, idle.id, signal())).rejects.toBeInstanceOf(CustomerNotFoundError);
    await expect(t.services.customers.deleteAsStaff(idle.id, signal())).rejects.toBeInstanceOf(CustomerNotFoundError);
  });
});
