// Per-request SQL accounting keyed by the request's AbortSignal, which already travels with every
// query: no async-local "current request" state is needed to know which request ran a statement.
// A request's signal is its connection's (disconnects.ts), and a connection carries its requests
// one after another, so each count is its request's own. Requests pipelined on one connection
// whose handling overlaps share one count, which each of them reports.

export interface StatementStats {
  statements: number;
  dbMs: number;
}

interface Tally extends StatementStats {
  /** Requests begun under this signal and not yet ended. */
  open: number;
}

export class RequestStats {
  private readonly bySignal = new WeakMap<AbortSignal, Tally>();

  begin(signal: AbortSignal): void {
    const current = this.bySignal.get(signal);
    if (current === undefined) this.bySignal.set(signal, { statements: 0, dbMs: 0, open: 1 });
    else current.open += 1;
  }

  /** A StatementObserver for the Database: statements outside a request are not tracked here. */
  readonly observe = (signal: AbortSignal, durationMs: number): void => {
    const s = this.bySignal.get(signal);
    if (s) {
      s.statements += 1;
      s.dbMs += durationMs;
    }
  };

  peek(signal: AbortSignal): StatementStats | undefined {
    return this.bySignal.get(signal);
  }

  end(signal: AbortSignal): StatementStats | undefined {
    const s = this.bySignal.get(signal);
    if (s !== undefined && --s.open === 0) this.bySignal.delete(signal);
    return s;
  }
}
