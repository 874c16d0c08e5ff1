// A client that disconnects cancels its requests' work. The requests of one connection share one
// AbortController, made with the connection's first request and aborted when it closes. A
// controller per request cost a fifth of a fast request's CPU: creating an AbortSignal takes
// microseconds, and V8 keeps signals alive past the young-generation collections, so each one
// ended up in the old generation and fed full collections (docs/PERFORMANCE.md).
import type { Socket } from 'node:net';

const DISCONNECT = Symbol('ledgerline.disconnect');
type TrackedSocket = Socket & { [DISCONNECT]?: AbortSignal };

/**
 * The signal that aborts ("client disconnected") when `socket` closes: the same signal for every
 * request the connection carries, and already aborted if the connection is gone.
 */
export function disconnectSignal(socket: Socket): AbortSignal {
  const tracked = socket as TrackedSocket;
  const known = tracked[DISCONNECT];
  if (known !== undefined) return known;
  const controller = new AbortController();
  tracked[DISCONNECT] = controller.signal;
  const abort = () => controller.abort(new Error('client disconnected'));
  if (socket.destroyed) abort();
  else socket.once('close', abort);
  return controller.signal;
}
