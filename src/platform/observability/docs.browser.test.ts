// Acceptance in a real browser: swagger-ui renders the document at /docs under the app's own CSP
// (not bypassed), and the browser reports no CSP violation.
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { CHROMIUM, hasChromium } from '../../../test/support/browser.ts';

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await startTestApp();
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => t.close());

describe.skipIf(!hasChromium)('/docs in a browser', () => {
  it('renders the Ledgerline operations with no Content-Security-Policy violation', async () => {
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || /Content Security Policy/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (err) => problems.push(err.message));
      // Reported by the page itself, so that a violation names its directive and its source.
      await page.addInitScript({
        content: "document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP ${e.violatedDirective} from ${e.sourceFile}:${e.lineNumber}`));",
      });
      await page.goto(`${base}/docs`);
      await page.locator('.swagger-ui .info .title').filter({ hasText: 'Ledgerline' }).waitFor({ timeout: 15_000 });
      await page.locator('.opblock-summary-path', { hasText: '/api/v1/invoices' }).first().waitFor({ timeout: 15_000 });
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
