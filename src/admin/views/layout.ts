// The page frame every admin page shares: header with the signed-in user and logout, the model
// navigation, messages, and the main content. Styles and scripts are external files (the CSP
// forbids inline ones); the page works without the script.
import { html, type SafeHtml } from '../html.ts';
import type { AdminSession } from '../sessions.ts';

export const ADMIN_PREFIX = '/admin';

export interface NavItem {
  name: string;
  labelPlural: string;
}

export interface LayoutOptions {
  title: string;
  session?: AdminSession | undefined;
  nav?: readonly NavItem[];
  /** The model whose pages these are, for aria-current in the navigation. */
  current?: string;
  message?: string | undefined;
  breadcrumbs?: readonly (readonly [label: string, href: string | undefined])[];
}

function header(session: AdminSession | undefined): SafeHtml {
  return html`<header class="site-header">
  <a class="brand" href="${ADMIN_PREFIX}/">Ledgerline admin</a>
  ${session === undefined
    ? ''
    : html`<div class="user-tools">
    <span>Signed in as <strong>${session.email}</strong></span>
    <form method="post" action="${ADMIN_PREFIX}/logout" class="inline-form">
      <input type="hidden" name="csrf_token" value="${session.csrfToken}">
      <button type="submit" class="link-button">Log out</button>
    </form>
  </div>`}
</header>`;
}

function navigation(items: readonly NavItem[], current: string | undefined): SafeHtml {
  if (items.length === 0) return html``;
  return html`<nav class="models" aria-label="Models"><ul>
${items.map((m) => html`<li><a href="${ADMIN_PREFIX}/${m.name}/"${m.name === current ? html` aria-current="page"` : ''}>${m.labelPlural}</a></li>`)}
</ul></nav>`;
}

function crumbs(items: LayoutOptions['breadcrumbs']): SafeHtml {
  if (!items || items.length === 0) return html``;
  return html`<nav class="breadcrumbs" aria-label="Breadcrumbs"><ol>
${items.map(([label, href]) => (href === undefined ? html`<li aria-current="page">${label}</li>` : html`<li><a href="${href}">${label}</a></li>`))}
</ol></nav>`;
}

/** A complete HTML document. */
export function layout(options: LayoutOptions, content: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} | Ledgerline admin</title>
<link rel="stylesheet" href="${ADMIN_PREFIX}/static/admin.css">
<script src="${ADMIN_PREFIX}/static/admin.js" defer></script>
</head>
<body>
<a class="skip-link" href="#content">Skip to content</a>
${header(options.session)}
<div class="frame">
${navigation(options.nav ?? [], options.current)}
<main id="content" tabindex="-1">
${crumbs(options.breadcrumbs)}
${options.message === undefined ? '' : html`<p class="message" role="status">${options.message}</p>`}
${content}
</main>
</div>
</body>
</html>
`.value;
}
