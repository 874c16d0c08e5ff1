// Drives the staff admin in-process like a browser without JavaScript: a cookie jar, form posts
// (application/x-www-form-urlencoded) and the CSRF token read from the last page.
import type { TestApp } from './app.ts';
import { statementsOf } from './app.ts';

export interface AdminResponse {
  status: number;
  body: string;
  headers: Record<string, string | string[] | number | undefined>;
  location: string | undefined;
  statements: number;
}

export class AdminClient {
  private readonly cookies = new Map<string, string>();
  /** The CSRF token of the last page that had a form. */
  csrf = '';

  constructor(private readonly app: TestApp) {}

  private remember(headers: AdminResponse['headers']): void {
    const set = headers['set-cookie'];
    for (const c of Array.isArray(set) ? set : set === undefined ? [] : [String(set)]) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(c)) this.cookies.delete(name!.trim());
      else this.cookies.set(name!.trim(), value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async request(method: 'GET' | 'POST', url: string, form?: Record<string, string | string[]>, headers: Record<string, string> = {}): Promise<AdminResponse> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const h: Record<string, string> = { ...headers, ...(cookie ? { cookie } : {}) };
    let payload: string | undefined;
    if (form !== undefined) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
      payload = qs.toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await this.app.app.inject({ method, url, headers: h, ...(payload === undefined ? {} : { payload }) });
    this.remember(res.headers);
    const token = /name="csrf_token" value="([^"]+)"/.exec(res.body);
    if (token) this.csrf = token[1]!;
    const location = res.headers['location'];
    return { status: res.statusCode, body: res.body, headers: res.headers, location: location === undefined ? undefined : String(location), statements: statementsOf(res.headers) };
  }

  get(url: string): Promise<AdminResponse> {
    return this.request('GET', url);
  }

  /** A form post carrying the current CSRF token (unless the form sets its own). */
  post(url: string, form: Record<string, string | string[]> = {}): Promise<AdminResponse> {
    return this.request('POST', url, { csrf_token: this.csrf, ...form });
  }

  async login(email: string, password: string): Promise<AdminResponse> {
    await this.get('/admin/login');
    return this.post('/admin/login', { email, password, next: '/admin/' });
  }
}
