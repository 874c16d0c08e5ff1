import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobRow, recordingTask, signal, startWorker, waitFor, type TestWorker } from '../../src/platform/jobs/jobs.fixtures.ts';
import { PgBossJobQueue } from '../../src/platform/jobs/queue.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { createUser } from '../support/factories.ts';
import { AdminClient } from '../support/admin.ts';

// Fails its first run (with markup in the message, to see it escaped), succeeds afterwards.
const flaky = recordingTask(
  'test.admin_flaky',
  async (_run, runs) => {
    if (runs.length === 1) throw new Error('<b>gateway</b> down');
  },
  { maxAttempts: 1 },
);
const broken = recordingTask('test.admin_broken', async () => {
  throw new Error('always broken');
}, { maxAttempts: 1 });
let release: () => void = () => undefined;
const gate = new Promise<void>((resolve) => (release = resolve));
const slow = recordingTask('test.admin_slow', () => gate);
// Never run by the worker (not registered): jobs stay queued.
const idle = recordingTask('test.admin_idle');

describe('Admin jobs', () => {
  let t: TestApp;
  let c: AdminClient;
  let w: TestWorker;
  let queue: PgBossJobQueue;
  let workerStopped = false;

  beforeAll(async () => {
    t = await startTestApp();
    const staff = await createUser(t, { staff: true });
    w = await startWorker(t.database.url, [flaky, broken, slow]);
    queue = new PgBossJobQueue({ leaseSeconds: 30 });
    c = new AdminClient(t);
    await c.login(staff.email, staff.password);
  });
  afterAll(async () => {
    release();
    if (w !== undefined && !workerStopped) await w.stop(0);
    await t?.close();
  });

  const failed = (id: string) => waitFor(async () => (await jobRow(t.database.admin, id))?.state === 'failed', 10_000, `job ${id} to fail`);
  const audit = async () => (await t.database.admin.query(`SELECT * FROM admin_audit_log WHERE model = 'jobs' ORDER BY id`)).rows;

  it('lists a failed job under the failed filter and shows its error escaped, then retries it and a worker runs it', async () => {
    const id = (await queue.add(t.db, flaky, { n: 1 }, signal()))!;
    await failed(id);

    const list = await c.get('/admin/jobs/?state=failed');
    expect(list.status).toBe(200);
    expect(list.body).toContain(`href="/admin/jobs/test.admin_flaky/${id}/"`);
    expect(list.body).toContain('&lt;b&gt;gateway&lt;/b&gt; down');
    expect(list.body).not.toContain('<b>gateway');
    expect(list.body).toContain('href="/admin/jobs/?state=failed&amp;name=test.admin_flaky"');
    expect((await c.get('/admin/jobs/?state=completed')).body).not.toContain(id);

    const page = await c.get(`/admin/jobs/test.admin_flaky/${id}/`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('&quot;message&quot;: &quot;&lt;b&gt;gateway&lt;/b&gt; down&quot;');
    expect(page.body).toContain('&quot;n&quot;: 1');
    expect(page.body).toContain('1 of 1');

    const retried = await c.post(`/admin/jobs/test.admin_flaky/${id}/retry/`);
    expect(retried.status).toBe(303);
    expect(retried.location).toBe(`/admin/jobs/test.admin_flaky/${id}/?msg=retried`);
    const done = await waitFor(async () => {
      const r = await jobRow(t.database.admin, id);
      return r?.state === 'completed' && r;
    }, 10_000, 'the retried job to complete');
    expect(flaky.runs).toHaveLength(2);
    expect(flaky.runs[1]!.ctx.attempt).toBe(1); // attempts start over
    expect(done.retry_count).toBe(0);

    const [entry] = (await audit()).filter((e) => e.object_id === id);
    expect(entry).toMatchObject({ action: 'action', summary: 'Retried the job', object_repr: `test.admin_flaky job ${id.slice(0, 8)}` });
    expect(entry.before).toMatchObject({ state: 'failed', output: { message: '<b>gateway</b> down' } });
    expect(entry.after).toMatchObject({ state: 'created', attempts: 0, output: null });
    const history = await c.get(`/admin/audit-log/?model=jobs&object_id=${id}`);
    expect(history.status).toBe(200);
    expect(history.body).toContain('Retried the job');
  });

  it('deletes a job after a confirmation page, and records it', async () => {
    const id = (await queue.add(t.db, broken, { n: 2 }, signal()))!;
    await failed(id);
    const confirm = await c.get(`/admin/jobs/test.admin_broken/${id}/delete/`);
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain('Are you sure you want to delete the test.admin_broken job');
    expect((await c.post(`/admin/jobs/test.admin_broken/${id}/delete/`)).status).toBe(303);
    expect(await jobRow(t.database.admin, id)).toBeDefined(); // not without confirm=yes
    const res = await c.post(`/admin/jobs/test.admin_broken/${id}/delete/`, { confirm: 'yes' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/admin/jobs/?msg=deleted');
    expect(await jobRow(t.database.admin, id)).toBeUndefined();
    expect((await c.get(`/admin/jobs/test.admin_broken/${id}/`)).status).toBe(404);
    const entry = (await audit()).find((e) => e.object_id === id);
    expect(entry).toMatchObject({ action: 'delete', summary: 'Deleted the job', after: null });
    expect(entry.before).toMatchObject({ state: 'failed', output: { message: 'always broken' } });
  });

  it('refuses a retry or delete without the CSRF token', async () => {
    const id = (await queue.add(t.db, broken, { n: 3 }, signal()))!;
    await failed(id);
    await c.get('/admin/jobs/');
    const noToken = await c.request('POST', `/admin/jobs/test.admin_broken/${id}/retry/`, {});
    expect(noToken.status).toBe(403);
    const wrong = await c.request('POST', `/admin/jobs/test.admin_broken/${id}/delete/`, { csrf_token: 'x'.repeat(43), confirm: 'yes' });
    expect(wrong.status).toBe(403);
    const bulk = await c.request('POST', '/admin/jobs/action/', { action: 'delete-selected', ids: `test.admin_broken/${id}`, confirm: 'yes' });
    expect(bulk.status).toBe(403);
    expect((await jobRow(t.database.admin, id))?.state).toBe('failed');
    expect((await audit()).filter((e) => e.object_id === id)).toHaveLength(0);
  });

  it('neither deletes nor retries a running job (409)', async () => {
    const id = (await queue.add(t.db, slow, { n: 4 }, signal()))!;
    await waitFor(async () => (await jobRow(t.database.admin, id))?.state === 'active', 10_000, 'the job to start');
    const page = await c.get(`/admin/jobs/test.admin_slow/${id}/`);
    expect(page.body).not.toContain('Retry now');
    expect(page.body).not.toContain('/delete/');
    expect((await c.get(`/admin/jobs/test.admin_slow/${id}/delete/`)).status).toBe(409);
    const del = await c.post(`/admin/jobs/test.admin_slow/${id}/delete/`, { confirm: 'yes' });
    expect(del.status).toBe(409);
    expect(del.body).toContain('The job is running');
    expect((await c.post(`/admin/jobs/test.admin_slow/${id}/retry/`)).status).toBe(409);
    expect((await jobRow(t.database.admin, id))?.state).toBe('active');
    release();
    await waitFor(async () => (await jobRow(t.database.admin, id))?.state === 'completed', 10_000, 'the job to complete');
  });

  it('retries and deletes selected jobs in bulk behind a confirmation page, leaving the others alone', async () => {
    const a = (await queue.add(t.db, broken, { n: 10 }, signal()))!;
    const b = (await queue.add(t.db, broken, { n: 11 }, signal()))!;
    const queued = (await queue.add(t.db, idle, { n: 12 }, signal()))!;
    await Promise.all([failed(a), failed(b)]);
    // Nothing runs the retried jobs again, so their reset state can be read.
    workerStopped = true;
    await w.stop(0);

    const ids = [`test.admin_broken/${a}`, `test.admin_broken/${b}`, `test.admin_idle/${queued}`];
    await c.get('/admin/jobs/?state=failed');
    const confirm = await c.post('/admin/jobs/action/', { action: 'retry-selected', ids });
    expect(confirm.status).toBe(200);
    expect(confirm.body).toContain(`test.admin_broken job ${a.slice(0, 8)}`);
    expect(confirm.body).toContain('1 selected job cannot take this action');
    expect(confirm.body).not.toContain(`value="test.admin_idle/${queued}"`);
    expect((await jobRow(t.database.admin, a))?.state).toBe('failed');

    const done = await c.post('/admin/jobs/action/', { action: 'retry-selected', ids: ids.slice(0, 2), confirm: 'yes' });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/admin/jobs/?msg=bulk&done=2&skipped=0');
    for (const id of [a, b]) {
      const row = (await jobRow(t.database.admin, id))!;
      expect(row).toMatchObject({ state: 'created', retry_count: 0, started_on: null, completed_on: null, output: null });
      expect(row.start_after.getTime()).toBeLessThanOrEqual(Date.now());
    }
    // Runnable at once: the worker's own claim takes them.
    const { rows } = await t.database.admin.query(
      `SELECT id FROM pgboss.job WHERE name = 'test.admin_broken' AND state < 'active' AND start_after < now() AND id = ANY($1::uuid[])`,
      [[a, b]],
    );
    expect(rows).toHaveLength(2);

    const deleted = await c.post('/admin/jobs/action/', { action: 'delete-selected', ids, confirm: 'yes' });
    expect(deleted.location).toBe('/admin/jobs/?msg=bulk&done=3&skipped=0');
    for (const id of [a, b, queued]) expect(await jobRow(t.database.admin, id)).toBeUndefined();
    const entries = (await audit()).filter((e) => [a, b, queued].includes(e.object_id));
    expect(entries.map((e) => e.action).sort()).toEqual(['action', 'action', 'delete', 'delete', 'delete']);
    expect((await c.get(done.location!)).body).toContain('2 jobs were changed.');
  });

  it('pages newest first with keyset cursors, without gaps or repeats, and searches by id', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push((await queue.add(t.db, idle, { n: 100 + i }, signal()))!);
    const idsOn = (body: string) => [...body.matchAll(/href="\/admin\/jobs\/test\.admin_idle\/([0-9a-f-]{36})\/"/g)].map((m) => m[1]!);

    const first = await c.get('/admin/jobs/?name=test.admin_idle');
    expect(idsOn(first.body)).toEqual(ids.slice(10).reverse());
    const older = /<a rel="next" href="([^"]+)"/.exec(first.body)![1]!.replace(/&amp;/g, '&');
    const second = await c.get(older);
    expect(idsOn(second.body)).toEqual(ids.slice(0, 10).reverse());
    expect(second.body).not.toContain('rel="next"');
    const newer = /<a rel="prev" href="([^"]+)"/.exec(second.body)![1]!.replace(/&amp;/g, '&');
    expect(idsOn((await c.get(newer)).body)).toEqual(ids.slice(10).reverse());

    expect(idsOn((await c.get(`/admin/jobs/?q=${ids[7]!.toUpperCase()}`)).body)).toEqual([ids[7]]);
    expect(idsOn((await c.get(`/admin/jobs/?name=test.admin_idle&q=${ids[7]!.slice(0, 8)}`)).body)).toContain(ids[7]);
    const words = await c.get('/admin/jobs/?q=send_email');
    expect(words.status).toBe(200);
    expect(words.body).toContain('Search by job id');
  });

  it('runs the same number of statements whatever the number of jobs on the page', async () => {
    const id = (await queue.add(t.db, idle, { n: 999 }, signal()))!;
    const one = await c.get(`/admin/jobs/?q=${id}`);
    const many = await c.get('/admin/jobs/');
    expect(one.body).toContain(id);
    expect(many.body.match(/name="ids"/g)!.length).toBeGreaterThan(40);
    expect(one.statements).toBe(many.statements);
    // Session, task names, page.
    expect(many.statements).toBe(3);
  });

  it('answers malformed filters and cursors with a 400 and unknown jobs with a 404', async () => {
    expect((await c.get('/admin/jobs/?state=exploded')).status).toBe(400);
    expect((await c.get(`/admin/jobs/?name=${encodeURIComponent("x' OR 1=1")}`)).status).toBe(400);
    expect((await c.get('/admin/jobs/?older=not-a-cursor')).status).toBe(400);
    const tampered = Buffer.from(JSON.stringify(['2024-13-45 99:99:99+00', '00000000-0000-0000-0000-000000000000'])).toString('base64url');
    expect((await c.get(`/admin/jobs/?older=${tampered}`)).status).toBe(400);
    expect((await c.get('/admin/jobs/test.admin_idle/not-a-uuid/')).status).toBe(404);
    expect((await c.get('/admin/jobs/test.admin_idle/00000000-0000-0000-0000-000000000000/')).status).toBe(404);
    expect((await c.post('/admin/jobs/action/', { action: 'delete-selected', ids: '../../etc' })).status).toBe(400);
  });

  it('is listed on the index and in the navigation', async () => {
    const index = await c.get('/admin/');
    expect(index.body).toContain('href="/admin/jobs/"');
    expect(index.body).toContain('href="/admin/outbox/"');
    expect((await c.get('/admin/jobs/')).body).toMatch(/<a href="\/admin\/jobs\/" aria-current="page">Jobs<\/a>/);
  });
});
