// The e-mail with a password reset link.
import { formatUtc, layout, type RenderedEmail } from './email.ts';
import { html } from './html.ts';

export interface PasswordResetEmailInput {
  name: string;
  /** `PUBLIC_URL/reset-password?token=…` */
  link: string;
  expiresAt: Date;
}

export function passwordResetEmail({ name, link, expiresAt }: PasswordResetEmailInput): RenderedEmail {
  const subject = 'Reset your Ledgerline password';
  const expires = formatUtc(expiresAt);
  const ignore = 'If you did not ask for this, ignore this e-mail: your password stays as it is.';
  const text = [
    `Hello ${name},`,
    '',
    'Someone (hopefully you) asked to reset the password of your account. Open this link to choose a new one:',
    '',
    link,
    '',
    `The link works once, until ${expires}. Setting a new password signs you out everywhere.`,
    ignore,
    '',
  ].join('\n');
  const body = html`<p>Hello ${name},</p>
<p>Someone (hopefully you) asked to reset the password of your account. Open this link to choose a new one:</p>
<p><a href="${link}">${link}</a></p>
<p>The link works once, until ${expires}. Setting a new password signs you out everywhere.</p>
<p>${ignore}</p>
`;
  return { subject, text, html: layout(subject, body) };
}
