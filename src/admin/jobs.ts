// The admin's Jobs page (not a registered model: pg-boss's jobs have uuid keys and a table of
// pg-boss's own). Handlers parse the request and call JobAdmin; every retry or delete runs in one
// transaction with its audit row (model "jobs", object id the job's uuid).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { withTransaction } from '../platform/db/db.ts';
import { BadRequestError, ConflictError, NotFoundError } from '../platform/errors.ts';
import { JOB_ID, JOB_NAME, JOB_STATES, JobActiveError, isJobRef, type JobAdmin, type JobCursor, type JobDetail, type JobListQuery, type JobRef, type JobState } from '../platform/jobs/job-admin.ts';
import { recordAudit, type AuditAction } from './audit.ts';
import { field, fieldList, pageOptions, sendPage, sessionOf, type AdminContext, type AdminPage, type FormBody } from './context.ts';
import { bad, decodeCursorPair, encodeCursorPair, single, type Query } from './list-params.ts';
import { jobDetailView, jobHref, jobListView, jobsUrl, jobTitle, JOBS_PATH, type JobFilters } from './views/jobs.ts';
import { ADMIN_PREFIX } from './views/layout.ts';
import { confirmView } from './views/pages.ts';

/** The audit log's model name for jobs (also a choice of its model filter, see main.ts). */
export const JOBS_AUDIT_MODEL = 'jobs';
const PER_PAGE = 50;
/** At most this many jobs per bulk action (one page's worth, with room). */
const MAX_SELECTED = 500;

/** The Jobs page, over `jobs` (the pool's JobAdmin; changes run on the admin's transaction). */
export function jobsPage(jobs: JobAdmin): AdminPage {
  return { name: 'jobs', labelPlural: 'Jobs', routes: (app, ctx) => jobRoutes(app, ctx, jobs) };
}

const CREATED_KEY = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d){0,2}$/;

const encodeCursor = (c: JobCursor) => encodeCursorPair(c.createdKey, c.id);

function parseCursor(query: Query): JobListQuery['cursor'] {
  const older = single(query, 'older');
  const newer = single(query, 'newer');
  const raw = older ?? newer;
  if (raw === undefined || raw === '') return undefined;
  const [createdKey, id] = decodeCursorPair(raw);
  if (typeof createdKey !== 'string' || !CREATED_KEY.test(createdKey) || typeof id !== 'string' || !JOB_ID.test(id)) bad('The page cursor is invalid.');
  return { createdKey, id, direction: older !== undefined ? 'older' : 'newer' };
}

/** The list's query string: filters (a malformed one is a 400), the id search, the cursor. */
function parseListQuery(query: Query): { filters: JobFilters; list: JobListQuery; searchProblem: string | undefined } {
  const state = single(query, 'state') || undefined;
  if (state !== undefined && !JOB_STATES.includes(state as JobState)) bad('Invalid value for the state filter.');
  const name = single(query, 'name') || undefined;
  if (name !== undefined && !JOB_NAME.test(name)) bad('Invalid value for the task filter.');
  const q = (single(query, 'q') ?? '').trim().slice(0, 100);
  const prefix = q.toLowerCase().replace(/-/g, '');
  const searchProblem = q !== '' && !/^[0-9a-f]{1,32}$/.test(prefix) ? 'Search by job id: enter the id, or its first characters (0-9, a-f).' : undefined;
  return {
    filters: { state: state as JobState | undefined, name, q },
    list: { state: state as JobState | undefined, name, idPrefix: q === '' ? undefined : prefix, cursor: parseCursor(query), limit: PER_PAGE },
    searchProblem,
  };
}

/** Fixed messages after a redirect; the query only chooses one (and supplies counts), never text. */
function message(query: Query): string | undefined {
  const count = (name: string) => (/^\d{1,4}$/.test(single(query, name) ?? '') ? Number(single(query, name)) : 0);
  switch (single(query, 'msg')) {
    case 'retried':
      return 'The job was queued to run again, its attempts starting over.';
    case 'deleted':
      return 'The job was deleted.';
    case 'none':
      return 'Jobs must be selected in order to perform actions on them. No jobs have been changed.';
    case 'bulk': {
      const done = count('done');
      const skipped = count('skipped');
      const changed = `${done} ${done === 1 ? 'job was' : 'jobs were'} changed.`;
      return skipped === 0 ? changed : `${changed} ${skipped} could not be (running, or not failed or cancelled, or gone).`;
    }
    default:
      return undefined;
  }
}

function refOf(request: FastifyRequest): JobRef {
  const { name, id } = request.params as { name: string; id: string };
  const ref = { name, id };
  if (!isJobRef(ref)) throw new NotFoundError('job');
  return ref;
}

/** `<name>/<uuid>` values of the list's checkboxes. */
function selectedRefs(body: FormBody): JobRef[] {
  const values = fieldList(body, 'ids');
  if (values.length > MAX_SELECTED) throw new BadRequestError('admin.too_many_selected', `Select at most ${MAX_SELECTED} jobs at a time.`);
  const refs = values.map((v) => {
    const slash = v.lastIndexOf('/');
    const ref = { name: v.slice(0, slash), id: v.slice(slash + 1) };
    if (slash < 1 || !isJobRef(ref)) throw new BadRequestError('admin.invalid_selection', 'The selection is invalid.');
    return ref;
  });
  return refs.filter((r, i) => refs.findIndex((o) => o.name === r.name && o.id === r.id) === i);
}

interface BulkAction {
  label: string;
  audit: AuditAction;
  /** Whether a job in this state can take the action (others are left alone and counted). */
  accepts(state: JobState): boolean;
  run(jobs: JobAdmin, ref: JobRef, signal: AbortSignal): Promise<{ before: JobDetail; after: JobDetail | null }>;
}

const retry = async (jobs: JobAdmin, ref: JobRef, signal: AbortSignal) => jobs.retry(ref, signal);
const remove = async (jobs: JobAdmin, ref: JobRef, signal: AbortSignal) => ({ before: await jobs.delete(ref, signal), after: null });

const BULK: Record<string, BulkAction> = {
  'retry-selected': { label: 'Retry selected jobs', audit: 'action', accepts: (s) => s === 'failed' || s === 'cancelled', run: retry },
  'delete-selected': { label: 'Delete selected jobs', audit: 'delete', accepts: (s) => s !== 'active', run: remove },
};

/** Runs one change and its audit row in one transaction, as the signed-in staff user. */
async function audited(
  ctx: AdminContext,
  request: FastifyRequest,
  jobs: JobAdmin,
  audit: { action: AuditAction; summary: string },
  change: (jobs: JobAdmin, signal: AbortSignal) => Promise<{ before: JobDetail; after: JobDetail | null }>,
): Promise<void> {
  const session = sessionOf(request);
  const signal = request.abortSignal;
  await withTransaction(ctx.db, signal, async (tx) => {
    const { before, after } = await change(jobs.withDb(tx), signal);
    await recordAudit(
      tx,
      { id: session.userId, email: session.email },
      { ...audit, model: JOBS_AUDIT_MODEL, objectId: before.id, objectRepr: jobTitle(before), before: { ...before }, after: after === null ? null : { ...after } },
      signal,
    );
  });
}

function jobRoutes(app: FastifyInstance, ctx: AdminContext, jobs: JobAdmin): void {
  const crumbs = (label: string) => [['Home', `${ADMIN_PREFIX}/`], ['Jobs', JOBS_PATH], [label, undefined]] as const;

  app.get('/jobs/', async (request, reply) => {
    const query = request.query as Query;
    const { filters, list, searchProblem } = parseListQuery(query);
    const signal = request.abortSignal;
    const empty = { jobs: [], older: undefined, newer: undefined };
    const [queues, page] = await Promise.all([jobs.queues(signal), searchProblem === undefined ? jobs.list(list, signal) : empty]);
    const content = jobListView({
      filters,
      queues,
      page,
      olderToken: page.older && encodeCursor(page.older),
      newerToken: page.newer && encodeCursor(page.newer),
      paged: list.cursor !== undefined,
      searchProblem,
      csrfToken: sessionOf(request).csrfToken,
    });
    return sendPage(reply, 200, pageOptions(ctx, request, 'Jobs', { current: 'jobs', message: message(query) }), content);
  });

  app.post('/jobs/action/', async (request, reply) => {
    const body = request.body as FormBody;
    const name = field(body, 'action');
    const action = Object.hasOwn(BULK, name) ? BULK[name] : undefined;
    if (action === undefined) throw new BadRequestError('admin.unknown_action', 'Choose an action from the list.');
    const selected = selectedRefs(body);
    if (selected.length === 0) return reply.redirect(`${JOBS_PATH}?msg=none`, 303);
    const signal = request.abortSignal;
    const found = await jobs.states(selected, signal);
    const eligible = found.filter((j) => action.accepts(j.state));

    if (field(body, 'confirm') !== 'yes') {
      const left = selected.length - eligible.length;
      const content = confirmView({
        heading: 'Are you sure?',
        question: `${action.label}: the following ${eligible.length === 1 ? 'job' : 'jobs'} will be affected.${
          left === 0 ? '' : ` ${left} selected ${left === 1 ? 'job cannot' : 'jobs cannot'} take this action and will be left as ${left === 1 ? 'it is' : 'they are'}.`
        }`,
        objects: eligible.map((j) => ({ id: j.id, title: jobTitle(j) })),
        action: `${JOBS_PATH}action/`,
        csrfToken: sessionOf(request).csrfToken,
        hidden: [['action', name], ...eligible.map((j) => ['ids', `${j.name}/${j.id}`] as const)],
        confirmLabel: "Yes, I'm sure",
        cancelHref: JOBS_PATH,
      });
      return sendPage(reply, 200, pageOptions(ctx, request, 'Confirm action', { current: 'jobs' }), content);
    }

    // Each job in its own transaction with its audit row: one refusal leaves the others done.
    let done = 0;
    for (const ref of eligible) {
      try {
        await audited(ctx, request, jobs, { action: action.audit, summary: action.label }, (j, s) => action.run(j, ref, s));
        done++;
      } catch (err) {
        // Changed or gone since the confirmation page (a worker took it, someone deleted it).
        if (!(err instanceof ConflictError || err instanceof NotFoundError)) throw err;
      }
    }
    return reply.redirect(`${JOBS_PATH}?msg=bulk&done=${done}&skipped=${selected.length - done}`, 303);
  });

  app.get('/jobs/:name/:id/', async (request, reply) => {
    const job = await jobs.get(refOf(request), request.abortSignal);
    const msg = message(request.query as Query);
    const title = jobTitle(job);
    const options = pageOptions(ctx, request, title, { current: 'jobs', message: msg, breadcrumbs: crumbs(title) });
    return sendPage(reply, 200, options, jobDetailView(job, sessionOf(request).csrfToken));
  });

  app.post('/jobs/:name/:id/retry/', async (request, reply) => {
    const ref = refOf(request);
    await audited(ctx, request, jobs, { action: 'action', summary: 'Retried the job' }, (j, signal) => retry(j, ref, signal));
    return reply.redirect(`${jobHref(ref)}?msg=retried`, 303);
  });

  app.get('/jobs/:name/:id/delete/', async (request, reply) => {
    const job = await jobs.get(refOf(request), request.abortSignal);
    if (job.state === 'active') throw new JobActiveError();
    const content = confirmView({
      heading: 'Are you sure?',
      question: `Are you sure you want to delete the ${jobTitle(job)}? It will not run again.`,
      objects: [{ id: job.id, title: jobTitle(job) }],
      action: `${jobHref(job)}delete/`,
      csrfToken: sessionOf(request).csrfToken,
      hidden: [],
      confirmLabel: 'Yes, delete',
      cancelHref: jobHref(job),
    });
    return sendPage(reply, 200, pageOptions(ctx, request, 'Delete', { current: 'jobs', breadcrumbs: crumbs('Delete') }), content);
  });

  app.post('/jobs/:name/:id/delete/', async (request, reply) => {
    const ref = refOf(request);
    if (field(request.body as FormBody, 'confirm') !== 'yes') return reply.redirect(`${jobHref(ref)}delete/`, 303);
    await audited(ctx, request, jobs, { action: 'delete', summary: 'Deleted the job' }, (j, signal) => remove(j, ref, signal));
    return reply.redirect(jobsUrl({ state: undefined, name: undefined, q: '' }, { msg: 'deleted' }), 303);
  });
}
