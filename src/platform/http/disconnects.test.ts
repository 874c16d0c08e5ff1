import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { abortOnDisconnect, settled } from './disconnects.ts';

describe('abortOnDisconnect', () => {
  it('aborts the requests still in flight when the connection closes, not the ones already answered', () => {
    const socket = new Socket();
    const answered = new AbortController();
    const inFlight = new AbortController();
    abortOnDisconnect(socket, answered);
    settled(socket, answered);
    abortOnDisconnect(socket, inFlight);

    socket.emit('close', false);

    expect(answered.signal.aborted).toBe(false);
    expect(inFlight.signal.aborted).toBe(true);
    expect((inFlight.signal.reason as Error).message).toBe('client disconnected');
  });

  it('listens once per connection however many requests it carries', () => {
    const socket = new Socket();
    for (let i = 0; i < 100; i++) {
      const c = new AbortController();
      abortOnDisconnect(socket, c);
      settled(socket, c);
    }
    expect(socket.listenerCount('close')).toBe(1);
  });
});
