// Test support for features that send e-mail: the real application with SMTP_URL pointing at an
// in-process SMTP server, and a real worker (built by main.ts's buildWorker, so the registered
// send_email task, its NotificationService and its SmtpMailer are the production ones). Not a
// test file itself: vitest only collects *.test.ts.
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { buildWorker, type WorkerHandle } from '../../main.ts';
import type { Clock } from '../../platform/clock.ts';
import { createLogger } from '../../platform/log.ts';
import { readMime, startTestSmtpServer, type MimeMessage, type TestSmtpServer } from '../../platform/mail/mail.fixtures.ts';

export const PUBLIC_URL = 'https://shop.example';

export interface MailTestApp {
  t: TestApp;
  smtp: TestSmtpServer;
  /** Started by `startWorker`; absent until then. */
  worker: WorkerHandle | undefined;
  startWorker(): Promise<WorkerHandle>;
  /** Messages received so far for `to`, parsed. */
  mailTo(to: string): (MimeMessage & { raw: string })[];
  /** Waits until `count` messages for `to` have arrived, then returns them, parsed. */
  waitForMail(to: string, count?: number, timeoutMs?: number): Promise<(MimeMessage & { raw: string })[]>;
  close(): Promise<void>;
}

export async function startMailTestApp(options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<MailTestApp> {
  const smtp = await startTestSmtpServer();
  const env = { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_FROM: 'Shop <no-reply@shop.example>', JOB_POLL_INTERVAL_MS: '100', ...options.env };
  const t = await startTestApp({ env, clock: options.clock });
  const app: MailTestApp = {
    t,
    smtp,
    worker: undefined,
    async startWorker() {
      const handle = buildWorker(t.config, createLogger('silent'), t.database.url, options.clock);
      await handle.worker.start();
      app.worker = handle;
      return handle;
    },
    mailTo(to) {
      return smtp.received.filter((m) => m.to.includes(to)).map((m) => ({ ...readMime(m.raw), raw: m.raw }));
    },
    async waitForMail(to, count = 1, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (app.mailTo(to).length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} message(s) to ${to}, got ${app.mailTo(to).length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return app.mailTo(to);
    },
    async close() {
      await app.worker?.stop();
      await t.close();
      await smtp.close();
    },
  };
  return app;
}
