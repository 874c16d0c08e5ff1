// The admin's e-mail outbox: the .eml files OutboxMailer wrote (no SMTP_URL), listed, shown and
// downloaded. A file name from the URL must be one listOutbox could return (isOutboxFileName:
// one path segment, no separators), else the page is a 404; the mailer checks it again.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../platform/errors.ts';
import { isOutboxFileName, type OutboxMailer } from '../platform/mail/outbox-mailer.ts';
import { pageOptions, sendPage, type AdminContext, type AdminPage } from './context.ts';
import { bad, single, type Query } from './list-params.ts';
import { ADMIN_PREFIX } from './views/layout.ts';
import { OUTBOX_PATH, outboxListView, outboxMessageView, outboxSmtpView } from './views/outbox.ts';

const PER_PAGE = 50;

/** The outbox page; `outbox` is undefined when mail goes to an SMTP server. */
export function outboxPage(outbox: OutboxMailer | undefined): AdminPage {
  return { name: 'outbox', labelPlural: 'E-mail outbox', routes: (app, ctx) => outboxRoutes(app, ctx, outbox) };
}

function fileOf(outbox: OutboxMailer | undefined, request: FastifyRequest): { outbox: OutboxMailer; file: string } {
  const { file } = request.params as { file: string };
  if (outbox === undefined || !isOutboxFileName(file)) throw new NotFoundError('message');
  return { outbox, file };
}

function outboxRoutes(app: FastifyInstance, ctx: AdminContext, outbox: OutboxMailer | undefined): void {
  app.get('/outbox/', async (request, reply) => {
    const options = pageOptions(ctx, request, 'E-mail outbox', { current: 'outbox' });
    if (outbox === undefined) return sendPage(reply, 200, options, outboxSmtpView());
    const before = single(request.query as Query, 'before');
    if (before !== undefined && !isOutboxFileName(before)) bad('The page cursor is invalid.');
    const entries = await outbox.listOutbox({ before, limit: PER_PAGE + 1 });
    const page = entries.slice(0, PER_PAGE);
    const older = entries.length > PER_PAGE ? page.at(-1)?.file : undefined;
    return sendPage(reply, 200, options, outboxListView({ entries: page, older, paged: before !== undefined }));
  });

  app.get('/outbox/:file/', async (request, reply) => {
    const { outbox: mailer, file } = fileOf(outbox, request);
    const message = await mailer.readMessage(file);
    if (message === undefined) throw new NotFoundError('message');
    const title = message.subject === '' ? '(no subject)' : message.subject;
    const crumbs = [['Home', `${ADMIN_PREFIX}/`], ['E-mail outbox', OUTBOX_PATH], [title, undefined]] as const;
    return sendPage(reply, 200, pageOptions(ctx, request, title, { current: 'outbox', breadcrumbs: crumbs }), outboxMessageView(message));
  });

  app.get('/outbox/:file/raw', async (request, reply) => {
    const { outbox: mailer, file } = fileOf(outbox, request);
    const raw = await mailer.readRaw(file);
    if (raw === undefined) throw new NotFoundError('message');
    // The name passed isOutboxFileName: no quotes, separators or control characters to escape.
    return reply
      .header('cache-control', 'no-store')
      .header('content-type', 'message/rfc822')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(raw);
  });
}
