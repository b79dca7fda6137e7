import type { Transport } from './transport';

/**
 * What a client does once the closing handshake it started is done, as it reads the server's
 * echo of its close frame.
 *
 * - Node's `ws` ends its socket at once (lib/websocket.js, WebSocket#close: with its close frame
 *   sent and the peer's received, `this._socket.end()`): close_notify, then a half-close FIN. The
 *   fidelity harness's captures of node × WebSocket show it 0.35 to 0.5 ms after the echo, before
 *   the stand-in's own close_notify arrives (websocketServerClose.ts).
 * - Chromium waits for the server to close TCP, as RFC 6455 §7.1.1 asks of a client, and sends
 *   no close_notify (tlsProfiles.ts, the browser's close; the harness's captures of browser ×
 *   WebSocket).
 * - curl: Debian's 7.88 has no WebSocket, so its behaviour is not captured. Assumption, named:
 *   it waits for the server too.
 */
export function endsOnCloseEcho(profile: string | undefined): boolean {
  // The scenarios' default client is the node profile (topology.ts).
  return (profile ?? 'node') === 'node';
}

/** Called as the echo of the client's close frame arrives: the client ends its side if its program does. */
export function afterCloseEcho(transport: Transport, profile: string | undefined): void {
  if (endsOnCloseEcho(profile)) transport.end('client');
}
