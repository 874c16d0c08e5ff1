import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError } from '../db/errors.ts';
import { hasOpenssl, readMime, selfSignedCertificate, startTestSmtpServer, type TestSmtpServer } from './mail.fixtures.ts';
import { MailDeliveryError, messageId, type MailMessage } from './mailer.ts';
import { SmtpMailer, smtpTransportOptions } from './smtp-mailer.ts';

const FROM = 'Ledgerline <no-reply@shop.example>';
const signal = () => new AbortController().signal;

const message = (overrides: Partial<MailMessage> = {}): MailMessage => ({
  to: 'buyer@example.com',
  subject: 'Your order #42 is confirmed — merci',
  text: 'Thank you for your order #42.\nTotal: 15.00 USD\n',
  html: '<p>Thank you for your order <strong>#42</strong>.</p>',
  messageId: messageId('order-confirmation-42', 'shop.example'),
  ...overrides,
});

let server: TestSmtpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('smtpTransportOptions', () => {
  it('reads host, port, TLS mode and percent-encoded credentials from the URL', () => {
    const plain = smtpTransportOptions({ url: 'smtp://mailer%40shop:p%40ss%3Aw%2Frd@mail.example.com:2525', from: FROM });
    expect(plain).toMatchObject({ host: 'mail.example.com', port: 2525, secure: false, ignoreTLS: false, auth: { user: 'mailer@shop', pass: 'p@ss:w/rd' } });
    expect(smtpTransportOptions({ url: 'smtps://mail.example.com', from: FROM })).toMatchObject({ port: 465, secure: true, auth: undefined });
    expect(smtpTransportOptions({ url: 'smtp://[::1]', from: FROM })).toMatchObject({ host: '::1', port: 587 });
  });

  it('refuses a URL that is not smtp:// or smtps://', () => {
    expect(() => smtpTransportOptions({ url: 'http://mail.example.com', from: FROM })).toThrow(/smtp/);
  });
});

describe('SmtpMailer', () => {
  it('delivers over plain SMTP with the credentials from the URL: recipient, sender, subject, bodies, Message-ID', async () => {
    server = await startTestSmtpServer({ credentials: { user: 'mailer@shop', pass: 'p@ss:w/rd' } });
    const mailer = new SmtpMailer({ url: `smtp://mailer%40shop:p%40ss%3Aw%2Frd@127.0.0.1:${server.port}`, from: FROM });
    const sent = await mailer.send(message(), signal());
    expect(sent.messageId).toBe('<order-confirmation-42@shop.example>');
    const [mail] = await server.waitFor(1);
    expect(mail!.to).toEqual(['buyer@example.com']);
    expect(mail!.from).toBe('no-reply@shop.example');
    expect(mail!.user).toBe('mailer@shop');
    expect(mail!.secure).toBe(false);
    const parsed = readMime(mail!.raw);
    expect(parsed.headers.get('subject')).toBe('Your order #42 is confirmed — merci');
    expect(parsed.headers.get('message-id')).toBe('<order-confirmation-42@shop.example>');
    expect(parsed.headers.get('from')).toBe(FROM);
    expect(parsed.text).toContain('Total: 15.00 USD');
    expect(parsed.html).toContain('<strong>#42</strong>');
  });

  it('fails with a MailDeliveryError when the credentials are wrong', async () => {
    server = await startTestSmtpServer({ credentials: { user: 'mailer', pass: 'right' } });
    const mailer = new SmtpMailer({ url: `smtp://mailer:wrong@127.0.0.1:${server.port}`, from: FROM });
    await expect(mailer.send(message(), signal())).rejects.toBeInstanceOf(MailDeliveryError);
    expect(server.received).toHaveLength(0);
  });

  it('reports a refused recipient as a permanent MailDeliveryError', async () => {
    server = await startTestSmtpServer({ refuse: ['nobody@example.com'] });
    const mailer = new SmtpMailer({ url: server.url, from: FROM });
    const attempt = mailer.send(message({ to: 'nobody@example.com' }), signal());
    await expect(attempt).rejects.toBeInstanceOf(MailDeliveryError);
    await expect(attempt).rejects.toMatchObject({ permanent: true });
  });

  it('fails with a MailDeliveryError when nothing listens', async () => {
    server = await startTestSmtpServer();
    const url = server.url;
    await server.close();
    server = undefined;
    const attempt = new SmtpMailer({ url, from: FROM }).send(message(), signal());
    await expect(attempt).rejects.toMatchObject({ name: 'MailDeliveryError', permanent: false });
  });

  it('gives up when the signal fires mid-dialogue, and closes its connection', async () => {
    server = await startTestSmtpServer({ stall: true });
    const mailer = new SmtpMailer({ url: server.url, from: FROM });
    const controller = new AbortController();
    const started = performance.now();
    const attempt = mailer.send(message(), controller.signal);
    setTimeout(() => controller.abort(new Error('time limit')), 300);
    await expect(attempt).rejects.toBeInstanceOf(CancelledError);
    expect(performance.now() - started).toBeLessThan(5_000);
    await expect.poll(() => server!.closedConnections(), { timeout: 5_000 }).toBe(1);
  });

  it('does not even connect with a signal that has already fired', async () => {
    server = await startTestSmtpServer();
    const controller = new AbortController();
    controller.abort();
    await expect(new SmtpMailer({ url: server.url, from: FROM }).send(message(), controller.signal)).rejects.toBeInstanceOf(CancelledError);
    expect(server.closedConnections()).toBe(0);
  });

  describe.skipIf(!hasOpenssl)('with TLS (a self-signed certificate)', () => {
    const cert = hasOpenssl ? selfSignedCertificate() : { key: '', cert: '' };

    it('upgrades smtp:// with STARTTLS when the server offers it', async () => {
      server = await startTestSmtpServer({ tls: cert, credentials: { user: 'u', pass: 'p' } });
      const mailer = new SmtpMailer({ url: `smtp://u:p@127.0.0.1:${server.port}`, from: FROM, tls: { ca: cert.cert } });
      await mailer.send(message(), signal());
      const [mail] = await server.waitFor(1);
      expect(mail!.secure).toBe(true);
      expect(readMime(mail!.raw).text).toContain('Total: 15.00 USD');
    });

    it('speaks TLS from the first byte with smtps://', async () => {
      server = await startTestSmtpServer({ tls: cert, secure: true });
      const mailer = new SmtpMailer({ url: server.url, from: FROM, tls: { ca: cert.cert } });
      await mailer.send(message(), signal());
      const [mail] = await server.waitFor(1);
      expect(mail!.secure).toBe(true);
    });

    it('refuses a certificate it cannot verify instead of falling back to plain text', async () => {
      server = await startTestSmtpServer({ tls: cert });
      const attempt = new SmtpMailer({ url: server.url, from: FROM }).send(message(), signal());
      await expect(attempt).rejects.toBeInstanceOf(MailDeliveryError);
      expect(server.received).toHaveLength(0);
    });
  });
});
