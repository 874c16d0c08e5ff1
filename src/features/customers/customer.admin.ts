// Admin registration for customers: staff see, edit and delete every owner's customers, through
// CustomerService's staff methods on the admin's transaction (the API's methods stay
// owner-scoped). A customer with invoices cannot be deleted, as in the API.
import type { ModelAdmin } from '../../admin/registry.ts';
import type { CustomerService } from './customer.service.ts';
import { CUSTOMER_EMAIL_MAX_CHARS, CUSTOMER_NAME_MAX_CHARS } from './customer.ts';

export function customerAdmin(deps: { customers: CustomerService }): ModelAdmin {
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
      { name: 'owner', label: 'Owner', kind: 'text', join: { fk: 'owner_id', table: 'users', column: 'email' } },
      { name: 'created_at', label: 'Created', kind: 'datetime' },
    ],
    form: {
      fields: [
        { name: 'name', label: 'Name', widget: 'text', required: true, maxLength: CUSTOMER_NAME_MAX_CHARS },
        { name: 'email', label: 'E-mail', widget: 'email', maxLength: CUSTOMER_EMAIL_MAX_CHARS, help: 'Optional; leave empty for none.' },
      ],
      async update(customerId, v, w) {
        const email = typeof v['email'] === 'string' ? v['email'] : null;
        await deps.customers.withDb(w.db).updateAsStaff(customerId, { name: typeof v['name'] === 'string' ? v['name'] : '', email }, w.signal);
      },
    },
    delete: (customerId, w) => deps.customers.withDb(w.db).deleteAsStaff(customerId, w.signal),
  };
}
