// The password rules of the contract: 12 to 128 characters, not all digits, not (close to) the
// e-mail address, not a well-known common password. Pure: no I/O after construction.
import { COMMON_PASSWORDS } from './common-passwords.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
/** Like Django's UserAttributeSimilarityValidator: at or above this ratio is "too similar". */
const MAX_SIMILARITY = 0.7;

/** Length of the longest common subsequence of two short strings (arrays of code points). */
function lcsLength(a: readonly string[], b: readonly string[]): number {
  let previous = new Array<number>(b.length + 1).fill(0);
  for (const ca of a) {
    const current = new Array<number>(b.length + 1).fill(0);
    for (let j = 0; j < b.length; j++) {
      current[j + 1] = ca === b[j] ? previous[j]! + 1 : Math.max(previous[j + 1]!, current[j]!);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** 1 for equal strings, 0 for strings with nothing in common (the ratio Python's difflib reports). */
export function similarity(a: string, b: string): number {
  const ca = [...a];
  const cb = [...b];
  if (ca.length + cb.length === 0) return 1;
  return (2 * lcsLength(ca, cb)) / (ca.length + cb.length);
}

export class PasswordPolicy {
  private readonly common: ReadonlySet<string>;

  /**
   * Builds the common-password set once (per process, in main.ts), never per request. The default
   * list is zxcvbn's `passwords-common` (about 49,000 passwords from public breach corpora), of
   * which only the entries long enough to pass the length rule are kept (common-passwords.ts).
   */
  constructor(commonPasswords: Iterable<string> = COMMON_PASSWORDS) {
    const common = new Set<string>();
    for (const password of commonPasswords) {
      // Shorter entries can never pass the length rule, so they need not be kept.
      if ([...password].length >= PASSWORD_MIN_LENGTH) common.add(password.toLowerCase());
    }
    this.common = common;
  }

  /**
   * Every rule the password breaks, as messages for the `password` field; empty when acceptable.
   * `email` is the normalised address of the account the password is for.
   */
  problems(password: string, email: string): string[] {
    const length = [...password].length; // Unicode characters, not UTF-16 units
    if (length > PASSWORD_MAX_LENGTH) {
      // Stop here: the similarity check below is quadratic in the length.
      return [`Ensure this password has at most ${PASSWORD_MAX_LENGTH} characters.`];
    }
    const problems: string[] = [];
    if (length < PASSWORD_MIN_LENGTH) problems.push(`This password is too short. It must contain at least ${PASSWORD_MIN_LENGTH} characters.`);
    if (/^\p{Nd}+$/u.test(password)) problems.push('This password is entirely numeric.');
    if (this.tooSimilarToEmail(password.toLowerCase(), email)) problems.push('This password is too similar to the e-mail address.');
    if (this.common.has(password.trim().toLowerCase())) problems.push('This password is too common.');
    return problems;
  }

  /** The whole address inside the password, or a password close to the address or its local part. */
  private tooSimilarToEmail(password: string, email: string): boolean {
    if (email.length > 0 && password.includes(email)) return true;
    const local = email.slice(0, Math.max(0, email.lastIndexOf('@')));
    return [email, local].some((candidate) => candidate.length > 0 && similarity(password, candidate) >= MAX_SIMILARITY);
  }
}
