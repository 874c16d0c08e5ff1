import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AdminClient } from '../../../test/support/admin.ts';
import { createUser, type TestUser } from '../../../test/support/factories.ts';
import type { Clock } from '../../platform/clock.ts';
import { withTransaction } from '../../platform/db/db.ts';
import { PUBLIC_URL, startMailTestApp, type MailTestApp } from '../notifications/mail.fixtures.ts';

// A clock the tests can move forward; it follows real time otherwise.
let offsetMs = 0;
const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };

let m: MailTestApp;
beforeAll(async () => {
  m = await startMailTestApp({ clock });
  await m.startWorker();
});
afterEach(() => {
  offsetMs = 0;
});
afterAll(async () => m.close());

const signal = () => new AbortController().signal;
const requestReset = (email: string) => m.t.request('POST', '/api/v1/auth/password-reset', { body: { email } });
const confirm = (token: string, password: string) => m.t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token, password } });
const login = (email: string, password: string) => m.t.request('POST', '/api/v1/auth/tokens', { body: { email, password } });
const me = (token: string) => m.t.request('GET', '/api/v1/me', { token });
const NEW_PASSWORD = 'a brand new passphrase 42';
const LINK = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/reset-password\\?token=([A-Za-z0-9_-]{43})`);

/** Asks for a reset and returns the token from the e-mail that arrives (the `n`-th to this address). */
async function resetTokenFor(user: Pick<TestUser, 'email'>, n = 1): Promise<string> {
  expect((await requestReset(user.email)).status).toBe(202);
  const mail = (await m.waitForMail(user.email, n))[n - 1]!;
  const token = LINK.exec(mail.text ?? '')?.[1];
  expect(token).toBeDefined();
  return token!;
}

const countResets = async (userId: number) =>
  Number((await m.t.database.admin.query('SELECT count(*) AS n FROM password_resets WHERE user_id = $1', [userId])).rows[0].n);
const countEmailJobs = async () =>
  Number((await m.t.database.admin.query(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'send_email'`)).rows[0].n);

describe('POST /api/v1/auth/password-reset', () => {
  it('answers 202 with the same body for a known and an unknown address; only the known one gets an e-mail', async () => {
    const user = await createUser(m.t);
    const ghost = `ghost-${Date.now()}@example.com`;
    const known = await requestReset(user.email);
    const unknown = await requestReset(ghost);
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(unknown.body).toEqual(known.body);
    expect(unknown.headers['content-type']).toBe(known.headers['content-type']);
    const [mail] = await m.waitForMail(user.email);
    expect(mail!.headers.get('subject')).toBe('Reset your Ledgerline password');
    expect(mail!.headers.get('from')).toBe('Shop <no-reply@shop.example>');
    expect(mail!.headers.get('message-id')).toMatch(/^<password-reset-\d+@shop\.example>$/);
    expect(mail!.text).toMatch(LINK);
    expect(mail!.html).toMatch(LINK);
    expect(m.mailTo(ghost)).toEqual([]);
  });

  it('takes about the same time whether or not the address has an account', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => createUser(m.t)));
    const time = async (email: string) => {
      const started = performance.now();
      expect((await requestReset(email)).status).toBe(202);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (const [i, user] of users.entries()) {
      known.push(await time(user.email));
      unknown.push(await time(`nobody-${i}-${Date.now()}@example.com`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[2]!;
    // Both are padded to the same floor (200 ms); without it a known address took ~3× as long.
    expect(median(unknown)).toBeGreaterThan(190);
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.85);
    expect(median(unknown)).toBeLessThan(median(known) * 1.15);
  });

  it('e-mails a link that expires after an hour, and stores only the token\'s SHA-256 (plus a seal)', async () => {
    const user = await createUser(m.t);
    const before = Date.now();
    const token = await resetTokenFor(user);
    const { rows } = await m.t.database.admin.query<{ row: string; token_hash: Buffer; expires_at: Date; created_at: Date }>(
      'SELECT row_to_json(r)::text AS row, token_hash, expires_at, created_at FROM password_resets r WHERE user_id = $1',
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).not.toContain(token);
    expect(rows[0]!.token_hash.equals(createHash('sha256').update(token).digest())).toBe(true);
    expect(rows[0]!.expires_at.getTime() - rows[0]!.created_at.getTime()).toBe(3600 * 1000);
    expect(rows[0]!.created_at.getTime()).toBeGreaterThanOrEqual(before - 5);
  });

  it('accepts the address in any case and with surrounding spaces', async () => {
    const user = await createUser(m.t);
    expect((await requestReset(`  ${user.email.toUpperCase()} `)).status).toBe(202);
    await m.waitForMail(user.email);
  });

  it('sends nothing to a deactivated account, and still answers 202', async () => {
    const user = await createUser(m.t);
    await m.t.database.admin.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
    expect((await requestReset(user.email)).status).toBe(202);
    expect(await countResets(user.id)).toBe(0);
  });

  it('throttles silently: at most 5 resets per account per hour, every request still 202', async () => {
    const user = await createUser(m.t);
    for (let i = 0; i < 7; i++) expect((await requestReset(user.email)).status).toBe(202);
    expect(await countResets(user.id)).toBe(5);
    await m.waitForMail(user.email, 5);
    offsetMs = 3600 * 1000 + 1000;
    expect((await requestReset(user.email)).status).toBe(202);
    expect(await countResets(user.id)).toBe(6);
  });

  it('answers 422 without an e-mail field and 415 to a body that is not JSON', async () => {
    const res = await m.t.request('POST', '/api/v1/auth/password-reset', { body: {} });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'email', message: expect.any(String) }]);
    const text = await m.t.request('POST', '/api/v1/auth/password-reset', { payload: 'email=a', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
  });

  it('enqueues nothing when the surrounding transaction rolls back', async () => {
    const user = await createUser(m.t);
    const jobsBefore = await countEmailJobs();
    const failure = new Error('rolled back on purpose');
    await expect(
      withTransaction(m.t.db, signal(), async (tx) => {
        await m.t.services.passwordResets.withDb(tx).request(user.email, signal());
        // Written, job included, but only inside the transaction so far.
        const [inside] = await tx.query<{ n: string }>(`SELECT count(*) AS n FROM pgboss.job WHERE name = 'send_email'`, [], signal());
        expect(Number(inside!.n)).toBe(jobsBefore + 1);
        expect(await countResets(user.id)).toBe(0);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await countResets(user.id)).toBe(0);
    expect(await countEmailJobs()).toBe(jobsBefore);
    await new Promise((r) => setTimeout(r, 300));
    expect(m.mailTo(user.email)).toEqual([]);
  });
});

describe('POST /api/v1/auth/password-reset/confirm', () => {
  it('sets the new password with the e-mailed token (204), revokes every API token, and works only once', async () => {
    const user = await createUser(m.t);
    const second = (await login(user.email, user.password)).body.token as string;
    const token = await resetTokenFor(user);

    const res = await confirm(token, NEW_PASSWORD);
    expect(res.status).toBe(204);
    expect(res.body).toBeUndefined();

    expect((await login(user.email, user.password)).status).toBe(401);
    const fresh = await login(user.email, NEW_PASSWORD);
    expect(fresh.status).toBe(201);
    expect((await me(user.token)).status).toBe(401);
    expect((await me(second)).status).toBe(401);
    expect((await me(fresh.body.token)).status).toBe(200);

    const again = await confirm(token, 'yet another passphrase 7');
    expect(again.status).toBe(400);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await login(user.email, NEW_PASSWORD)).status).toBe(201);
    const { rows } = await m.t.database.admin.query('SELECT used_at, token_sealed FROM password_resets WHERE user_id = $1', [user.id]);
    expect(rows).toEqual([{ used_at: expect.any(Date), token_sealed: null }]);
  });

  it('ends every admin session of the user, and only theirs', async () => {
    const user = await createUser(m.t, { staff: true });
    const colleague = await createUser(m.t, { staff: true });
    const mine = new AdminClient(m.t);
    const theirs = new AdminClient(m.t);
    expect((await mine.login(user.email, user.password)).status).toBe(303);
    expect((await theirs.login(colleague.email, colleague.password)).status).toBe(303);
    expect((await mine.get('/admin/')).status).toBe(200);

    expect((await confirm(await resetTokenFor(user), NEW_PASSWORD)).status).toBe(204);

    const after = await mine.get('/admin/');
    expect(after.status).toBe(303);
    expect(after.location).toMatch(/^\/admin\/login/);
    expect((await theirs.get('/admin/')).status).toBe(200);
  });

  it('answers 400 to an expired token', async () => {
    const user = await createUser(m.t);
    const token = await resetTokenFor(user);
    offsetMs = 3600 * 1000 + 1000;
    const res = await confirm(token, NEW_PASSWORD);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 400, detail: expect.stringMatching(/expired/) });
    expect((await login(user.email, user.password)).status).toBe(201);
  });

  it('answers 400 to an unknown or malformed token, with one body', async () => {
    const unknown = await confirm('A'.repeat(43), NEW_PASSWORD);
    const malformed = await confirm('not a token at all', NEW_PASSWORD);
    expect(unknown.status).toBe(400);
    expect(malformed.body).toEqual(unknown.body);
  });

  it('answers 422 on `password` for a weak password, and the token stays usable', async () => {
    const user = await createUser(m.t);
    const token = await resetTokenFor(user);
    for (const weak of ['short', '123456789012345', user.email]) {
      const res = await confirm(token, weak);
      expect(res.status).toBe(422);
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(res.body.errors.every((e: { field: string }) => e.field === 'password')).toBe(true);
    }
    expect((await me(user.token)).status).toBe(200); // nothing was revoked
    expect((await confirm(token, NEW_PASSWORD)).status).toBe(204);
  });

  it('answers 422 with field errors when token or password is missing', async () => {
    const res = await m.t.request('POST', '/api/v1/auth/password-reset/confirm', { body: { token: 'x' } });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ field: 'password', message: expect.any(String) }]);
  });

  it('closes the user\'s other open links once one of them is used', async () => {
    const user = await createUser(m.t);
    const first = await resetTokenFor(user, 1);
    const second = await resetTokenFor(user, 2);
    expect(first).not.toBe(second);
    expect((await confirm(second, NEW_PASSWORD)).status).toBe(204);
    expect((await confirm(first, 'and another passphrase 9')).status).toBe(400);
  });

  it('lets exactly one of two concurrent confirmations with the same token win', async () => {
    const user = await createUser(m.t);
    const token = await resetTokenFor(user);
    const results = await Promise.all([confirm(token, NEW_PASSWORD), confirm(token, 'the other passphrase 77')]);
    expect(results.map((r) => r.status).sort()).toEqual([204, 400]);
    const winner = results[0]!.status === 204 ? NEW_PASSWORD : 'the other passphrase 77';
    expect((await login(user.email, winner)).status).toBe(201);
  });

  it('answers 400 for a deactivated user\'s token', async () => {
    const user = await createUser(m.t);
    const token = await resetTokenFor(user);
    await m.t.database.admin.query('UPDATE users SET is_active = false WHERE id = $1', [user.id]);
    expect((await confirm(token, NEW_PASSWORD)).status).toBe(400);
  });
});

describe('the password reset e-mail job', () => {
  /** The worker records a message just after the server accepted it: wait for that row. */
  const waitUntilRecorded = (messageId: string) =>
    expect
      .poll(async () => (await m.t.database.admin.query('SELECT 1 FROM sent_emails WHERE message_id = $1', [messageId])).rows.length)
      .toBe(1);

  it('sends a reset e-mail once, however often its job runs', async () => {
    const user = await createUser(m.t);
    await resetTokenFor(user);
    const [{ id }] = (await m.t.database.admin.query('SELECT id FROM password_resets WHERE user_id = $1', [user.id])).rows;
    await waitUntilRecorded(`<password-reset-${id}@shop.example>`);
    const payload = { kind: 'password_reset', reset_id: Number(id) } as const;
    expect(await m.t.services.notifications.deliver(payload, signal())).toBe('already_sent');
    expect(m.mailTo(user.email)).toHaveLength(1);
  });

  it('skips a reset that can no longer be used (its link would be dead)', async () => {
    const user = await createUser(m.t);
    const token = await resetTokenFor(user);
    const [{ id }] = (await m.t.database.admin.query('SELECT id FROM password_resets WHERE user_id = $1', [user.id])).rows;
    expect((await confirm(token, NEW_PASSWORD)).status).toBe(204);
    await waitUntilRecorded(`<password-reset-${id}@shop.example>`);
    await m.t.database.admin.query('DELETE FROM sent_emails WHERE message_id = $1', [`<password-reset-${id}@shop.example>`]);
    expect(await m.t.services.notifications.deliver({ kind: 'password_reset', reset_id: Number(id) }, signal())).toBe('skipped');
    expect(m.mailTo(user.email)).toHaveLength(1);
  });
});

describe('PasswordResetService.purgeExpired', () => {
  it('deletes resets that expired more than a day ago, used or not, and keeps the others', async () => {
    const user = await createUser(m.t);
    await resetTokenFor(user, 1);
    await resetTokenFor(user, 2);
    const { rows } = await m.t.database.admin.query('SELECT id FROM password_resets WHERE user_id = $1 ORDER BY id', [user.id]);
    await m.t.database.admin.query(
      `UPDATE password_resets SET created_at = now() - interval '3 days', expires_at = now() - interval '2 days' WHERE id = $1`,
      [rows[0].id],
    );
    expect(await m.t.services.passwordResets.purgeExpired(signal())).toBeGreaterThanOrEqual(1);
    const left = await m.t.database.admin.query('SELECT id FROM password_resets WHERE user_id = $1', [user.id]);
    expect(left.rows).toEqual([{ id: rows[1].id }]);
  });
});
