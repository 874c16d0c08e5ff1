// W3C Trace Context (the `traceparent` header OpenTelemetry propagates): when a request carries a
// valid one, every log line of that request is bound to its trace, so logs join the caller's
// trace in any OTel-compatible backend. The request gets a span id of its own; the caller's span
// becomes its parent. No tracing SDK: log correlation is all this needs.
import { randomBytes } from 'node:crypto';

// version-traceid-parentid-flags; a future version may append fields after a dash.
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZEROS = /^0+$/;

export interface TraceBindings {
  trace_id: string;
  span_id: string;
  parent_span_id: string;
  trace_flags: string;
}

/** The log bindings for a `traceparent` header, or none when it is absent or invalid (then ignored, per the spec). */
export function traceBindings(header: string | string[] | undefined): TraceBindings | Record<string, never> {
  if (typeof header !== 'string') return {};
  const match = TRACEPARENT.exec(header.trim());
  if (!match) return {};
  const [, version, traceId, parentId, flags, rest] = match as unknown as [string, string, string, string, string, string | undefined];
  if (version === 'ff' || (version === '00' && rest !== undefined) || ZEROS.test(traceId) || ZEROS.test(parentId)) return {};
  return { trace_id: traceId, span_id: randomBytes(8).toString('hex'), parent_span_id: parentId, trace_flags: flags };
}
