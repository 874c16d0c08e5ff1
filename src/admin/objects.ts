// One object's pages: add, change (or view), delete with confirmation, and object actions (such
// as a balance adjustment). Reads are generic; every write goes through the registration, which
// calls the feature's service on the admin's transaction (writes.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Row } from '../platform/db/db.ts';
import { AppError, NotFoundError } from '../platform/errors.ts';
import { toProblem } from '../platform/http/problem.ts';
import { pageOptions, sendPage, sessionOf, field, type AdminContext, type FormBody } from './context.ts';
import { formatForForm, parseForm, serviceErrors } from './forms.ts';
import { relationChoices, runSql } from './list-data.ts';
import { inlineSql } from './list-sql.ts';
import { relationLabels } from './lookup.ts';
import type { FieldDef, ModelAdmin } from './registry.ts';
import { auditedWrite, fieldColumn, loadObject } from './writes.ts';
import { emptyFormState, formView, refusalView, type Choices, type FormState } from './views/form.ts';
import { ADMIN_PREFIX } from './views/layout.ts';
import { confirmView } from './views/pages.ts';

type Params = { model: string; id?: string; action?: string };

export function modelOf(ctx: AdminContext, request: FastifyRequest): ModelAdmin {
  const model = ctx.registry.get((request.params as Params).model);
  if (model === undefined) throw new NotFoundError('page');
  return model;
}

function idOf(request: FastifyRequest): number {
  const raw = (request.params as Params).id ?? '';
  if (!/^\d{1,15}$/.test(raw)) throw new NotFoundError('object');
  return Number(raw);
}

const listHref = (model: ModelAdmin, msg?: string) => `${ADMIN_PREFIX}/${model.name}/${msg === undefined ? '' : `?msg=${msg}`}`;

async function choicesFor(ctx: AdminContext, fields: readonly FieldDef[], signal: AbortSignal): Promise<Map<string, Choices>> {
  const relations = fields.filter((f) => f.widget === 'relation' && f.relation);
  const all = await Promise.all(relations.map((f) => relationChoices(ctx.db, f.relation!.table, f.relation!.labelColumn, signal)));
  return new Map(relations.map((f, i) => [f.name, all[i] ?? null]));
}

/** Each relation's choices, and the labels of the objects named in the id boxes of the others. */
async function relationsFor(ctx: AdminContext, fields: readonly FieldDef[], values: Readonly<Record<string, string>>, signal: AbortSignal) {
  const choices = await choicesFor(ctx, fields, signal);
  const idBoxes = new Set([...choices].filter(([, c]) => c === null).map(([name]) => name));
  return { choices, labels: await relationLabels(ctx.db, fields, idBoxes, values, signal) };
}

async function renderForm(
  ctx: AdminContext,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  o: { model: ModelAdmin; heading: string; action: string; submitLabel: string; fields: readonly FieldDef[]; state: FormState; row?: Row; id?: number },
) {
  const signal = request.abortSignal;
  const { model } = o;
  const [{ choices, labels }, inlines] = await Promise.all([
    relationsFor(ctx, o.fields, o.state.values, signal),
    o.id === undefined ? [] : Promise.all((model.inlines ?? []).map(async (inline) => ({ inline, rows: await runSql(ctx.db, inlineSql(inline, o.id!), signal) }))),
  ]);
  const links: [string, string][] = [];
  if (o.id !== undefined && o.row !== undefined) {
    for (const a of model.objectActions ?? []) links.push([a.label, `${ADMIN_PREFIX}/${model.name}/${o.id}/${a.name}/`]);
    if (model.delete) links.push([`Delete`, `${ADMIN_PREFIX}/${model.name}/${o.id}/delete/`]);
    links.push(['History', `${ADMIN_PREFIX}/audit-log/?model=${model.name}&object_id=${o.id}`]);
  }
  // Without an update, the form's fields are shown read-only with the rest.
  const readOnlyColumns = [...(o.fields.length === 0 ? (model.form?.fields ?? []).map(fieldColumn) : []), ...(model.readOnlyFields ?? [])];
  const content = formView({
    heading: o.heading,
    action: o.action,
    submitLabel: o.submitLabel,
    fields: o.fields,
    state: o.state,
    csrfToken: sessionOf(request).csrfToken,
    relationChoices: choices,
    relationLabels: labels,
    readOnly: o.row === undefined ? undefined : { columns: readOnlyColumns, row: o.row },
    inlines,
    links,
  });
  const crumbs = [['Home', `${ADMIN_PREFIX}/`], [model.labelPlural, listHref(model)], [o.heading, undefined]] as const;
  return sendPage(reply, status, pageOptions(ctx, request, o.heading, { current: model.name, breadcrumbs: crumbs }), content);
}

async function loadForPage(ctx: AdminContext, model: ModelAdmin, id: number, signal: AbortSignal): Promise<Row> {
  const columns = [...(model.form?.fields ?? []).map(fieldColumn), ...(model.readOnlyFields ?? [])];
  const seen = new Set<string>();
  const row = await loadObject(ctx.db, model, columns.filter((c) => !seen.has(c.name) && seen.add(c.name)), id, signal);
  if (row === undefined) throw new NotFoundError(model.label.toLowerCase());
  return row;
}

/** Runs a write; a refusal by the service re-renders the form with its errors (422). */
async function submit(
  ctx: AdminContext,
  request: FastifyRequest,
  reply: FastifyReply,
  fields: readonly FieldDef[],
  state: FormState,
  rerender: (status: number, state: FormState) => Promise<FastifyReply>,
  write: () => Promise<string>,
) {
  try {
    return reply.redirect(await write(), 303);
  } catch (err) {
    if (err instanceof NotFoundError) throw err;
    const errors = serviceErrors(fields, state, err);
    if (errors === null) throw err;
    return rerender(422, errors);
  }
}

export function objectRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const addForm = (model: ModelAdmin) => {
    if (!model.form?.create) throw new NotFoundError('page');
    return model.form;
  };

  app.get('/:model/add/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const form = addForm(model);
    const o = { model, heading: `Add ${model.label.toLowerCase()}`, action: `${ADMIN_PREFIX}/${model.name}/add/`, submitLabel: 'Save', fields: form.fields };
    return renderForm(ctx, request, reply, 200, { ...o, state: emptyFormState() });
  });

  app.post('/:model/add/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const form = addForm(model);
    const o = { model, heading: `Add ${model.label.toLowerCase()}`, action: `${ADMIN_PREFIX}/${model.name}/add/`, submitLabel: 'Save', fields: form.fields };
    const parsed = parseForm(form.fields, request.body as FormBody);
    const rerender = (status: number, state: FormState) => renderForm(ctx, request, reply, status, { ...o, state });
    if (!parsed.ok) return rerender(422, parsed.state);
    return submit(ctx, request, reply, form.fields, parsed.state, rerender, async () => {
      await auditedWrite(ctx, request, { action: 'create', model, id: undefined }, async (w) => ({ id: await form.create!(parsed.values, w) }));
      return listHref(model, 'added');
    });
  });

  app.get('/:model/:id/change/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const id = idOf(request);
    const row = await loadForPage(ctx, model, id, request.abortSignal);
    const fields = model.form?.update ? model.form.fields : [];
    const title = String(row['__title']);
    const o = { model, heading: title, action: `${ADMIN_PREFIX}/${model.name}/${id}/change/`, submitLabel: 'Save', fields, row, id };
    return renderForm(ctx, request, reply, 200, { ...o, state: emptyFormState(formatForForm(fields, row)) });
  });

  app.post('/:model/:id/change/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const id = idOf(request);
    const form = model.form;
    if (!form?.update) throw new NotFoundError('page');
    const row = await loadForPage(ctx, model, id, request.abortSignal);
    const o = { model, heading: String(row['__title']), action: `${ADMIN_PREFIX}/${model.name}/${id}/change/`, submitLabel: 'Save', fields: form.fields, row, id };
    const parsed = parseForm(form.fields, request.body as FormBody);
    const rerender = (status: number, state: FormState) => renderForm(ctx, request, reply, status, { ...o, state });
    if (!parsed.ok) return rerender(422, parsed.state);
    return submit(ctx, request, reply, form.fields, parsed.state, rerender, async () => {
      await auditedWrite(ctx, request, { action: 'update', model, id }, (w) => form.update!(id, parsed.values, w));
      return listHref(model, 'changed');
    });
  });

  const deletable = (model: ModelAdmin) => {
    if (!model.delete) throw new NotFoundError('page');
    return model.delete.bind(model);
  };

  app.get('/:model/:id/delete/', async (request, reply) => {
    const model = modelOf(ctx, request);
    deletable(model);
    const id = idOf(request);
    const row = await loadForPage(ctx, model, id, request.abortSignal);
    const content = confirmView({
      heading: 'Are you sure?',
      question: `Are you sure you want to delete the ${model.label.toLowerCase()} “${String(row['__title'])}”?`,
      objects: [{ id, title: String(row['__title']) }],
      action: `${ADMIN_PREFIX}/${model.name}/${id}/delete/`,
      csrfToken: sessionOf(request).csrfToken,
      hidden: [],
      confirmLabel: 'Yes, delete',
      cancelHref: `${ADMIN_PREFIX}/${model.name}/${id}/change/`,
    });
    return sendPage(reply, 200, pageOptions(ctx, request, 'Delete', { current: model.name }), content);
  });

  app.post('/:model/:id/delete/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const remove = deletable(model);
    const id = idOf(request);
    if (field(request.body as FormBody, 'confirm') !== 'yes') return reply.redirect(`${ADMIN_PREFIX}/${model.name}/${id}/delete/`, 303);
    try {
      await auditedWrite(ctx, request, { action: 'delete', model, id }, (w) => remove(id, w));
    } catch (err) {
      // The service's refusal (a customer with invoices) is the user's to read, not an error page.
      if (!(err instanceof AppError) || err instanceof NotFoundError || err.kind === 'unavailable') throw err;
      const row = await loadForPage(ctx, model, id, request.abortSignal);
      const label = model.label.toLowerCase();
      const content = refusalView({
        heading: `Cannot delete the ${label} “${String(row['__title'])}”`,
        message: err.message,
        backLabel: `Back to the ${label}`,
        backHref: `${ADMIN_PREFIX}/${model.name}/${id}/change/`,
      });
      return sendPage(reply, toProblem(err).problem.status, pageOptions(ctx, request, 'Cannot delete', { current: model.name }), content);
    }
    return reply.redirect(listHref(model, 'deleted'), 303);
  });

  const objectAction = (model: ModelAdmin, request: FastifyRequest) => {
    const action = (model.objectActions ?? []).find((a) => a.name === (request.params as Params).action);
    if (action === undefined) throw new NotFoundError('page');
    return action;
  };

  app.get('/:model/:id/:action/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const action = objectAction(model, request);
    const id = idOf(request);
    const row = await loadForPage(ctx, model, id, request.abortSignal);
    const o = { model, heading: `${action.label}: ${String(row['__title'])}`, action: `${ADMIN_PREFIX}/${model.name}/${id}/${action.name}/`, submitLabel: action.label, fields: action.fields };
    return renderForm(ctx, request, reply, 200, { ...o, state: emptyFormState() });
  });

  app.post('/:model/:id/:action/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const action = objectAction(model, request);
    const id = idOf(request);
    const row = await loadForPage(ctx, model, id, request.abortSignal);
    const o = { model, heading: `${action.label}: ${String(row['__title'])}`, action: `${ADMIN_PREFIX}/${model.name}/${id}/${action.name}/`, submitLabel: action.label, fields: action.fields };
    const parsed = parseForm(action.fields, request.body as FormBody);
    const rerender = (status: number, state: FormState) => renderForm(ctx, request, reply, status, { ...o, state });
    if (!parsed.ok) return rerender(422, parsed.state);
    return submit(ctx, request, reply, action.fields, parsed.state, rerender, async () => {
      let redirect = listHref(model);
      await auditedWrite(ctx, request, { action: 'action', model, id, summary: action.label }, async (w) => {
        const result = await action.run(id, parsed.values, w);
        redirect = result.redirect;
        return { summary: result.summary };
      });
      return `${redirect}${redirect.includes('?') ? '&' : '?'}msg=done`;
    });
  });
}
