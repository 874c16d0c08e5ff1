// Server-side HTML with escaping by default: the `html` tagged template escapes every
// interpolated value unless it is already SafeHtml (the result of another `html` template).
// There is no other way to produce SafeHtml from a string except `trustedHtml`, which is only for
// constants in our own code, so user data can never reach the page unescaped by accident.

const SAFE = Symbol('SafeHtml');

/** Markup that is known to be safe: produced by `html` (escaped) or a constant in our code. */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
}

/** Anything that can be interpolated: escaped text, nested markup, lists of either, or nothing. */
export type HtmlValue = SafeHtml | string | number | bigint | boolean | null | undefined | readonly HtmlValue[];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and for quoted attribute values alike. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (isSafe(value)) return value.value;
  if (Array.isArray(value)) return value.map((v: HtmlValue) => render(v)).join('');
  return escapeHtml(String(value));
}

const safe = (value: string): SafeHtml => ({ [SAFE]: true, value });

/** The tagged template: `html\`<p>${name}</p>\`` escapes `name`. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return safe(out);
}

/** Marks a constant from our own code as markup (never pass request or database data). */
export function trustedHtml(constant: string): SafeHtml {
  return safe(constant);
}

/** `attrs({ checked: true, value: 'x' })`: boolean attributes present or absent, values escaped. */
export function attrs(map: Record<string, string | number | boolean | null | undefined>): SafeHtml {
  let out = '';
  for (const [name, value] of Object.entries(map)) {
    if (value === undefined || value === null || value === false) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return safe(out);
}
