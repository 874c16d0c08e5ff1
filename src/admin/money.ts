// Money in the admin: shown and typed in major units with the currency named ("15.00 USD"),
// stored as integer cents. Parsing is exact decimal arithmetic on the digits, never a float.

/** Every currency the product supports has two decimal places. */
const MINOR_DIGITS = 2;

export { formatMajor, formatMoney } from '../platform/money.ts';

const AMOUNT = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * `"15"`, `"15.5"`, `"15.50"`, `"1,234.50"`, `"-3.00"` → cents; null when it is not an amount with
 * at most two decimals. Thousands separators and surrounding spaces are forgiven.
 */
export function parseMajor(text: string): number | null {
  const m = AMOUNT.exec(text.trim().replace(/[,\s]/g, ''));
  if (m === null) return null;
  const cents = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(MINOR_DIGITS, '0'));
  return m[1] === '-' ? -cents : cents;
}
