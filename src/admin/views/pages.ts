// The small pages: login, the index of models, confirmation pages and errors.
import { html, type SafeHtml } from '../html.ts';
import type { ModelAdmin } from '../registry.ts';
import { ADMIN_PREFIX, type NavItem } from './layout.ts';

export function loginView(o: { csrfToken: string; email: string; error?: string | undefined; next: string }): SafeHtml {
  return html`<div class="login">
<h1>Log in</h1>
<p>Staff accounts only.</p>
${o.error === undefined ? '' : html`<p class="form-errors" role="alert" id="login-error">${o.error}</p>`}
<form method="post" action="${ADMIN_PREFIX}/login" class="edit-form">
  <input type="hidden" name="csrf_token" value="${o.csrfToken}">
  <input type="hidden" name="next" value="${o.next}">
  <div class="field">
    <label for="id_email">E-mail address</label>
    <input type="email" id="id_email" name="email" value="${o.email}" autocomplete="username" required autofocus>
  </div>
  <div class="field">
    <label for="id_password">Password</label>
    <input type="password" id="id_password" name="password" autocomplete="current-password" required>
  </div>
  <div class="submit-row"><button type="submit">Log in</button></div>
</form>
</div>`;
}

/** The index: every registered model, then the admin's other pages (jobs, outbox). */
export function indexView(models: readonly ModelAdmin[], pages: readonly NavItem[] = []): SafeHtml {
  return html`<h1>Site administration</h1>
<div class="table-wrap"><table class="index">
  <caption>Models</caption>
  <thead><tr><th scope="col">Model</th><th scope="col">Actions</th></tr></thead>
  <tbody>${models.map(
    (m) => html`<tr><th scope="row"><a href="${ADMIN_PREFIX}/${m.name}/">${m.labelPlural}</a></th><td>${
      m.form?.create ? html`<a href="${ADMIN_PREFIX}/${m.name}/add/">Add</a>` : ''
    }</td></tr>`,
  )}${pages.map((p) => html`<tr><th scope="row"><a href="${ADMIN_PREFIX}/${p.name}/">${p.labelPlural}</a></th><td></td></tr>`)}</tbody>
</table></div>`;
}

export interface ConfirmOptions {
  heading: string;
  question: string;
  /** The objects concerned, by title. */
  objects: readonly { id: number | string; title: string }[];
  action: string;
  csrfToken: string;
  /** Hidden fields that carry the choice to the confirming POST. */
  hidden: readonly (readonly [name: string, value: string])[];
  confirmLabel: string;
  cancelHref: string;
}

export function confirmView(o: ConfirmOptions): SafeHtml {
  return html`<h1>${o.heading}</h1>
<p>${o.question}</p>
<ul class="confirm-list">${o.objects.map((x) => html`<li>${x.title} <span class="muted">(id ${x.id})</span></li>`)}</ul>
<form method="post" action="${o.action}" class="confirm">
  <input type="hidden" name="csrf_token" value="${o.csrfToken}">
  ${o.hidden.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <input type="hidden" name="confirm" value="yes">
  <button type="submit" class="danger">${o.confirmLabel}</button>
  <a class="button secondary" href="${o.cancelHref}">No, take me back</a>
</form>`;
}

export function errorView(status: number, title: string, detail: string): SafeHtml {
  return html`<h1>${title}</h1><p>${detail}</p><p class="muted">HTTP ${status}</p><p><a href="${ADMIN_PREFIX}/">Back to the admin</a></p>`;
}
