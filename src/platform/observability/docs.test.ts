// Acceptance: /docs is swagger-ui served from the package's own files, and its page runs under
// the app's HTML Content-Security-Policy (script-src 'self', no inline script).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

describe('GET /docs', () => {
  it('needs no credentials and answers an HTML page under the strict CSP', async () => {
    const res = await t.request('GET', '/docs');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });

  it('references only same-origin scripts and stylesheets, and has no inline script', async () => {
    const html = String((await t.request('GET', '/docs')).body);
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    const sources: string[] = [];
    for (const [, attributes, body] of scripts) {
      expect(body!.trim(), 'inline script body').toBe('');
      expect(attributes).not.toMatch(/\bon[a-z]+=/i);
      const src = /\bsrc="([^"]+)"/.exec(attributes!)?.[1];
      expect(src, 'every script has a src').toBeDefined();
      sources.push(src!);
    }
    const stylesheets = [...html.matchAll(/<link\b[^>]*\bhref="([^"]+)"/gi)].map((m) => m[1]!);
    for (const url of [...sources, ...stylesheets]) {
      expect(url, `${url} is same-origin`).toMatch(/^\/(?!\/)/);
      const asset = await t.request('GET', url);
      expect(asset.status, url).toBe(200);
    }
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/\sstyle=/i);
  });

  it('serves swagger-ui from its own files, pointed at the generated document', async () => {
    const initializer = await t.request('GET', '/docs/static/swagger-initializer.js');
    expect(initializer.status).toBe(200);
    expect(String(initializer.headers['content-type'])).toMatch(/javascript/);
    expect(String(initializer.body)).toContain("resolveUrl('./json')");
    const bundle = await t.request('GET', '/docs/static/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    const json = await t.request('GET', '/docs/json');
    expect(json.status).toBe(200);
    expect(json.body).toEqual((await t.request('GET', '/openapi.json')).body);
  });
});
