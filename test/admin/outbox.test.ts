import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxMailer } from '../../src/platform/mail/outbox-mailer.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser } from '../support/factories.ts';
import { AdminClient } from '../support/admin.ts';

const signal = () => new AbortController().signal;

describe('Admin e-mail outbox', () => {
  let t: TestApp;
  let c: AdminClient;
  let outbox: OutboxMailer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'ledgerline-admin-outbox-'));
    t = await startTestApp({ env: { DATA_DIR: dataDir } });
    outbox = t.services.mail.outbox!;
    const staff = await createUser(t, { staff: true });
    c = new AdminClient(t);
    await c.login(staff.email, staff.password);
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const files = (body: string) => [...body.matchAll(/<a href="\/admin\/outbox\/([^"/]+)\/">/g)].map((m) => decodeURIComponent(m[1]!));

  it('lists a message sent through the outbox mailer and shows its headers and text, escaped, never its HTML', async () => {
    await outbox.send(
      {
        to: 'buyer@example.com',
        subject: 'Your order <script>alert(1)</script> — reçu',
        text: 'Thanks for your order of <b>2 mugs</b>.\nTotal: 14.00 USD\n',
        html: '<p class="from-the-html-part">Thanks</p>',
      },
      signal(),
    );
    const list = await c.get('/admin/outbox/');
    expect(list.status).toBe(200);
    expect(list.body).toContain('buyer@example.com');
    expect(list.body).toContain('Your order &lt;script&gt;alert(1)&lt;/script&gt; — reçu');
    expect(list.body).not.toContain('<script>alert(1)');
    const [file] = files(list.body);
    expect(file).toMatch(/^\d{8}T\d{9}Z-.+@ledgerline\.eml$/);

    const page = await c.get(`/admin/outbox/${encodeURIComponent(file!)}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<dt>To</dt><dd>buyer@example.com</dd>');
    expect(page.body).toContain('<dt>Subject</dt><dd>Your order &lt;script&gt;');
    expect(page.body).toContain('Thanks for your order of &lt;b&gt;2 mugs&lt;/b&gt;.');
    expect(page.body).toContain('Total: 14.00 USD');
    expect(page.body).not.toContain('from-the-html-part');

    const raw = await c.get(`/admin/outbox/${encodeURIComponent(file!)}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers['content-type']).toBe('message/rfc822');
    expect(raw.headers['content-disposition']).toBe(`attachment; filename="${file}"`);
    expect(raw.body).toBe(readFileSync(path.join(dataDir, 'mail', file!), 'utf8'));
  });

  it('pages through the messages newest first, 50 at a time', async () => {
    for (let i = 0; i < 55; i++) await outbox.send({ to: `u${i}@example.com`, subject: `Bulk ${i}`, text: 'x', html: '<p>x</p>' }, signal());
    const first = await c.get('/admin/outbox/');
    expect(files(first.body)).toHaveLength(50);
    const older = /<a rel="next" href="([^"]+)"/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    const second = await c.get(older);
    expect(files(second.body)).toHaveLength(6);
    const all = [...files(first.body), ...files(second.body)];
    expect(new Set(all).size).toBe(56);
    expect(all).toEqual([...all].sort().reverse());
    expect(second.body).not.toContain('rel="next"');
  });

  it('answers path traversal and any name it would not list with a 404, and a bad cursor with a 400', async () => {
    writeFileSync(path.join(dataDir, 'secret.eml'), 'Subject: secret\r\n\r\ntop secret\r\n');
    symlinkSync(path.join(dataDir, 'secret.eml'), path.join(dataDir, 'mail', 'link.eml'));
    for (const name of [
      '..%2Fsecret.eml',
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2E%2E%2Fsecret.eml',
      '..%5Csecret.eml',
      '%2Fetc%2Fpasswd',
      '.hidden.eml',
      'notes.txt',
      'link.eml',
      'nothing-here.eml',
    ]) {
      for (const suffix of ['/', '/raw']) {
        const res = await c.get(`/admin/outbox/${name}${suffix}`);
        expect(res.status, `${name}${suffix}`).toBe(404);
        expect(res.body).not.toContain('top secret');
      }
    }
    expect((await c.get('/admin/outbox/../secret.eml/raw')).status).toBe(404);
    const list = await c.get('/admin/outbox/');
    expect(files(list.body)).not.toContain('link.eml');
    expect((await c.get('/admin/outbox/?before=..%2Fsecret.eml')).status).toBe(400);
  });

  it('is listed on the index and in the navigation', async () => {
    const index = await c.get('/admin/');
    expect(index.body).toContain('href="/admin/outbox/"');
    expect((await c.get('/admin/outbox/')).body).toMatch(/<a href="\/admin\/outbox\/" aria-current="page">E-mail outbox<\/a>/);
  });
});

describe('Admin e-mail outbox with SMTP configured', () => {
  let t: TestApp;
  let c: AdminClient;

  beforeAll(async () => {
    t = await startTestApp({ env: { SMTP_URL: 'smtp://127.0.0.1:2525' } });
    const staff = await createUser(t, { staff: true });
    c = new AdminClient(t);
    await c.login(staff.email, staff.password);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says that mail goes to the SMTP server and lists nothing', async () => {
    const res = await c.get('/admin/outbox/');
    expect(res.status).toBe(200);
    expect(res.body).toContain('delivered to the SMTP server');
    expect(res.body).not.toContain('<table');
    expect((await c.get('/admin/outbox/20260101T000000000Z-x@ledgerline.eml/')).status).toBe(404);
  });
});
