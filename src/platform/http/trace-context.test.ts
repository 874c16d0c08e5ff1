import { describe, expect, it } from 'vitest';
import { traceBindings } from './trace-context.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT = '00f067aa0ba902b7';

describe('traceparent parsing', () => {
  it('binds a valid version-00 header to its trace id, the caller as parent and a fresh span id', () => {
    const b = traceBindings(`00-${TRACE}-${PARENT}-01`);
    expect(b).toMatchObject({ trace_id: TRACE, parent_span_id: PARENT, trace_flags: '01' });
    expect('span_id' in b && b.span_id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('ignores absent, malformed, all-zero, version ff and over-long version-00 headers', () => {
    for (const h of [undefined, '', 'garbage', `00-${'0'.repeat(32)}-${PARENT}-01`, `00-${TRACE}-${'0'.repeat(16)}-01`, `ff-${TRACE}-${PARENT}-01`, `00-${TRACE}-${PARENT}-01-extra`, `00-${TRACE.toUpperCase()}-${PARENT}-01`]) {
      expect(traceBindings(h)).toEqual({});
    }
  });

  it('accepts a future version with extra fields, reading only the known ones', () => {
    expect(traceBindings(`01-${TRACE}-${PARENT}-00-future`)).toMatchObject({ trace_id: TRACE });
  });
});
