// Password hashing: argon2id at OWASP's minimum (19 MiB, 2 passes, 1 lane), on libuv's thread pool
// so the event loop never blocks on it.
import { hash, verify, type Options } from '@node-rs/argon2';
import { CancelledError } from '../../platform/db/errors.ts';

// `Algorithm` is a const enum in @node-rs/argon2's typings, which isolatedModules cannot inline;
// 2 is its Argon2id member.
const ARGON2ID = 2 as Options['algorithm'];

export const ARGON2_OPTIONS: Readonly<Options> = Object.freeze({
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
});

/**
 * A hash of a random, discarded password with the same parameters. Logins for unknown e-mail
 * addresses verify against it, so they cost the same time as a wrong password for a real account.
 */
export const DUMMY_PASSWORD_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$YO2jFKbNNlUs8w3JcgxmQg$ScL5HgYLGYpJIbABIjIxAqUW+kc0lEQul2PT5qr4WPc';

/** Runs an argon2 call; a fired signal surfaces as the platform's CancelledError (499, not 500). */
async function cancellable<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw new CancelledError(signal.reason);
  try {
    return await work();
  } catch (err) {
    if (signal.aborted) throw new CancelledError(signal.reason, err);
    throw err;
  }
}

/** The PHC string to store in users.password_hash. */
export function hashPassword(password: string, signal: AbortSignal): Promise<string> {
  return cancellable(signal, () => hash(password, ARGON2_OPTIONS, signal));
}

/** Whether `password` matches a stored PHC string (constant-time comparison inside argon2). */
export function verifyPassword(passwordHash: string, password: string, signal: AbortSignal): Promise<boolean> {
  return cancellable(signal, () => verify(passwordHash, password, undefined, signal));
}
