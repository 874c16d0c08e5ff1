// The list page: search, date drill-down, sortable result table with row checkboxes and bulk
// actions, filters and keyset pagination. Every link is built from validated parameters.
import { attrs, html, type SafeHtml } from '../html.ts';
import type { ListPage } from '../list-data.ts';
import type { ListParams } from '../list-params.ts';
import type { ModelAdmin } from '../registry.ts';
import { cellClass, cellValue } from './format.ts';
import { ADMIN_PREFIX } from './layout.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The list's state as query parameters, so links can change one thing and keep the rest. */
function stateOf(model: ModelAdmin, params: ListParams): Record<string, string> {
  const s: Record<string, string> = {};
  if (params.q !== '') s['q'] = params.q;
  for (const [k, v] of params.filters) s[k] = v;
  if (params.date) {
    s['year'] = String(params.date.year);
    if (params.date.month !== undefined) s['month'] = String(params.date.month);
    if (params.date.day !== undefined) s['day'] = String(params.date.day);
  }
  const o = `${params.sort.descending ? '-' : ''}${params.sort.column.name}`;
  if (o !== model.ordering) s['o'] = o;
  return s;
}

/** A list URL from the current state with `changes` applied (undefined removes); the page restarts. */
export function listUrl(model: ModelAdmin, params: ListParams, changes: Record<string, string | undefined> = {}): string {
  const state: Record<string, string | undefined> = { ...stateOf(model, params), ...changes };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== undefined) qs.set(k, v);
  const s = qs.toString();
  return `${ADMIN_PREFIX}/${model.name}/${s === '' ? '' : `?${s}`}`;
}

function searchForm(model: ModelAdmin, params: ListParams): SafeHtml {
  if ((model.searchFields?.length ?? 0) === 0) return html``;
  const keep = Object.entries(stateOf(model, params)).filter(([k]) => k !== 'q');
  return html`<form method="get" action="${ADMIN_PREFIX}/${model.name}/" class="search" role="search">
  <label for="q">Search ${model.labelPlural.toLowerCase()}</label>
  <input type="search" id="q" name="q" value="${params.q}" maxlength="200">
  ${keep.map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}
  <button type="submit">Search</button>
</form>`;
}

function dateDrill(model: ModelAdmin, params: ListParams, page: ListPage): SafeHtml {
  if (model.dateHierarchy === undefined || page.dateBounds === undefined) return html``;
  const { lo, hi } = page.dateBounds;
  const d = params.date;
  const links: SafeHtml[] = [];
  const clear = { year: undefined, month: undefined, day: undefined };
  const back: SafeHtml[] = [];
  if (d === undefined) {
    for (let y = hi.getUTCFullYear(); y >= lo.getUTCFullYear() && links.length < 30; y--) {
      links.push(html`<li><a href="${listUrl(model, params, { ...clear, year: String(y) })}">${y}</a></li>`);
    }
  } else if (d.month === undefined) {
    back.push(html`<li><a href="${listUrl(model, params, clear)}">‹ All dates</a></li>`);
    for (let m = 1; m <= 12; m++) {
      links.push(html`<li><a href="${listUrl(model, params, { ...clear, year: String(d.year), month: String(m) })}">${MONTHS[m - 1]} ${d.year}</a></li>`);
    }
  } else {
    back.push(html`<li><a href="${listUrl(model, params, { ...clear, year: String(d.year) })}">‹ ${d.year}</a></li>`);
    const days = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
    for (let day = 1; day <= days; day++) {
      const href = listUrl(model, params, { year: String(d.year), month: String(d.month), day: String(day) });
      links.push(html`<li><a href="${href}"${day === d.day ? html` aria-current="true"` : ''}>${MONTHS[d.month - 1]!.slice(0, 3)} ${day}</a></li>`);
    }
  }
  return html`<nav class="date-drill" aria-label="Filter by date"><ul>${back}${links}</ul></nav>`;
}

function sortHeader(model: ModelAdmin, params: ListParams, name: string, label: string, sortable: boolean): SafeHtml {
  if (!sortable) return html`<th scope="col">${label}</th>`;
  const active = params.sort.column.name === name;
  const nextDescending = active ? !params.sort.descending : false;
  const href = listUrl(model, params, { o: `${nextDescending ? '-' : ''}${name}` });
  const ariaSort = active ? (params.sort.descending ? 'descending' : 'ascending') : undefined;
  const arrow = active ? (params.sort.descending ? ' ▼' : ' ▲') : '';
  return html`<th scope="col"${attrs({ 'aria-sort': ariaSort })}><a href="${href}">${label}<span aria-hidden="true">${arrow}</span></a></th>`;
}

function filters(model: ModelAdmin, params: ListParams, page: ListPage): SafeHtml {
  const shown = (model.filters ?? []).filter((f) => f.kind !== 'exact' || params.filters.has(f.field));
  if (shown.length === 0) return html``;
  const sections = shown.map((f) => {
    const current = params.filters.get(f.field);
    const option = (value: string | undefined, label: string) =>
      html`<li><a href="${listUrl(model, params, { [f.field]: value })}"${current === value ? html` aria-current="true"` : ''}>${label}</a></li>`;
    let options: SafeHtml[];
    if (f.kind === 'choices') options = f.choices.map(([v, l]) => option(v, l));
    else if (f.kind === 'bool') options = [option('true', 'Yes'), option('false', 'No')];
    else if (f.kind === 'exact') options = [option(current, current ?? '')];
    else {
      const choices = page.relationChoices.get(f.field);
      options =
        choices === null || choices === undefined
          ? [html`<li>${current === undefined ? 'Too many to list' : html`id ${current}`}</li>`]
          : choices.map((c) => option(String(c.id), c.label));
    }
    return html`<section><h3>By ${f.label.toLowerCase()}</h3><ul>${option(undefined, 'All')}${options}</ul></section>`;
  });
  return html`<aside class="filters" aria-labelledby="filters-title"><h2 id="filters-title">Filter</h2>${sections}</aside>`;
}

function countText(model: ModelAdmin, page: ListPage): string {
  const n = page.count.value.toLocaleString('en-US');
  const noun = page.count.value === 1 ? model.label.toLowerCase() : model.labelPlural.toLowerCase();
  return page.count.estimated ? `About ${n} ${noun} (estimated)` : `${n} ${noun}`;
}

function pagination(model: ModelAdmin, params: ListParams, page: ListPage): SafeHtml {
  const items: SafeHtml[] = [];
  if (page.previous !== undefined || params.cursor !== undefined) items.push(html`<li><a href="${listUrl(model, params)}">« First</a></li>`);
  if (page.previous !== undefined) items.push(html`<li><a rel="prev" href="${listUrl(model, params, { before: page.previous })}">‹ Previous</a></li>`);
  if (page.next !== undefined) items.push(html`<li><a rel="next" href="${listUrl(model, params, { after: page.next })}">Next ›</a></li>`);
  return items.length === 0 ? html`` : html`<nav class="pagination" aria-label="Pagination"><ul>${items}</ul></nav>`;
}

function actionBar(model: ModelAdmin, csrfToken: string): SafeHtml {
  const actions = model.actions ?? [];
  if (actions.length === 0) return html``;
  return html`<div class="actions">
  <input type="hidden" name="csrf_token" value="${csrfToken}">
  <label for="bulk-action">Action</label>
  <select id="bulk-action" name="action" required>
    <option value="">---------</option>
    ${actions.map((a) => html`<option value="${a.name}">${a.label}</option>`)}
  </select>
  <button type="submit">Go</button>
</div>`;
}

export function listView(model: ModelAdmin, params: ListParams, page: ListPage, csrfToken: string): SafeHtml {
  const hasActions = (model.actions ?? []).length > 0;
  const rows = page.rows.map((row) => {
    const id = Number(row['__id']);
    const title = String(row['__title'] ?? id);
    const cells = model.columns.map((c, i) => {
      const linked = c.link ?? i === 0;
      const value = cellValue(c, row);
      const content = linked ? html`<a href="${ADMIN_PREFIX}/${model.name}/${id}/change/">${value}</a>` : value;
      return i === 0 ? html`<th scope="row" class="${cellClass(c)}">${content}</th>` : html`<td class="${cellClass(c)}">${content}</td>`;
    });
    const check = hasActions
      ? html`<td class="select"><input type="checkbox" name="ids" value="${id}" aria-label="Select ${title}"></td>`
      : '';
    return html`<tr>${check}${cells}</tr>`;
  });
  const table = html`<div class="table-wrap"><table>
  <caption>${countText(model, page)}</caption>
  <thead><tr>${hasActions ? html`<td class="select"></td>` : ''}${model.columns.map((c) => sortHeader(model, params, c.name, c.label, c.sortable === true))}</tr></thead>
  <tbody>${rows.length === 0 ? html`<tr><td colspan="${model.columns.length + 1}">No ${model.labelPlural.toLowerCase()} match.</td></tr>` : rows}</tbody>
</table></div>`;
  const results = hasActions
    ? html`<form method="post" action="${ADMIN_PREFIX}/${model.name}/action/" class="results">${actionBar(model, csrfToken)}${table}</form>`
    : table;
  const add = model.form?.create ? html`<a class="button" href="${ADMIN_PREFIX}/${model.name}/add/">Add ${model.label.toLowerCase()}</a>` : '';
  return html`<div class="page-title"><h1>${model.labelPlural}</h1>${add}</div>
${searchForm(model, params)}
${dateDrill(model, params, page)}
<div class="list-layout">
<div class="list-main">${results}${pagination(model, params, page)}</div>
${filters(model, params, page)}
</div>`;
}
