// A client that disconnects cancels its requests' work. The requests in flight on a connection are
// kept on its socket, which gets one 'close' listener for its life: a keep-alive connection carries
// many requests, and a listener added and removed per request is a measurable share of a fast
// request's CPU.
import type { Socket } from 'node:net';

const IN_FLIGHT = Symbol('ledgerline.inFlight');
type TrackedSocket = Socket & { [IN_FLIGHT]?: Set<AbortController> };

/** Until `settled`, the connection's closing aborts `controller` ("client disconnected"). */
export function abortOnDisconnect(socket: Socket, controller: AbortController): void {
  const tracked = socket as TrackedSocket;
  let inFlight = tracked[IN_FLIGHT];
  if (inFlight === undefined) {
    const requests = new Set<AbortController>();
    inFlight = requests;
    tracked[IN_FLIGHT] = requests;
    socket.once('close', () => {
      for (const c of requests) c.abort(new Error('client disconnected'));
    });
  }
  inFlight.add(controller);
}

/** The response was sent: a later close of the connection no longer concerns this request. */
export function settled(socket: Socket, controller: AbortController): void {
  (socket as TrackedSocket)[IN_FLIGHT]?.delete(controller);
}
