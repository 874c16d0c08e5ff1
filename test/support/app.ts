// The real application on a private test database, driven in-process with light-my-request
// (app.inject) or over a real socket when a test needs one (e.g. client disconnects).
import { loadConfig, type Config } from '../../src/config.ts';
import { buildWebApp, type WebApp } from '../../src/main.ts';
import { createLogger } from '../../src/platform/log.ts';
import type { Clock } from '../../src/platform/clock.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface ApiResponse {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests assert on shapes
  headers: Record<string, string | string[] | number | undefined>;
  /** SQL statements the request ran (from its Server-Timing header). */
  statements: number;
}

export interface RequestOptions {
  body?: unknown;
  /** Raw payload, sent as is (for malformed JSON, wrong content types, huge bodies). */
  payload?: string | Buffer;
  token?: string;
  headers?: Record<string, string>;
}

export interface TestApp extends WebApp {
  config: Config;
  database: TestDatabase;
  request(method: string, url: string, options?: RequestOptions): Promise<ApiResponse>;
  close(): Promise<void>;
}

export function statementsOf(headers: Record<string, unknown>): number {
  const timing = String(headers['server-timing'] ?? '');
  const match = /desc="(\d+) statements"/.exec(timing);
  return match ? Number(match[1]) : NaN;
}

export async function startTestApp(options: { env?: Record<string, string>; clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ APP_ENV: 'test', DATABASE_URL: database.url, LOG_LEVEL: 'silent', ...options.env });
  const web = await buildWebApp(config, createLogger(config.logLevel), database.url, options.clock);
  await web.app.ready();
  return {
    ...web,
    config,
    database,
    async request(method, url, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers['authorization'] = `Bearer ${opts.token}`;
      let payload = opts.payload;
      if (opts.body !== undefined) {
        payload = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await web.app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
      let body: unknown = undefined;
      if (res.body.length > 0) {
        try {
          body = JSON.parse(res.body);
        } catch {
          body = res.body;
        }
      }
      return { status: res.statusCode, body, headers: res.headers, statements: statementsOf(res.headers) };
    },
    async close() {
      await web.app.close();
      await database.drop();
    },
  };
}
