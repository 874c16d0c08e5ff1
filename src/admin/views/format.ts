// How values are shown: money in major units with the currency, times in UTC, booleans in words.
import { html, type SafeHtml } from '../html.ts';
import { formatMoney } from '../money.ts';
import type { ColumnDef } from '../registry.ts';
import type { Row } from '../../platform/db/db.ts';

const EMPTY = html`<span class="empty" aria-label="empty">—</span>`;

/** `2024-05-01 12:34 UTC`. */
export function formatDateTime(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The text of a column's value in a row (no markup), for titles and plain contexts. */
export function plainValue(column: ColumnDef, row: Row): string | null {
  const value = row[column.name];
  if (value === null || value === undefined) return null;
  switch (column.kind) {
    case 'money': {
      const currency = column.currency && 'fixed' in column.currency ? column.currency.fixed : String(row[`${column.name}__currency`] ?? '');
      return formatMoney(Number(value), currency);
    }
    case 'datetime':
      return value instanceof Date ? formatDateTime(value) : String(value);
    case 'bool':
      return value === true ? 'Yes' : 'No';
    case 'json':
      return JSON.stringify(value, null, 2);
    default:
      return String(value);
  }
}

/** A cell's markup: escaped text, numbers right-aligned by class, JSON preformatted. */
export function cellValue(column: ColumnDef, row: Row): SafeHtml {
  const text = plainValue(column, row);
  if (text === null) return EMPTY;
  if (column.kind === 'json') return html`<pre class="json">${text}</pre>`;
  return html`${text}`;
}

/** CSS class for a column's cells. */
export function cellClass(column: ColumnDef): string {
  return column.kind === 'money' || column.kind === 'int' ? 'num' : column.kind;
}
