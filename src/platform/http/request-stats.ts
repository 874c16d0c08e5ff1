// Per-request SQL accounting keyed by the request's AbortSignal, which already travels with every
// query: no async-local "current request" state is needed to know which request ran a statement.

export interface StatementStats {
  statements: number;
  dbMs: number;
}

export class RequestStats {
  private readonly byRequest = new WeakMap<AbortSignal, StatementStats>();

  begin(signal: AbortSignal): void {
    this.byRequest.set(signal, { statements: 0, dbMs: 0 });
  }

  /** A StatementObserver for the Database: statements outside a request are not tracked here. */
  readonly observe = (signal: AbortSignal, durationMs: number): void => {
    const s = this.byRequest.get(signal);
    if (s) {
      s.statements += 1;
      s.dbMs += durationMs;
    }
  };

  peek(signal: AbortSignal): StatementStats | undefined {
    return this.byRequest.get(signal);
  }

  end(signal: AbortSignal): StatementStats | undefined {
    const s = this.byRequest.get(signal);
    this.byRequest.delete(signal);
    return s;
  }
}
