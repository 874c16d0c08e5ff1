// Customers: the domain type and the rules for its fields, shared by every front door (API,
// admin, CLI) because the service applies them, not the HTTP schema alone.
import { ValidationError, type FieldError } from '../../platform/errors.ts';

/** A customer as the rest of the program sees it; always read through its owner. */
export interface Customer {
  id: number;
  name: string;
  email: string | null;
  createdAt: Date;
}

/** Input to CustomerService.create; `email` absent or null means none. */
export interface NewCustomer {
  name: string;
  email?: string | null | undefined;
}

/** Input to CustomerService.update: an absent field is left unchanged; `email: null` clears it. */
export interface CustomerPatch {
  name?: string | undefined;
  email?: string | null | undefined;
}

/** Limits mirrored by the CHECK constraints in migrations/0002_customers_and_invoices.sql. */
export const CUSTOMER_NAME_MAX_CHARS = 200;
export const CUSTOMER_EMAIL_MAX_CHARS = 254;

/** Characters PostgreSQL text cannot store: sent as-is they would fail the statement (a 500). */
const NUL = '\u0000';

function checkName(raw: string, errors: FieldError[]): string {
  // Surrounding whitespace is never meaningful in a name (DRF's trim_whitespace does the same).
  const name = raw.trim();
  if (name === '') errors.push({ field: 'name', message: 'This field may not be blank.' });
  else if ([...name].length > CUSTOMER_NAME_MAX_CHARS) {
    errors.push({ field: 'name', message: `Ensure this field has no more than ${CUSTOMER_NAME_MAX_CHARS} characters.` });
  } else if (name.includes(NUL)) errors.push({ field: 'name', message: 'Null characters are not allowed.' });
  return name;
}

function checkEmail(raw: string | null, errors: FieldError[]): string | null {
  if (raw === null) return null;
  const email = raw.trim();
  // The format itself is checked at the edge (JSON schema); these are the storage rules.
  if (email.length < 3 || [...email].length > CUSTOMER_EMAIL_MAX_CHARS || email.includes(NUL)) {
    errors.push({ field: 'email', message: 'Enter a valid email address.' });
  }
  return email;
}

/** Normalises a new customer's fields, or throws a ValidationError naming each bad field. */
export function parseNewCustomer(input: NewCustomer): { name: string; email: string | null } {
  const errors: FieldError[] = [];
  const name = checkName(input.name, errors);
  const email = checkEmail(input.email ?? null, errors);
  if (errors.length > 0) throw new ValidationError(errors);
  return { name, email };
}

/** Normalises a patch; fields left undefined stay undefined (unchanged). */
export function parseCustomerPatch(patch: CustomerPatch): CustomerPatch {
  const errors: FieldError[] = [];
  const out: CustomerPatch = {};
  if (patch.name !== undefined) out.name = checkName(patch.name, errors);
  if (patch.email !== undefined) out.email = checkEmail(patch.email, errors);
  if (errors.length > 0) throw new ValidationError(errors);
  return out;
}
