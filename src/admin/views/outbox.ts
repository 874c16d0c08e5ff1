// The e-mail outbox pages: the messages written to DATA_DIR/mail, newest first, and one message
// with its headers and text part, escaped. The HTML part is never rendered: it is only in the
// downloadable .eml, which a mail client opens.
import type { OutboxEntry, OutboxMessage } from '../../platform/mail/outbox-mailer.ts';
import { html, type SafeHtml } from '../html.ts';
import { formatDateTime } from './format.ts';
import { ADMIN_PREFIX } from './layout.ts';

export const OUTBOX_PATH = `${ADMIN_PREFIX}/outbox/`;

export const messageHref = (file: string) => `${OUTBOX_PATH}${encodeURIComponent(file)}/`;

const EMPTY = html`<span class="empty" aria-label="empty">—</span>`;
const text = (s: string) => (s === '' ? EMPTY : html`${s}`);

/** When messages go to an SMTP server, there is nothing here to list. */
export function outboxSmtpView(): SafeHtml {
  return html`<div class="page-title"><h1>E-mail outbox</h1></div>
<p>E-mail is delivered to the SMTP server configured by <code>SMTP_URL</code>; no copies are kept here.</p>`;
}

export interface OutboxListViewOptions {
  entries: readonly OutboxEntry[];
  /** The cursor of the next (older) page, when there is one. */
  older: string | undefined;
  paged: boolean;
}

export function outboxListView(o: OutboxListViewOptions): SafeHtml {
  const rows = o.entries.map(
    (e) => html`<tr><th scope="row" class="text"><a href="${messageHref(e.file)}">${e.subject === '' ? '(no subject)' : e.subject}</a></th>
<td class="text">${text(e.to)}</td><td class="datetime">${e.date === null ? EMPTY : formatDateTime(e.date)}</td></tr>`,
  );
  const links: SafeHtml[] = [];
  if (o.paged) links.push(html`<li><a href="${OUTBOX_PATH}">« Newest</a></li>`);
  if (o.older !== undefined) links.push(html`<li><a rel="next" href="${OUTBOX_PATH}?${new URLSearchParams({ before: o.older }).toString()}">Older ›</a></li>`);
  return html`<div class="page-title"><h1>E-mail outbox</h1></div>
<p>Without <code>SMTP_URL</code>, e-mail is written to the data directory as <code>.eml</code> files instead of being sent.</p>
<div class="table-wrap"><table>
  <caption>${o.entries.length === 0 ? 'No messages' : `Messages, newest first (${o.entries.length} on this page)`}</caption>
  <thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">Date</th></tr></thead>
  <tbody>${rows.length === 0 ? html`<tr><td colspan="3">No messages.</td></tr>` : rows}</tbody>
</table></div>
${links.length === 0 ? '' : html`<nav class="pagination" aria-label="Pagination"><ul>${links}</ul></nav>`}`;
}

export function outboxMessageView(m: OutboxMessage): SafeHtml {
  return html`<h1>${m.subject === '' ? '(no subject)' : m.subject}</h1>
<ul class="object-tools"><li><a href="${messageHref(m.file)}raw" download="${m.file}">Download .eml</a></li></ul>
<h2>Headers</h2>
<dl class="readonly">${m.headers.map(([name, value]) => html`<dt>${name}</dt><dd>${text(value)}</dd>`)}</dl>
<h2>Text</h2>
${m.text === undefined ? html`<p class="muted">This message has no text part.</p>` : html`<pre class="json">${m.text}</pre>`}
<p class="muted">The HTML part is not shown here; open the downloaded file in a mail client to see it.</p>`;
}
