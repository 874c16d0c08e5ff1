import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../platform/errors.ts';
import { startTestApp, type TestApp } from '../../../test/support/app.ts';
import { createUser } from '../../../test/support/factories.ts';
import { EmailTakenError } from './user.errors.ts';

const USER_KEYS = ['balance_cents', 'created_at', 'currency', 'email', 'id', 'is_staff', 'name'];
const RFC3339_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const PASSWORD = 'violet staircase 42 lanterns';
let seq = 0;
const freshEmail = () => `signup-${++seq}-${Date.now()}@example.com`;
const signal = () => new AbortController().signal;

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const signUp = (body: unknown) => t.request('POST', '/api/v1/users', { body });

function expectProblem(res: { status: number; body: Record<string, unknown>; headers: Record<string, unknown> }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
}

describe('POST /api/v1/users', () => {
  it('creates a user and answers 201 with exactly the /me shape', async () => {
    const email = freshEmail();
    const res = await signUp({ email, password: PASSWORD, name: 'Ada Lovelace' });
    expect(res.status).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
    expect(res.body).toMatchObject({ email, name: 'Ada Lovelace', is_staff: false, balance_cents: 0, currency: 'USD' });
    expect(Number.isSafeInteger(res.body.id) && res.body.id > 0).toBe(true);
    expect(res.body.created_at).toMatch(RFC3339_UTC);
  });

  it('reports the configured base currency', async () => {
    const eur = await startTestApp({ env: { BASE_CURRENCY: 'EUR' } });
    try {
      const res = await eur.request('POST', '/api/v1/users', { body: { email: freshEmail(), password: PASSWORD, name: 'Eur' } });
      expect(res.body.currency).toBe('EUR');
    } finally {
      await eur.close();
    }
  });

  it('normalises the e-mail address to lower case and trims the name', async () => {
    const res = await signUp({ email: '  Grace.Hopper+Navy@Example.COM ', password: PASSWORD, name: '  Grace  ' });
    expect(res.status).toBe(201);
    expect(res.body.email).toBe('grace.hopper+navy@example.com');
    expect(res.body.name).toBe('Grace');
  });

  it('stores the password with argon2id at m=19456, t=2, p=1 and never in clear', async () => {
    const email = freshEmail();
    await signUp({ email, password: PASSWORD, name: 'Hash' });
    const { rows } = await t.database.admin.query<{ password_hash: string }>('SELECT password_hash FROM users WHERE email = $1', [email]);
    expect(rows[0]!.password_hash.startsWith('$argon2id$v=19$m=19456,t=2,p=1$')).toBe(true);
    expect(rows[0]!.password_hash).not.toContain(PASSWORD);
  });

  it('answers 409 when the e-mail address is taken, whatever its case', async () => {
    const email = freshEmail();
    expect((await signUp({ email, password: PASSWORD, name: 'First' })).status).toBe(201);
    const res = await signUp({ email: email.toUpperCase(), password: PASSWORD, name: 'Second' });
    expectProblem(res, 409);
    expect(res.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
  });

  it.each([
    ['is shorter than 12 characters', 'short pass!', /too short/],
    ['is longer than 128 characters', 'x'.repeat(129), /at most 128/],
    ['counts 11 emoji as 11 characters, too short', '🔐'.repeat(11), /too short/],
    ['is made only of digits', '839201746352918', /entirely numeric/],
    ['is the e-mail address in another case', 'JONATHAN.SMITH@EXAMPLE.COM', /similar to the e-mail/],
    ['is the e-mail local part in another case', 'Jonathan.Smith', /similar to the e-mail/],
    ['is the local part with a few digits', 'jonathansmith99', /similar to the e-mail/],
    ['is a well-known common password', 'qazwsxedcrfv', /too common/],
  ])('answers 422 on password when it %s', async (_rule, password, message) => {
    const res = await signUp({ email: 'jonathan.smith@example.com', password, name: 'Rule' });
    expectProblem(res, 422);
    expect(res.body.errors.length).toBeGreaterThan(0);
    for (const error of res.body.errors) expect(error.field).toBe('password');
    expect(res.body.errors.some((e: { message: string }) => message.test(e.message))).toBe(true);
  });

  it('accepts passwords of exactly 12 and 128 characters, counted in Unicode characters', async () => {
    for (const password of ['🔐'.repeat(12), 'ab3'.repeat(42) + 'xy']) {
      const res = await signUp({ email: freshEmail(), password, name: 'Edge' });
      expect(res.status).toBe(201);
    }
  });

  it.each([
    ['an invalid e-mail address', { email: 'not-an-address', password: PASSWORD, name: 'N' }, 'email'],
    ['an e-mail address without a domain dot', { email: 'someone@localhost', password: PASSWORD, name: 'N' }, 'email'],
    ['a missing name', { email: 'x@example.com', password: PASSWORD }, 'name'],
    ['a blank name', { email: 'x@example.com', password: PASSWORD, name: '   ' }, 'name'],
    ['a name over 150 characters', { email: 'x@example.com', password: PASSWORD, name: 'n'.repeat(151) }, 'name'],
    ['a missing password', { email: 'x@example.com', name: 'N' }, 'password'],
    ['a non-string e-mail', { email: 42, password: PASSWORD, name: 'N' }, 'email'],
  ])('answers 422 with a field error for %s', async (_case, body, field) => {
    const res = await signUp(body);
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([{ field, message: expect.any(String) }]);
  });

  it('reports every invalid field at once', async () => {
    const res = await signUp({ email: 'nope', password: '123', name: ' ' });
    expectProblem(res, 422);
    expect(new Set(res.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['email', 'name', 'password']));
  });

  it('answers 400 to malformed JSON', async () => {
    const res = await t.request('POST', '/api/v1/users', { payload: '{"email": ', headers: { 'content-type': 'application/json' } });
    expectProblem(res, 400);
  });

  it('answers 415 to a body that is not application/json', async () => {
    const res = await t.request('POST', '/api/v1/users', { payload: 'email=a@b.co', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expectProblem(res, 415);
  });
});

describe('POST /api/v1/users with sign-up closed', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await startTestApp({ env: { SIGNUP_OPEN: 'false' } });
  });
  afterAll(async () => closed.close());

  it('answers 403 and creates nobody, even for a valid body', async () => {
    const email = freshEmail();
    const res = await closed.request('POST', '/api/v1/users', { body: { email, password: PASSWORD, name: 'Closed' } });
    expectProblem(res, 403);
    const { rows } = await closed.database.admin.query('SELECT 1 FROM users WHERE email = $1', [email]);
    expect(rows).toEqual([]);
  });

  it('answers 403 before looking at the body', async () => {
    expectProblem(await closed.request('POST', '/api/v1/users', { payload: 'garbage', headers: { 'content-type': 'text/plain' } }), 403);
  });

  it('still lets createsuperuser make accounts', async () => {
    const user = await closed.services.users.createSuperuser({ email: freshEmail(), password: PASSWORD, name: 'Root' }, signal());
    expect(user.is_staff).toBe(true);
  });
});

describe('UserService.createSuperuser', () => {
  it('creates a staff user who can log in', async () => {
    const email = freshEmail();
    const user = await t.services.users.createSuperuser({ email, password: PASSWORD, name: 'Staff' }, signal());
    expect(user).toMatchObject({ email, is_staff: true, balance_cents: 0 });
    const login = await t.request('POST', '/api/v1/auth/tokens', { body: { email, password: PASSWORD } });
    const me = await t.request('GET', '/api/v1/me', { token: login.body.token });
    expect(me.body).toMatchObject({ id: user.id, is_staff: true });
  });

  it('throws a typed ConflictError when the e-mail address is taken', async () => {
    const email = freshEmail();
    await t.services.users.signUp({ email, password: PASSWORD, name: 'Taken' }, signal());
    const attempt = t.services.users.createSuperuser({ email, password: PASSWORD, name: 'Again' }, signal());
    await expect(attempt).rejects.toBeInstanceOf(EmailTakenError);
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ code: 'user.email_taken' });
  });

  it('applies the same password policy', async () => {
    const attempt = t.services.users.createSuperuser({ email: freshEmail(), password: '123456789012', name: 'Weak' }, signal());
    await expect(attempt).rejects.toBeInstanceOf(ValidationError);
  });
});

describe('GET /api/v1/me', () => {
  it('answers the authenticated user in exactly the contract shape', async () => {
    const user = await createUser(t, { name: 'Me Myself' });
    const res = await t.request('GET', '/api/v1/me', { token: user.token });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(USER_KEYS);
    expect(res.body).toMatchObject({ id: user.id, email: user.email, name: 'Me Myself', is_staff: false, balance_cents: 0, currency: 'USD' });
    expect(res.body.created_at).toMatch(RFC3339_UTC);
  });

  it('answers 401 with one body for a missing, malformed or unknown token', async () => {
    const missing = await t.request('GET', '/api/v1/me');
    const malformed = await t.request('GET', '/api/v1/me', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    const unknown = await t.request('GET', '/api/v1/me', { token: 'A'.repeat(43) });
    for (const res of [missing, malformed, unknown]) {
      expectProblem(res, 401);
      expect(res.headers['www-authenticate']).toBe('Bearer');
      expect(res.body).toEqual(missing.body);
    }
  });
});
