// The user as the rest of the code sees it, and the pure rules for the fields a person types in
// (e-mail address, display name). No I/O here.

/** A user account; the API's `/me` shape adds the currency at the edge. */
export interface User {
  id: number;
  email: string;
  name: string;
  is_staff: boolean;
  balance_cents: number;
  created_at: Date;
}

export const EMAIL_MAX_LENGTH = 254; // RFC 5321 path limit; also the users.email CHECK
const LOCAL_PART_MAX_LENGTH = 64;
export const NAME_MAX_LENGTH = 150;

/**
 * Canonical form of an e-mail address: trimmed and lower-cased (users.email is stored so). NUL,
 * which PostgreSQL text cannot hold, becomes U+FFFD: no valid address contains either, so a
 * look-up (login, password reset) finds nothing instead of failing the statement.
 */
export function normaliseEmail(raw: string): string {
  return raw.trim().toLowerCase().replaceAll('\u0000', '\ufffd');
}

// Dot-atoms only (no quoted local parts, no IP literals): what real sign-up forms accept.
const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** Why a normalised e-mail address is unacceptable, or null when it is fine. */
export function emailProblem(email: string): string | null {
  const invalid = 'Enter a valid e-mail address.';
  // Length first: the patterns below then only ever see short strings.
  if (email.length < 3 || email.length > EMAIL_MAX_LENGTH) return invalid;
  const at = email.lastIndexOf('@');
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split('.');
  const ok =
    at > 0 &&
    local.length <= LOCAL_PART_MAX_LENGTH &&
    LOCAL_PART.test(local) &&
    labels.length >= 2 &&
    labels.every((label) => DOMAIN_LABEL.test(label)) &&
    !/^\d+$/.test(labels.at(-1)!);
  return ok ? null : invalid;
}

/** Display names are stored trimmed. */
export function normaliseName(raw: string): string {
  return raw.trim();
}

/** Why a normalised display name is unacceptable, or null when it is fine. */
export function nameProblem(name: string): string | null {
  const length = [...name].length; // Unicode characters, like the users.name CHECK
  if (length === 0) return 'This field may not be blank.';
  if (length > NAME_MAX_LENGTH) return `Ensure this field has no more than ${NAME_MAX_LENGTH} characters.`;
  if (name.includes('\u0000')) return 'Null characters are not allowed.';
  return null;
}
