import type { Transport } from './transport';

/**
 * The server closes the connection once its close frame is written (RFC 6455 §7.1.1: the server
 * closes the TCP connection first), as a write of its own: `ws` ends its socket in the close
 * frame's write callback (lib/websocket.js, WebSocket#close: `this._socket.end()` once the frame
 * is sent and the peer's has been received), so the frame, the TLS close_notify and the FIN leave
 * as separate segments. The fidelity harness captures ws's server answering a client's close so:
 * a 45-byte segment (TLS 1.3; 52 in 1.2) with the close frame, then 24 (31) with close_notify, then
 * the FIN. Assumption, named: API Gateway closes the same way; AWS does not document its writes.
 */
export function closeAfterCloseFrame(transport: Transport): void {
  transport.flush('server');
  transport.close('server');
}
