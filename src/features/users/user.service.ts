// UserService: creating accounts (sign-up, superusers), reading them, checking passwords, and
// staff edits of an account (the admin).
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/db.ts';
import { isUniqueViolation } from '../../platform/db/errors.ts';
import { NotFoundError, ValidationError, type FieldError } from '../../platform/errors.ts';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from './password-hash.ts';
import { PasswordPolicy } from './password-policy.ts';
import { getCredentialsByEmail, getUserById, insertUser, updateAccount } from './queries.queries.ts';
import { EmailTakenError } from './user.errors.ts';
import { emailProblem, nameProblem, normaliseEmail, normaliseName, type User } from './user.ts';

export type { User } from './user.ts';

export interface SignUpInput {
  email: string;
  password: string;
  name: string;
}

/** A staff edit of an account; an absent field is left unchanged. */
export interface AccountPatch {
  email?: string | undefined;
  name?: string | undefined;
  isStaff?: boolean | undefined;
  isActive?: boolean | undefined;
}

export interface AccountChange {
  user: User;
  /** This change switched the account from active to inactive (its credentials must end). */
  deactivated: boolean;
}

export interface UserServiceDeps {
  db: Db;
  clock: Clock;
  /** Defaults to the built-in common-password list (loaded once, here). */
  passwordPolicy?: PasswordPolicy;
}

export class UserService {
  private readonly passwordPolicy: PasswordPolicy;

  constructor(private readonly deps: UserServiceDeps) {
    this.passwordPolicy = deps.passwordPolicy ?? new PasswordPolicy();
  }

  /** The same service with its statements on `db` (e.g. the admin's transaction), sqlc-WithTx style. */
  withDb(db: Db): UserService {
    // The policy is handed on: its common-password list is loaded once.
    return new UserService({ ...this.deps, db, passwordPolicy: this.passwordPolicy });
  }

  /** Open sign-up (whether it is open is the front door's decision): a regular user. */
  signUp(input: SignUpInput, signal: AbortSignal): Promise<User> {
    return this.create(input, false, signal);
  }

  /** A staff user, for `ledgerline createsuperuser`; same rules, EmailTakenError when taken. */
  createSuperuser(input: SignUpInput, signal: AbortSignal): Promise<User> {
    return this.create(input, true, signal);
  }

  async getById(id: number, signal: AbortSignal): Promise<User> {
    const [row] = await this.deps.db.run(getUserById, { id }, signal);
    if (row === undefined) throw new NotFoundError('user');
    return row;
  }

  /**
   * The id of the active user with this e-mail and password, else null. Takes about the same time
   * whether or not the address has an account: an unknown one is checked against a dummy hash.
   */
  async verifyCredentials(email: string, password: string, signal: AbortSignal): Promise<number | null> {
    const [row] = await this.deps.db.run(getCredentialsByEmail, { email: normaliseEmail(email) }, signal);
    const matches = await verifyPassword(row?.password_hash ?? DUMMY_PASSWORD_HASH, password, signal);
    return row !== undefined && row.is_active && matches ? row.id : null;
  }

  /**
   * A staff member's edit of an account, under the sign-up rules for the e-mail address (stored
   * lower-cased, so uniqueness is case-insensitive: EmailTakenError, 409 on `email`) and the
   * name. Nobody may remove their own staff status or deactivate themselves (a field error), so
   * the admin cannot be left by accident without the person using it. Reports whether the change
   * deactivated the account: the caller ends its credentials on the same transaction.
   */
  async updateAccount(id: number, patch: AccountPatch, actor: { id: number }, signal: AbortSignal): Promise<AccountChange> {
    const errors: FieldError[] = [];
    const email = patch.email === undefined ? undefined : normaliseEmail(patch.email);
    const emailError = email === undefined ? null : emailProblem(email);
    if (emailError !== null) errors.push({ field: 'email', message: emailError });
    const name = patch.name === undefined ? undefined : normaliseName(patch.name);
    const nameError = name === undefined ? null : nameProblem(name);
    if (nameError !== null) errors.push({ field: 'name', message: nameError });
    if (id === actor.id && patch.isStaff === false) errors.push({ field: 'is_staff', message: 'You cannot remove your own staff status.' });
    if (id === actor.id && patch.isActive === false) errors.push({ field: 'is_active', message: 'You cannot deactivate your own account.' });
    if (errors.length > 0) throw new ValidationError(errors);

    let rows;
    try {
      rows = await this.deps.db.run(updateAccount, { id, email: email ?? null, name: name ?? null, isStaff: patch.isStaff ?? null, isActive: patch.isActive ?? null }, signal);
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) throw new EmailTakenError();
      throw err;
    }
    const [row] = rows;
    if (row === undefined) throw new NotFoundError('user');
    const { was_active: wasActive, is_active: isActive, ...user } = row;
    return { user, deactivated: wasActive && !isActive };
  }

  /** Every rule a new password for the account with this e-mail breaks (empty when acceptable). */
  passwordProblems(password: string, email: string): string[] {
    return this.passwordPolicy.problems(password, normaliseEmail(email));
  }

  private async create(input: SignUpInput, isStaff: boolean, signal: AbortSignal): Promise<User> {
    const email = normaliseEmail(input.email);
    const name = normaliseName(input.name);
    const errors: FieldError[] = [];
    const emailError = emailProblem(email);
    if (emailError !== null) errors.push({ field: 'email', message: emailError });
    const nameError = nameProblem(name);
    if (nameError !== null) errors.push({ field: 'name', message: nameError });
    for (const message of this.passwordPolicy.problems(input.password, email)) errors.push({ field: 'password', message });
    if (errors.length > 0) throw new ValidationError(errors);

    const passwordHash = await hashPassword(input.password, signal);
    try {
      // No look-up first: the unique constraint is the only check that holds under concurrency.
      const [row] = await this.deps.db.run(insertUser, { email, name, passwordHash, isStaff }, signal);
      return row!;
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_key')) throw new EmailTakenError();
      throw err;
    }
  }
}
