// The index and list pages, and bulk actions (selected rows → confirmation page → action).
import type { FastifyInstance } from 'fastify';
import { BadRequestError } from '../platform/errors.ts';
import { fieldList, field, pageOptions, sendPage, sessionOf, type AdminContext, type FormBody } from './context.ts';
import { loadListPage, runSql } from './list-data.ts';
import { parseListParams, type Query } from './list-params.ts';
import { titlesSql } from './list-sql.ts';
import { modelOf } from './objects.ts';
import type { ModelAdmin } from './registry.ts';
import { auditedWrite } from './writes.ts';
import { ADMIN_PREFIX } from './views/layout.ts';
import { listView } from './views/list.ts';
import { confirmView, indexView } from './views/pages.ts';

/** At most this many rows per bulk action (one page's worth, with room). */
const MAX_SELECTED = 500;

/** Fixed messages after a redirect; the query only chooses one, it never supplies text. */
function message(model: ModelAdmin, code: string | undefined): string | undefined {
  const label = model.label.toLowerCase();
  switch (code) {
    case 'added':
      return `The ${label} was added successfully.`;
    case 'changed':
      return `The ${label} was changed successfully.`;
    case 'deleted':
      return `The ${label} was deleted successfully.`;
    case 'bulk':
      return `The action was applied to the selected ${model.labelPlural.toLowerCase()}.`;
    case 'done':
      return 'The action was carried out successfully.';
    case 'none':
      return 'Items must be selected in order to perform actions on them. No items have been changed.';
    default:
      return undefined;
  }
}

function selectedIds(body: FormBody): number[] {
  const ids = fieldList(body, 'ids');
  if (ids.length > MAX_SELECTED) throw new BadRequestError('admin.too_many_selected', `Select at most ${MAX_SELECTED} rows at a time.`);
  if (!ids.every((id) => /^\d{1,15}$/.test(id))) throw new BadRequestError('admin.invalid_selection', 'The selection is invalid.');
  return [...new Set(ids.map(Number))];
}

export function listRoutes(app: FastifyInstance, ctx: AdminContext): void {
  app.get('/', async (request, reply) => {
    return sendPage(reply, 200, pageOptions(ctx, request, 'Site administration'), indexView(ctx.registry.models, ctx.pages));
  });

  app.get('/:model/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const query = request.query as Query;
    const params = parseListParams(model, query);
    const page = await loadListPage(ctx.db, model, params, request.abortSignal);
    const msg = typeof query['msg'] === 'string' ? message(model, query['msg']) : undefined;
    const content = listView(model, params, page, sessionOf(request).csrfToken);
    return sendPage(reply, 200, pageOptions(ctx, request, model.labelPlural, { current: model.name, message: msg }), content);
  });

  app.post('/:model/action/', async (request, reply) => {
    const model = modelOf(ctx, request);
    const body = request.body as FormBody;
    const action = (model.actions ?? []).find((a) => a.name === field(body, 'action'));
    if (action === undefined) throw new BadRequestError('admin.unknown_action', 'Choose an action from the list.');
    const ids = selectedIds(body);
    if (ids.length === 0) return reply.redirect(`${ADMIN_PREFIX}/${model.name}/?msg=none`, 303);

    if (field(body, 'confirm') !== 'yes') {
      const rows = await runSql(ctx.db, titlesSql(model, ids), request.abortSignal);
      const content = confirmView({
        heading: 'Are you sure?',
        question: `${action.label}: the following ${rows.length === 1 ? model.label.toLowerCase() : model.labelPlural.toLowerCase()} will be affected.`,
        objects: rows.map((r) => ({ id: Number(r['__id']), title: String(r['__title']) })),
        action: `${ADMIN_PREFIX}/${model.name}/action/`,
        csrfToken: sessionOf(request).csrfToken,
        hidden: [['action', action.name], ...rows.map((r) => ['ids', String(r['__id'])] as const)],
        confirmLabel: "Yes, I'm sure",
        cancelHref: `${ADMIN_PREFIX}/${model.name}/`,
      });
      return sendPage(reply, 200, pageOptions(ctx, request, 'Confirm action', { current: model.name }), content);
    }

    // Each object in its own transaction with its audit row: one failure leaves the others done.
    for (const id of ids) {
      await auditedWrite(ctx, request, { action: action.audit, model, id, summary: action.label }, (w) => action.run(id, w));
    }
    return reply.redirect(`${ADMIN_PREFIX}/${model.name}/?msg=bulk`, 303);
  });
}
