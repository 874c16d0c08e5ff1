// Admin registration for customers: read-only (CustomerService's writes are owner-scoped API
// operations; staff see every owner's customers here).
import type { ModelAdmin } from '../../admin/registry.ts';

export function customerAdmin(): ModelAdmin {
  return {
    name: 'customers',
    label: 'Customer',
    labelPlural: 'Customers',
    table: 'customers',
    titleColumn: 'name',
    columns: [
      { name: 'name', label: 'Name', kind: 'text', sortable: true },
      { name: 'email', label: 'E-mail', kind: 'text' },
      { name: 'owner', label: 'Owner', kind: 'text', join: { fk: 'owner_id', table: 'users', column: 'email', model: 'users' } },
      { name: 'created_at', label: 'Created', kind: 'datetime', sortable: true },
    ],
    searchFields: ['name', 'email'],
    filters: [{ kind: 'relation', field: 'owner_id', label: 'Owner', table: 'users', labelColumn: 'email' }],
    dateHierarchy: 'created_at',
    ordering: '-created_at',
    readOnlyFields: [
      { name: 'id', label: 'ID', kind: 'int' },
      { name: 'name', label: 'Name', kind: 'text' },
      { name: 'email', label: 'E-mail', kind: 'text' },
      { name: 'owner', label: 'Owner', kind: 'text', join: { fk: 'owner_id', table: 'users', column: 'email' } },
      { name: 'created_at', label: 'Created', kind: 'datetime' },
    ],
  };
}
