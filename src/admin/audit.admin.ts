// The audit log in the admin: read-only, searchable, filterable by action, model and object.
import type { ModelAdmin } from './registry.ts';

export function auditLogAdmin(modelNames: readonly string[]): ModelAdmin {
  return {
    name: 'audit-log',
    label: 'Audit entry',
    labelPlural: 'Audit log',
    table: 'admin_audit_log',
    titleColumn: 'object_repr',
    columns: [
      { name: 'created_at', label: 'When', kind: 'datetime', sortable: true, link: true },
      { name: 'actor_email', label: 'Who', kind: 'text' },
      { name: 'action', label: 'Action', kind: 'text' },
      { name: 'model', label: 'Model', kind: 'text' },
      { name: 'object_id', label: 'Object id', kind: 'text' },
      { name: 'object_repr', label: 'Object', kind: 'text' },
      { name: 'summary', label: 'Summary', kind: 'text' },
    ],
    searchFields: ['object_repr', 'actor_email', 'summary'],
    filters: [
      { kind: 'choices', field: 'action', label: 'Action', choices: [['create', 'Create'], ['update', 'Update'], ['delete', 'Delete'], ['action', 'Action']] },
      { kind: 'choices', field: 'model', label: 'Model', choices: modelNames.map((n) => [n, n] as const) },
      { kind: 'exact', field: 'object_id', label: 'Object id' },
    ],
    dateHierarchy: 'created_at',
    ordering: '-created_at',
    readOnlyFields: [
      { name: 'created_at', label: 'When', kind: 'datetime' },
      { name: 'actor_email', label: 'Who', kind: 'text' },
      { name: 'action', label: 'Action', kind: 'text' },
      { name: 'model', label: 'Model', kind: 'text' },
      { name: 'object_id', label: 'Object id', kind: 'text' },
      { name: 'summary', label: 'Summary', kind: 'text' },
      { name: 'before', label: 'Before', kind: 'json' },
      { name: 'after', label: 'After', kind: 'json' },
    ],
  };
}
