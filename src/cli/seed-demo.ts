// `ledgerline seed --demo`, the work: turns the demo data (seed-demo-data.ts) into service calls,
// so every row is made by the same rules as through the API (validation, password hashing, order
// pricing, balance debits with their ledger rows). Idempotent: what already exists — a category by
// slug, a product by name within its category, an account by e-mail, a customer by name — is
// reused, and an account that already has invoices or orders gets no more, so a second run adds
// nothing. There is no transaction around the whole: each service call commits on its own, and a
// run that stopped half-way is completed by the next one.
import type { Services } from '../main.ts';
import type { Page, PageRequest } from '../platform/pagination.ts';
import { MAX_LIMIT } from '../platform/pagination.ts';
import { EmailTakenError } from '../features/users/user.errors.ts';
import { InsufficientFundsError } from '../features/balance/balance.errors.ts';
import { DEMO_CATEGORIES, DEMO_CUSTOMERS, DEMO_FUNDING_REASON, DEMO_STAFF, type DemoAccount } from './seed-demo-data.ts';

export const DEMO_KINDS = ['categories', 'products', 'users', 'fundings', 'customers', 'invoices', 'orders'] as const;
export type DemoKind = (typeof DEMO_KINDS)[number];

export interface DemoReport {
  created: Record<DemoKind, number>;
  existing: Record<DemoKind, number>;
  /** Things left alone, for the operator to know (e.g. an account with another password). */
  notes: string[];
  /** Each demo account and whether its password is the demo one (false: it existed with another). */
  accounts: { account: DemoAccount; usable: boolean }[];
}

const zero = (): Record<DemoKind, number> => Object.fromEntries(DEMO_KINDS.map((k) => [k, 0])) as Record<DemoKind, number>;

/** Every item of a keyset-paginated list, page by page (the demo's lists are small). */
async function all<T>(list: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit: MAX_LIMIT, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
  return items;
}

class DemoSeeder {
  readonly report: DemoReport = { created: zero(), existing: zero(), notes: [], accounts: [] };
  /** Product ids by name, for the demo orders. */
  private readonly productIds = new Map<string, number>();

  constructor(
    private readonly services: Services,
    private readonly signal: AbortSignal,
  ) {}

  private count(kind: DemoKind, created: boolean, n = 1): void {
    (created ? this.report.created : this.report.existing)[kind] += n;
  }

  async catalog(): Promise<void> {
    const { catalog } = this.services;
    const categories = await all((page) => catalog.listCategories(page, this.signal));
    for (const demo of DEMO_CATEGORIES) {
      // By slug first; by name too, so that a category someone renamed the slug of is still reused.
      let category = categories.find((c) => c.slug === demo.slug) ?? categories.find((c) => c.name === demo.name);
      this.count('categories', category === undefined);
      category ??= await catalog.createCategory({ name: demo.name, slug: demo.slug }, this.signal);
      const slug = category.slug;
      const present = await all((page) => catalog.listProducts({ categorySlug: slug }, page, this.signal));
      const byName = new Map(present.map((p) => [p.name, p.id]));
      for (const product of demo.products) {
        let id = byName.get(product.name);
        this.count('products', id === undefined);
        if (id === undefined) {
          const created = await catalog.createProduct(
            { name: product.name, description: product.description, priceCents: product.priceCents, categoryId: category.id },
            this.signal,
          );
          id = created.id;
        }
        this.productIds.set(product.name, id);
      }
    }
  }

  /** The account's id: created now, or found by logging in with the demo password; null if neither. */
  async account(account: DemoAccount): Promise<number | null> {
    const { users } = this.services;
    const input = { email: account.email, name: account.name, password: account.password };
    try {
      const user = account.isStaff ? await users.createSuperuser(input, this.signal) : await users.signUp(input, this.signal);
      this.count('users', true);
      this.report.accounts.push({ account, usable: true });
      return user.id;
    } catch (err) {
      if (!(err instanceof EmailTakenError)) throw err;
    }
    this.count('users', false);
    // The users service looks accounts up by credentials only, which is what we need: an account
    // someone made with its own password is theirs, and the demo leaves it alone.
    const id = await users.verifyCredentials(account.email, account.password, this.signal);
    this.report.accounts.push({ account, usable: id !== null });
    if (id === null) this.report.notes.push(`${account.email} exists with another password: left as it is, without demo data.`);
    return id;
  }

  async customersAndInvoices(userId: number, account: DemoAccount): Promise<void> {
    const { customers, invoices } = this.services;
    const present = await all((page) => customers.list(userId, page, this.signal));
    const customerIds: number[] = [];
    for (const demo of account.customers) {
      let id = present.find((c) => c.name === demo.name)?.id;
      this.count('customers', id === undefined);
      id ??= (await customers.create(userId, { name: demo.name, email: demo.email }, this.signal)).id;
      customerIds.push(id);
    }
    const issued = await invoices.list(userId, {}, { limit: 1, cursor: undefined }, this.signal);
    if (issued.items.length > 0) {
      this.count('invoices', false, account.invoices.length);
      return;
    }
    for (const demo of account.invoices) {
      const customerId = customerIds[demo.customer]!;
      const invoice = await invoices.create(userId, { customerId, amountCents: demo.amountCents, currency: demo.currency, memo: demo.memo }, this.signal);
      if (demo.status === 'paid') await invoices.markPaid(userId, invoice.id, this.signal);
      if (demo.status === 'void') await invoices.void(userId, invoice.id, this.signal);
      this.count('invoices', true);
    }
  }

  /**
   * The opening balance (a staff adjustment, so it is a ledger row like any other), then the
   * orders. An account with orders already is done; one whose funding is among its recent ledger
   * rows (a run stopped between the two) is not funded twice.
   */
  async fundingAndOrders(userId: number, account: DemoAccount, staffId: number | null): Promise<void> {
    const { balance, orders } = this.services;
    const placed = await orders.list(userId, {}, { limit: 1, cursor: undefined }, this.signal);
    if (placed.items.length > 0) {
      this.count('orders', false, account.orders.length);
      this.count('fundings', false);
      return;
    }
    const { transactions } = await balance.getBalance(userId, this.signal);
    const funded = transactions.some((t) => t.kind === 'adjustment' && t.reference === DEMO_FUNDING_REASON);
    if (funded) {
      this.count('fundings', false);
    } else if (staffId === null) {
      this.report.notes.push(`${account.email}: not funded (an adjustment needs the demo staff account).`);
    } else {
      await balance.adjust({ userId, amountCents: account.fundCents, reason: DEMO_FUNDING_REASON, staffUserId: staffId }, this.signal);
      this.count('fundings', true);
    }
    for (const demo of account.orders) {
      const items = demo.items.map((i) => ({ productId: this.productIds.get(i.product)!, qty: i.qty }));
      try {
        await orders.create(userId, { items, paymentMethod: demo.paymentMethod }, this.signal);
        this.count('orders', true);
      } catch (err) {
        // Only when the staff account was unusable and nobody funded this one: say so, go on.
        if (!(err instanceof InsufficientFundsError)) throw err;
        this.report.notes.push(`${account.email}: an order was skipped for lack of funds.`);
      }
    }
  }
}

/** Creates what is missing of the demo data set, through the services; see the file comment. */
export async function seedDemo(services: Services, signal: AbortSignal): Promise<DemoReport> {
  const seeder = new DemoSeeder(services, signal);
  await seeder.catalog();
  const staffId = await seeder.account(DEMO_STAFF);
  for (const account of DEMO_CUSTOMERS) {
    const userId = await seeder.account(account);
    if (userId === null) continue;
    await seeder.customersAndInvoices(userId, account);
    await seeder.fundingAndOrders(userId, account, staffId);
  }
  return seeder.report;
}

/** What a run did, for people: counts, notes, then how to log in. */
export function formatDemoReport(report: DemoReport): string {
  const width = Math.max(...DEMO_KINDS.map((k) => k.length));
  const lines = ['Demo data:', `  ${''.padEnd(width)}  created  already there`];
  for (const kind of DEMO_KINDS) {
    lines.push(`  ${kind.padEnd(width)}  ${String(report.created[kind]).padStart(7)}  ${String(report.existing[kind]).padStart(13)}`);
  }
  if (report.notes.length > 0) lines.push('', ...report.notes.map((n) => `Note: ${n}`));
  const usable = report.accounts.filter((a) => a.usable);
  if (usable.length > 0) {
    const emailWidth = Math.max(...usable.map((a) => a.account.email.length));
    lines.push('', 'Log in with (POST /api/v1/auth/tokens):');
    for (const { account } of usable) {
      lines.push(`  ${account.email.padEnd(emailWidth)}  ${account.password}${account.isStaff ? '  (staff)' : ''}`);
    }
    lines.push('These passwords are public (they are in the source): keep a demo database to yourself.');
  }
  return lines.join('\n');
}
