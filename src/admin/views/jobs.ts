// The Jobs pages: the list (filters by state and task, search by id, keyset pages, bulk retry or
// delete of the selected jobs) and one job, with its payload and error as escaped JSON and its
// retry and delete controls. Every link is built from validated parameters.
import type { JobDetail, JobPage, JobState, JobSummary } from '../../platform/jobs/job-admin.ts';
import { attrs, html, type SafeHtml } from '../html.ts';
import { formatDateTime } from './format.ts';
import { ADMIN_PREFIX } from './layout.ts';

export const JOBS_PATH = `${ADMIN_PREFIX}/jobs/`;

/** States in the words staff read, in the order the filter lists them. */
export const STATE_LABELS: readonly (readonly [JobState, string])[] = [
  ['failed', 'Failed'],
  ['retry', 'Waiting to retry'],
  ['created', 'Queued'],
  ['active', 'Running'],
  ['completed', 'Completed'],
  ['cancelled', 'Cancelled'],
];

const stateLabel = (state: JobState) => STATE_LABELS.find(([s]) => s === state)?.[1] ?? state;

/** The list's filters, as parsed from its query string. */
export interface JobFilters {
  state: JobState | undefined;
  name: string | undefined;
  q: string;
}

/** A list URL keeping the filters, with `changes` applied (undefined removes); the page restarts. */
export function jobsUrl(f: JobFilters, changes: Record<string, string | undefined> = {}): string {
  const state: Record<string, string | undefined> = { state: f.state, name: f.name, q: f.q === '' ? undefined : f.q, ...changes };
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== undefined) qs.set(k, v);
  const s = qs.toString();
  return `${JOBS_PATH}${s === '' ? '' : `?${s}`}`;
}

export const jobHref = (job: { name: string; id: string }) => `${JOBS_PATH}${encodeURIComponent(job.name)}/${job.id}/`;
export const shortId = (id: string) => id.slice(0, 8);
/** What the audit log and the confirmation pages call a job. */
export const jobTitle = (job: { name: string; id: string }) => `${job.name} job ${shortId(job.id)}`;

const EMPTY = html`<span class="empty" aria-label="empty">—</span>`;
const when = (d: Date | null) => (d === null ? EMPTY : html`${formatDateTime(d)}`);
const attempts = (j: { attempts: number; maxAttempts: number }) => `${j.attempts} of ${j.maxAttempts}`;

function searchForm(f: JobFilters): SafeHtml {
  return html`<form method="get" action="${JOBS_PATH}" class="search" role="search">
  <label for="q">Search jobs by id</label>
  <input type="search" id="q" name="q" value="${f.q}" maxlength="36" aria-describedby="q_help">
  ${f.state === undefined ? '' : html`<input type="hidden" name="state" value="${f.state}">`}
  ${f.name === undefined ? '' : html`<input type="hidden" name="name" value="${f.name}">`}
  <button type="submit">Search</button>
  <p class="help" id="q_help">The whole id, or its first characters.</p>
</form>`;
}

function filters(f: JobFilters, queues: readonly string[]): SafeHtml {
  const option = (key: 'state' | 'name', value: string | undefined, label: string) =>
    html`<li><a href="${jobsUrl(f, { [key]: value })}"${f[key] === value ? html` aria-current="true"` : ''}>${label}</a></li>`;
  return html`<aside class="filters" aria-labelledby="filters-title"><h2 id="filters-title">Filter</h2>
<section><h3>By state</h3><ul>${option('state', undefined, 'All')}${STATE_LABELS.map(([s, l]) => option('state', s, l))}</ul></section>
<section><h3>By task</h3><ul>${option('name', undefined, 'All')}${queues.map((q) => option('name', q, q))}</ul></section>
</aside>`;
}

function row(job: JobSummary): SafeHtml {
  const check =
    job.state === 'active'
      ? html`<td class="select"></td>`
      : html`<td class="select"><input type="checkbox" name="ids" value="${job.name}/${job.id}" aria-label="Select ${jobTitle(job)}"></td>`;
  return html`<tr>${check}<th scope="row" class="text"><a href="${jobHref(job)}" title="${job.id}">${shortId(job.id)}</a></th>
<td class="text">${job.name}</td><td class="text">${stateLabel(job.state)}</td><td class="num">${attempts(job)}</td>
<td class="datetime">${when(job.createdOn)}</td><td class="datetime">${when(job.startedOn)}</td><td class="datetime">${when(job.completedOn)}</td>
<td class="text">${job.error ?? EMPTY}</td></tr>`;
}

export interface JobListViewOptions {
  filters: JobFilters;
  queues: readonly string[];
  page: JobPage;
  /** Cursor tokens of the neighbouring pages, and whether this is not the first page. */
  olderToken: string | undefined;
  newerToken: string | undefined;
  paged: boolean;
  /** Why the search matched nothing without being run (not an id). */
  searchProblem: string | undefined;
  csrfToken: string;
}

export function jobListView(o: JobListViewOptions): SafeHtml {
  const { filters: f, page } = o;
  const table = html`<div class="table-wrap"><table>
  <caption>${page.jobs.length === 0 ? 'No jobs' : `Jobs, newest first (${page.jobs.length} on this page)`}</caption>
  <thead><tr><td class="select"></td><th scope="col">Job</th><th scope="col">Task</th><th scope="col">State</th><th scope="col">Attempts</th>
  <th scope="col">Created</th><th scope="col">Started</th><th scope="col">Completed</th><th scope="col">Error</th></tr></thead>
  <tbody>${page.jobs.length === 0 ? html`<tr><td colspan="9">${o.searchProblem ?? 'No jobs match.'}</td></tr>` : page.jobs.map(row)}</tbody>
</table></div>`;
  const actions = html`<div class="actions">
  <input type="hidden" name="csrf_token" value="${o.csrfToken}">
  <label for="bulk-action">Action</label>
  <select id="bulk-action" name="action" required>
    <option value="">---------</option>
    <option value="retry-selected">Retry selected jobs</option>
    <option value="delete-selected">Delete selected jobs</option>
  </select>
  <button type="submit">Go</button>
</div>`;
  const links: SafeHtml[] = [];
  if (o.paged) links.push(html`<li><a href="${jobsUrl(f)}">« Newest</a></li>`);
  if (o.newerToken !== undefined) links.push(html`<li><a rel="prev" href="${jobsUrl(f, { newer: o.newerToken })}">‹ Newer</a></li>`);
  if (o.olderToken !== undefined) links.push(html`<li><a rel="next" href="${jobsUrl(f, { older: o.olderToken })}">Older ›</a></li>`);
  const pagination = links.length === 0 ? html`` : html`<nav class="pagination" aria-label="Pagination"><ul>${links}</ul></nav>`;
  return html`<div class="page-title"><h1>Jobs</h1></div>
${searchForm(f)}
<div class="list-layout">
<div class="list-main"><form method="post" action="${JOBS_PATH}action/" class="results">${actions}${table}</form>${pagination}</div>
${filters(f, o.queues)}
</div>`;
}

const json = (value: unknown) => html`<pre class="json">${JSON.stringify(value, null, 2)}</pre>`;

export function jobDetailView(job: JobDetail, csrfToken: string): SafeHtml {
  const tools: SafeHtml[] = [];
  if (job.state === 'failed' || job.state === 'cancelled') {
    tools.push(html`<li><form method="post" action="${jobHref(job)}retry/" class="inline-form">
  <input type="hidden" name="csrf_token" value="${csrfToken}">
  <button type="submit">Retry now</button>
</form></li>`);
  }
  if (job.state !== 'active') tools.push(html`<li><a href="${jobHref(job)}delete/">Delete</a></li>`);
  tools.push(html`<li><a href="${ADMIN_PREFIX}/audit-log/?${new URLSearchParams({ model: 'jobs', object_id: job.id }).toString()}">History</a></li>`);
  const fields: [string, SafeHtml | string][] = [
    ['Task', job.name],
    ['Id', job.id],
    ['State', stateLabel(job.state)],
    ['Attempts', attempts(job)],
    ['Created', when(job.createdOn)],
    ['Runnable from', when(job.startAfter)],
    ['Started', when(job.startedOn)],
    ['Completed', when(job.completedOn)],
    ['Singleton key', job.singletonKey ?? EMPTY],
    ['Claim lasts', job.expireIn],
    ['Kept until', when(job.keepUntil)],
  ];
  return html`<h1>${jobTitle(job)}</h1>
<ul class="object-tools">${tools}</ul>
<dl class="readonly">${fields.map(([label, value]) => html`<dt>${label}</dt><dd${attrs({ class: label === 'Attempts' ? 'num' : undefined })}>${value}</dd>`)}</dl>
<h2>${job.state === 'failed' ? 'Error' : 'Output'}</h2>
${job.output === null || job.output === undefined ? html`<p class="muted">None recorded.</p>` : json(job.output)}
<h2>Payload</h2>
${json(job.data)}`;
}
