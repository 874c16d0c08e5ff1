// The acceptance flows in a real browser: Debian's chromium through playwright-core. Screenshots
// of the main pages are written to var/screenshots/ (docs/screenshots/ with UPDATE_SCREENSHOTS=1;
// the committed ones are shown in README).
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser, type TestUser } from '../support/factories.ts';
import { hasChromium, launchBrowser, seriousViolations, type TestBrowser } from '../support/browser.ts';
import { noopTask } from '../../src/platform/jobs/diagnostics.ts';
import { PgBossJobQueue } from '../../src/platform/jobs/queue.ts';

// Every run saves screenshots under var/; UPDATE_SCREENSHOTS=1 refreshes the committed ones.
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1'
  ? path.resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots')
  : path.resolve(import.meta.dirname, '..', '..', 'var', 'screenshots');
const signal = () => new AbortController().signal;

describe.skipIf(!hasChromium)('Admin in a browser', () => {
  let t: TestApp;
  let b: TestBrowser;
  let page: Page;
  let base: string;
  let staff: TestUser;
  let customer: TestUser;

  const shot = (name: string) => page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  /** Clicks something that loads a new page and waits for it. */
  const go = async (target: { click(): Promise<void> }) => {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), target.click()]);
  };
  const rowNames = () => page.locator('tbody th[scope=row] a').allTextContents();

  beforeAll(async () => {
    t = await startTestApp();
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    staff = await createUser(t, { staff: true, email: 'admin@example.com', name: 'Ada Admin' });
    customer = await createUser(t, { email: 'carol@example.com', name: 'Carol Customer' });
    const garden = await t.services.catalog.createCategory({ name: 'Garden' }, signal());
    const kitchen = await t.services.catalog.createCategory({ name: 'Kitchen' }, signal());
    for (let i = 1; i <= 60; i++) {
      const category = i % 3 === 0 ? garden : kitchen;
      await t.services.catalog.createProduct({ name: `${category.name} item ${String(i).padStart(2, '0')}`, priceCents: 250 * i, categoryId: category.id }, signal());
    }
    await t.database.admin.query(`UPDATE products SET created_at = ('2024-0' || (1 + id % 3) || '-1' || (id % 9) || 'T09:30:00Z')::timestamptz`);
    mkdirSync(SHOTS, { recursive: true });
    b = await launchBrowser();
    page = b.context.pages()[0] ?? (await b.context.newPage());
  });
  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('refuses a user who is not staff', async () => {
    await page.goto(`${base}/admin/`);
    await page.getByLabel('E-mail address').fill(customer.email);
    await page.getByLabel('Password').fill(customer.password);
    await go(page.getByRole('button', { name: 'Log in' }));
    expect(await page.locator('#login-error').textContent()).toContain('staff account');
  });

  it('has no serious accessibility violations on the login page, and logs a staff user in', async () => {
    await page.goto(`${base}/admin/login`);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('login');
    await page.getByLabel('E-mail address').fill(staff.email);
    await page.getByLabel('Password').fill(staff.password);
    await go(page.getByRole('button', { name: 'Log in' }));
    await page.getByRole('heading', { name: 'Site administration' }).waitFor();
    await shot('index');
  });

  it('searches, filters, drills down, sorts and pages the product list', async () => {
    await page.goto(`${base}/admin/products/`);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('product-list');
    await page.getByLabel('Search products').fill('item 4');
    await go(page.getByRole('button', { name: 'Search' }));
    expect((await rowNames()).sort()).toEqual(['Garden item 42', 'Garden item 45', 'Garden item 48', 'Kitchen item 40', 'Kitchen item 41', 'Kitchen item 43', 'Kitchen item 44', 'Kitchen item 46', 'Kitchen item 47', 'Kitchen item 49']);
    await page.goto(`${base}/admin/products/`);
    await go(page.locator('.filters').getByRole('link', { name: 'Garden' }));
    expect(await rowNames()).toHaveLength(20);
    expect((await rowNames()).every((n) => n.startsWith('Garden'))).toBe(true);
    await go(page.getByRole('link', { name: '2024', exact: true }));
    await go(page.getByRole('link', { name: 'January 2024' }));
    await go(page.getByRole('link', { name: 'Jan 13' }));
    expect(page.url()).toContain('day=13');
    const drilled = await rowNames();
    expect(drilled.length).toBeGreaterThan(0);
    expect(drilled.length).toBeLessThan(20);
    await page.goto(`${base}/admin/products/`);
    await go(page.getByRole('link', { name: 'Price' }));
    expect((await rowNames())[0]).toBe('Kitchen item 01');
    await go(page.getByRole('link', { name: 'Price' }));
    expect((await rowNames())[0]).toBe('Garden item 60');
    expect(await rowNames()).toHaveLength(50);
    await go(page.getByRole('link', { name: 'Next ›' }));
    expect(await rowNames()).toHaveLength(10);
    expect((await rowNames()).at(-1)).toBe('Kitchen item 01');
    await go(page.getByRole('link', { name: '‹ Previous' }));
    expect((await rowNames())[0]).toBe('Garden item 60');
  });

  it('shows a field error for an invalid price, then saves the fixed product and lists it', async () => {
    await page.goto(`${base}/admin/products/add/`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByLabel('Name').fill('Watering can');
    await page.getByLabel('Price').fill('twelve');
    await page.getByLabel('Category').selectOption({ label: 'Garden' });
    await go(page.getByRole('button', { name: 'Save' }));
    expect(await page.locator('#id_price_cents_error').textContent()).toContain('Enter an amount in USD');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('product-form-error');
    await page.getByLabel('Price').fill('12.50');
    await go(page.getByRole('button', { name: 'Save' }));
    expect(await page.getByRole('status').textContent()).toContain('The product was added successfully.');
    await page.getByLabel('Search products').fill('Watering');
    await go(page.getByRole('button', { name: 'Search' }));
    expect(await rowNames()).toEqual(['Watering can']);
    expect(await page.locator('tbody').textContent()).toContain('12.50 USD');
  });

  it('fills the slug from the name when adding a category', async () => {
    await page.goto(`${base}/admin/categories/add/`);
    await page.getByLabel('Name').pressSequentially('Café Crème');
    expect(await page.getByLabel('Slug').inputValue()).toBe('cafe-creme');
  });

  it('bulk-deletes products through the confirmation page', async () => {
    await page.goto(`${base}/admin/products/?q=Garden%20item%203`);
    await page.getByLabel('Select Garden item 30').check();
    await page.getByLabel('Select Garden item 33').check();
    await page.getByLabel('Action').selectOption('delete-selected');
    await go(page.getByRole('button', { name: 'Go' }));
    await page.getByRole('heading', { name: 'Are you sure?' }).waitFor();
    await shot('bulk-delete-confirmation');
    await go(page.getByRole('button', { name: "Yes, I'm sure" }));
    expect(await page.getByRole('status').textContent()).toContain('The action was applied');
    await page.goto(`${base}/admin/products/?q=Garden%20item%203`);
    expect((await rowNames()).sort()).toEqual(['Garden item 36', 'Garden item 39']);
  });

  it("adjusts a user's balance and shows the ledger row", async () => {
    await page.goto(`${base}/admin/users/?q=carol`);
    await go(page.getByRole('link', { name: customer.email }));
    await go(page.getByRole('link', { name: 'Adjust balance' }));
    await page.getByLabel('Amount').fill('25.00');
    await page.getByLabel('Reason').fill('Welcome credit');
    await shot('balance-adjustment');
    await go(page.getByRole('button', { name: 'Adjust balance' }));
    expect(await page.getByRole('status').textContent()).toContain('carried out');
    expect(await page.locator('tbody').textContent()).toContain('Welcome credit');
    expect(await page.locator('tbody').textContent()).toContain('25.00 USD');
    await shot('balance-ledger');
  });

  it('shows each of these changes in the audit log', async () => {
    await page.goto(`${base}/admin/audit-log/`);
    const body = page.locator('tbody');
    expect(await body.textContent()).toContain('Watering can');
    expect(await body.textContent()).toContain('Garden item 30');
    expect(await body.textContent()).toContain('Garden item 33');
    expect(await body.textContent()).toContain('Adjusted the balance by 25.00 USD: Welcome credit');
    expect(await seriousViolations(page)).toEqual([]);
    await shot('audit-log');
    await go(body.getByRole('link').first());
    expect(await page.locator('dl.readonly').textContent()).toContain('admin@example.com');
  });

  it('shows the jobs list, a job and the e-mail outbox', async () => {
    const id = await new PgBossJobQueue({ leaseSeconds: 30 }).add(t.db, noopTask(), { enqueuedAt: 0 }, signal());
    await page.goto(`${base}/admin/jobs/`);
    expect(await seriousViolations(page)).toEqual([]);
    await shot('jobs');
    await go(page.getByRole('link', { name: id!.slice(0, 8) }));
    expect(await page.locator('dl.readonly').textContent()).toContain('diagnostics.noop');
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`${base}/admin/outbox/`);
    await page.getByRole('heading', { name: 'E-mail outbox' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot('outbox');
  });

  it('picks a category with the keyboard from the search box when there are too many to list', async () => {
    // More categories than a select lists (200): the product form falls back to an id box.
    const { rows } = await t.database.admin.query('SELECT count(*)::int AS n FROM categories');
    for (let i = rows[0].n; i <= 200; i++) await t.services.catalog.createCategory({ name: `Aisle ${String(i).padStart(3, '0')}` }, signal());
    const patio = await t.services.catalog.createCategory({ name: 'Patio furniture' }, signal());
    await page.goto(`${base}/admin/products/?q=Kitchen%20item%2002`);
    await go(page.getByRole('link', { name: 'Kitchen item 02' }));
    const search = page.getByRole('combobox', { name: 'Search category' });
    await search.pressSequentially('patio f');
    await page.getByRole('option', { name: /Patio furniture/ }).waitFor();
    expect(await search.getAttribute('aria-expanded')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    await search.press('ArrowDown');
    expect(await page.getByRole('option', { name: /Patio furniture/ }).getAttribute('aria-selected')).toBe('true');
    await shot('relation-search');
    await search.press('Enter');
    expect(await search.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByLabel('Category', { exact: true }).inputValue()).toBe(String(patio.id));
    expect(await page.locator('#id_category_id_label').textContent()).toBe('Patio furniture');
    await go(page.getByRole('button', { name: 'Save' }));
    expect(await page.getByRole('status').textContent()).toContain('The product was changed successfully.');
    await page.goto(`${base}/admin/products/?q=Kitchen%20item%2002`);
    expect(await page.locator('tbody').textContent()).toContain('Patio furniture');
  });
});
