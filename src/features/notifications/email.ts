// What every e-mail template returns, and the frame they share. Templates are plain functions of
// already-loaded data: no I/O, no clock, so they are tested as values.
import { html, type SafeHtml } from './html.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The HTML document around a message body (inline styles only: mail clients drop <style>). */
export function layout(title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="font-family: sans-serif; line-height: 1.5; color: #222; max-width: 640px; margin: 0 auto; padding: 16px;">
${body}
<p style="color: #777; font-size: 12px;">Ledgerline</p>
</body>
</html>
`.value;
}

/** `2026-11-21T10:55:00Z` → `2026-11-21 10:55 UTC` (e-mails state times in UTC, unambiguously). */
export function formatUtc(date: Date): string {
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
