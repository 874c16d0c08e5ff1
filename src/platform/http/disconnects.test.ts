import { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { disconnectSignal } from './disconnects.ts';

describe('disconnectSignal', () => {
  it('aborts with "client disconnected" when the connection closes', () => {
    const socket = new Socket();
    const signal = disconnectSignal(socket);
    expect(signal.aborted).toBe(false);

    socket.emit('close', false);

    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('client disconnected');
  });

  it('gives every request of a connection the same signal, with one close listener for its life', () => {
    const socket = new Socket();
    const first = disconnectSignal(socket);
    for (let i = 0; i < 100; i++) expect(disconnectSignal(socket)).toBe(first);
    expect(socket.listenerCount('close')).toBe(1);
    expect(disconnectSignal(new Socket())).not.toBe(first);
  });

  it('is already aborted for a connection that closed before its request was seen', () => {
    const socket = new Socket();
    socket.destroy();
    expect(disconnectSignal(socket).aborted).toBe(true);
  });
});
