// What the logs say about requests, and what they must never say: passwords, tokens, the
// Authorization header. The real app at debug level, its JSON lines captured in memory.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { buildWebApp, type WebApp } from '../../src/main.ts';
import { createLogger } from '../../src/platform/log.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';

const lines: string[] = [];
const sink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''));
    done();
  },
});
const records = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);

let database: TestDatabase;
let web: WebApp;
beforeAll(async () => {
  database = await createTestDatabase();
  const config = loadConfig({ APP_ENV: 'test', DATABASE_URL: database.url, LOG_LEVEL: 'debug' });
  web = await buildWebApp(config, createLogger('debug', sink), database.url);
  await web.app.ready();
});
afterAll(async () => {
  await web.app.close();
  await database.drop();
});

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';

describe('request logging', () => {
  const email = 'logged@example.com';
  const password = 'a passphrase nobody may read in the logs';
  let token = '';

  beforeAll(async () => {
    const inject = (method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}) =>
      web.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    expect((await inject('POST', '/api/v1/users', { email, password, name: 'Logged' })).statusCode).toBe(201);
    const login = await inject('POST', '/api/v1/auth/tokens', { email, password });
    expect(login.statusCode).toBe(201);
    token = (login.json() as { token: string }).token;
    await inject('POST', '/api/v1/auth/tokens', { email, password: `${password} but wrong` });
    const me = await inject('GET', '/api/v1/me', undefined, { authorization: `Bearer ${token}`, traceparent: `00-${TRACE_ID}-${PARENT_ID}-01`, 'x-request-id': 'traced-request' });
    expect(me.statusCode).toBe(200);
    await inject('POST', '/api/v1/auth/password-reset', { email });
    await inject('GET', '/api/v1/me', undefined, { authorization: 'Bearer not-a-real-token-but-still-secret' });
  });

  it('never writes a password, a token or an Authorization header value', () => {
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(all).not.toContain(password);
    expect(all).not.toContain(token);
    expect(all).not.toContain('not-a-real-token-but-still-secret');
    expect(all).not.toMatch(/Bearer /i);
  });

  it('writes one line per request with request id, user id, route, status, duration and SQL statement count', () => {
    const done = records().find((r) => r['msg'] === 'request completed' && r['reqId'] === 'traced-request');
    expect(done).toMatchObject({ method: 'GET', route: '/api/v1/me', status: 200, user_id: expect.any(Number) });
    expect(done?.['duration_ms']).toEqual(expect.any(Number));
    expect(done?.['sql_statements']).toBeGreaterThan(0);
  });

  it('binds the lines of a request with a valid traceparent to its trace, under a span of its own', () => {
    const done = records().find((r) => r['reqId'] === 'traced-request');
    expect(done).toMatchObject({ trace_id: TRACE_ID, parent_span_id: PARENT_ID, trace_flags: '01' });
    expect(done?.['span_id']).toMatch(/^[0-9a-f]{16}$/);
    expect(done?.['span_id']).not.toBe(PARENT_ID);
    const untraced = records().filter((r) => r['msg'] === 'request completed' && r['reqId'] !== 'traced-request');
    expect(untraced.every((r) => r['trace_id'] === undefined)).toBe(true);
  });
});
