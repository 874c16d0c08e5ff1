import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { RequestLog } from './request-log.ts';

function capture(level: string) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level }, sink), lines };
}

describe('RequestLog', () => {
  it('writes at enabled levels with the request bindings, worked out once, and skips the rest', () => {
    const { logger, lines } = capture('warn');
    let made = 0;
    const log = new RequestLog(logger, () => ({ reqId: 'r1', trace_id: String(++made) }));

    log.info({ a: 1 }, 'not written');
    log.debug('not written either');
    expect(made).toBe(0);

    log.warn({ b: 2 }, 'written');
    log.error(new Error('boom'), 'also written');
    expect(made).toBe(1);
    expect(lines.map((l) => [l.level, l.msg, l.reqId, l.trace_id])).toEqual([
      [40, 'written', 'r1', '1'],
      [50, 'also written', 'r1', '1'],
    ]);
    expect(lines[0]!.b).toBe(2);
    expect((lines[1]!.err as { message: string }).message).toBe('boom');
  });

  it('follows its own level once changed, and its children carry its bindings', () => {
    const { logger, lines } = capture('warn');
    const log = new RequestLog(logger, () => ({ reqId: 'r2' }));
    expect(log.level).toBe('warn');
    log.level = 'debug';
    log.debug('now written');
    log.child({ part: 'x' }).info('from a child');
    expect(lines.map((l) => [l.msg, l.reqId, l.part])).toEqual([
      ['now written', 'r2', undefined],
      ['from a child', 'r2', 'x'],
    ]);
    expect(logger.level).toBe('warn');
  });
});
