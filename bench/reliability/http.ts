// A small HTTP client for the reliability scenarios: node:http (keep-alive by default), so every
// outcome is told apart exactly — an HTTP response (status, problem+json or not) or no response at
// all (connection refused or reset, timeout), which the scenarios count separately.
import http from 'node:http';

export interface Outcome {
  /** 0 when no HTTP response arrived. */
  status: number;
  /** The response was `application/problem+json`. */
  problem: boolean;
  retryAfter: string | undefined;
  body: unknown;
  /** Why no response arrived (ECONNRESET, ECONNREFUSED, timeout…). */
  error: string | undefined;
  /** Milliseconds since the client was made, when the request was sent and when it settled. */
  sentAt: number;
  settledAt: number;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
}

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly timeoutMs: number;
  private readonly origin = performance.now();

  constructor(
    private readonly port: number,
    /** keepAlive false: a connection per request, so a cluster spreads every request anew. */
    options: { maxSockets: number; timeoutMs?: number; keepAlive?: boolean },
  ) {
    this.agent = new http.Agent({ keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets });
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  /** Milliseconds since the client was made (the clock of every Outcome). */
  now(): number {
    return performance.now() - this.origin;
  }

  request(method: string, path: string, options: RequestOptions = {}): Promise<Outcome> {
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const headers: Record<string, string> = {};
    if (options.token !== undefined) headers['authorization'] = `Bearer ${options.token}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    const sentAt = this.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (o: Omit<Outcome, 'sentAt' | 'settledAt'>) => {
        if (settled) return;
        settled = true;
        resolve({ ...o, sentAt, settledAt: this.now() });
      };
      const fail = (error: string) => done({ status: 0, problem: false, retryAfter: undefined, body: undefined, error });
      const req = http.request({ host: '127.0.0.1', port: this.port, method, path, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text.length > 0 ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON: kept as text */
          }
          const retryAfter = res.headers['retry-after'];
          done({
            status: res.statusCode ?? 0,
            problem: String(res.headers['content-type'] ?? '').startsWith('application/problem+json'),
            retryAfter: typeof retryAfter === 'string' ? retryAfter : undefined,
            body,
            error: undefined,
          });
        });
      });
      req.setTimeout(this.timeoutMs, () => {
        fail('timeout');
        req.destroy();
      });
      req.on('error', (err: NodeJS.ErrnoException) => fail(err.code ?? err.message));
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
