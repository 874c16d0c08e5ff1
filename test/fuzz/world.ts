// The data the adversarial tests run against, built once through the services: an owner with
// customers, invoices in every state, a funded balance and orders; another user with the same
// kinds of objects (whose ids the owner must never reach); staff; a catalog.
// Not a test file itself: vitest only collects *.test.ts.
import type { TestApp } from '../support/app.ts';
import { createUser, type TestUser } from '../support/factories.ts';

const signal = () => new AbortController().signal;

export interface OwnedIds {
  customers: number[];
  invoices: number[];
  orders: number[];
}

export interface World {
  owner: TestUser;
  other: TestUser;
  staff: TestUser;
  categories: number[];
  products: number[];
  mine: OwnedIds;
  theirs: OwnedIds;
}

async function populate(t: TestApp, user: TestUser, staff: TestUser, products: number[], scale: number): Promise<OwnedIds> {
  const ids: OwnedIds = { customers: [], invoices: [], orders: [] };
  await t.services.balance.adjust({ userId: user.id, amountCents: 50_000_000, reason: 'fuzz funding', staffUserId: staff.id }, signal());
  for (let i = 0; i < 4 * scale; i++) {
    const customer = await t.services.customers.create(user.id, { name: `Customer ${i}`, email: i % 2 === 0 ? `billing${i}@example.com` : null }, signal());
    ids.customers.push(customer.id);
  }
  for (let i = 0; i < 6 * scale; i++) {
    const invoice = await t.services.invoices.create(
      user.id,
      { customerId: ids.customers[i % ids.customers.length]!, amountCents: 100 + i, currency: (['USD', 'EUR', 'GBP'] as const)[i % 3]!, memo: `Memo ${i}` },
      signal(),
    );
    if (i % 3 === 1) await t.services.invoices.markPaid(user.id, invoice.id, signal());
    if (i % 3 === 2) await t.services.invoices.void(user.id, invoice.id, signal());
    ids.invoices.push(invoice.id);
  }
  for (let i = 0; i < 3 * scale; i++) {
    const order = await t.services.orders.create(
      user.id,
      { items: [{ productId: products[i % products.length]!, qty: 1 + i }], paymentMethod: i % 3 === 2 ? 'card' : 'balance' },
      signal(),
    );
    ids.orders.push(order.id);
  }
  return ids;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const staff = await createUser(t, { staff: true, name: 'Fuzz Staff' });
  const owner = await createUser(t, { name: 'Fuzz Owner' });
  const other = await createUser(t, { name: 'Fuzz Other' });
  const categories: number[] = [];
  for (const name of ['Hardware', 'Books', 'Garden']) categories.push((await t.services.catalog.createCategory({ name }, signal())).id);
  const products: number[] = [];
  for (let i = 0; i < 10; i++) {
    const product = await t.services.catalog.createProduct(
      { name: `Fuzz product ${i}`, description: `Item number ${i}`, priceCents: 100 + 37 * i, categoryId: i % 4 === 3 ? null : categories[i % 3]! },
      signal(),
    );
    products.push(product.id);
  }
  const mine = await populate(t, owner, staff, products, 3);
  const theirs = await populate(t, other, staff, products, 1);
  return { owner, other, staff, categories, products, mine, theirs };
}
