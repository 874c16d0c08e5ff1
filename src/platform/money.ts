// Money as people read it (e-mails, the admin): integer minor units → "15.00 USD". Integer
// arithmetic only, never a float: every supported currency has two decimal places.

/** `1999` → `"19.99"`; `-250` → `"-2.50"` (form inputs show this, without the currency). */
export function formatMajor(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`money must be a safe integer of minor units (got ${cents})`);
  const abs = Math.abs(cents);
  const major = (abs - (abs % 100)) / 100; // exact: both operands are integers below 2^53
  const minor = String(abs % 100).padStart(2, '0');
  return `${cents < 0 ? '-' : ''}${major}.${minor}`;
}

/** `1999, 'USD'` → `"19.99 USD"`; `5, 'EUR'` → `"0.05 EUR"`; `-250, 'GBP'` → `"-2.50 GBP"`. */
export function formatMoney(cents: number, currency: string): string {
  return `${formatMajor(cents)} ${currency}`;
}
