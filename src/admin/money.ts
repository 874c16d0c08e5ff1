// Money in the admin: shown and typed in major units with the currency named ("15.00 USD"),
// stored as integer cents. Parsing is exact decimal arithmetic on the digits, never a float.

/** Every currency the product supports has two decimal places. */
const MINOR_DIGITS = 2;

/** `1500, 'USD'` → `15.00 USD`; negative amounts keep their sign. */
export function formatMoney(cents: number, currency: string): string {
  return `${formatMajor(cents)} ${currency}`;
}

/** `1500` → `15.00`, without the currency (form inputs). */
export function formatMajor(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const major = Math.trunc(abs / 100);
  const minor = String(abs % 100).padStart(MINOR_DIGITS, '0');
  return `${sign}${major}.${minor}`;
}

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
