// Child abort signals for work that fans out: a composite read cancels its parts together, yet
// each part's statements still count towards the request they belong to.

const parents = new WeakMap<AbortSignal, AbortSignal>();

/**
 * A signal that never fires: for work no caller can cancel (a worker's own bookkeeping, pg-boss's
 * statements, a wake-up shared by several requests), which ends on its own or with the process.
 */
export const NEVER_ABORTED: AbortSignal = new AbortController().signal;

export interface ChildAbort {
  controller: AbortController;
  /** Detaches from the parent; call when the work is over (the parent may live much longer). */
  dispose(): void;
}

/**
 * An AbortController that also aborts when `parent` does (with the parent's reason). Its signal is
 * recorded as the parent's child, so `rootSignal` (statement accounting) maps it back to the
 * request's own signal.
 */
export function childAbort(parent: AbortSignal): ChildAbort {
  const controller = new AbortController();
  parents.set(controller.signal, parent);
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) onAbort();
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}

/** The outermost signal `signal` derives from through `childAbort` (itself when it has no parent). */
export function rootSignal(signal: AbortSignal): AbortSignal {
  let current = signal;
  for (let parent = parents.get(current); parent !== undefined; parent = parents.get(current)) current = parent;
  return current;
}

export interface DeadlineAbort {
  /** Aborts when the parent does, or with a TimeoutError once the time is up. */
  signal: AbortSignal;
  /** Whether it was the time running out that aborted it. */
  timedOut(): boolean;
  /** Stops the clock and detaches from the parent; call when the work is over. */
  dispose(): void;
}

/**
 * What `AbortSignal.any([parent, AbortSignal.timeout(ms)])` gives, detached explicitly. A request's
 * signal lives as long as its connection, and AbortSignal.any keeps each composite of a signal
 * with an abort listener for as long as that source lives.
 */
export function deadlineAbort(parent: AbortSignal, ms: number): DeadlineAbort {
  const child = childAbort(parent);
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    child.controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError'));
  }, ms);
  timer.unref();
  return {
    signal: child.controller.signal,
    timedOut: () => expired,
    dispose: () => {
      clearTimeout(timer);
      child.dispose();
    },
  };
}
