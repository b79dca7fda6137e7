import type { Simulation } from '../engine/simulation';
import type { Transport } from './transport';

/**
 * The server closes the connection once its close frame is written (RFC 6455 §7.1.1: the server
 * closes the TCP connection first), as a write of its own: `ws` ends its socket in the close
 * frame's write callback (lib/websocket.js, WebSocket#close: `this._socket.end()` once the frame
 * is sent and the peer's has been received), so the frame, the TLS close_notify and the FIN leave
 * as separate segments. The fidelity harness captures ws's server answering a client's close so:
 * a 45-byte segment (TLS 1.3; 52 in 1.2) with the close frame, then 24 (31) with close_notify, then
 * the FIN.
 *
 * That callback runs in a later turn of the server's event loop: `afterMs`
 * (TlsServerProfile.endAfterCloseFrameMs) later. It decides whose close_notify a client sees
 * first: Node's `ws` client ends its own socket as it reads the echo, so with the server's
 * close_notify still on its way the client's leaves first. Assumption, named: API Gateway closes
 * the same way, at once (its profile has no delay); AWS does not document its writes.
 */
export function closeAfterCloseFrame(transport: Transport, simulation: Simulation, afterMs = 0): void {
  if (afterMs > 0) {
    simulation.schedule(afterMs, () => transport.close('server'));
    return;
  }
  transport.flush('server');
  transport.close('server');
}
