import type { Transport } from './transport';

/**
 * What a client does once a closing handshake is done on its side.
 *
 * - Node's `ws` ends its socket (close_notify, then a half-close FIN) as soon as it has both sent
 *   a close frame and received one (lib/websocket.js, WebSocket#close: `this._socket.end()`):
 *   as it reads the server's echo of its own close, and in the write callback of its echo of a
 *   server's close. The fidelity harness's captures of node × WebSocket show the first 0.35 to
 *   0.5 ms after the echo, before the stand-in's own close_notify arrives
 *   (websocketServerClose.ts); the second is read from the source, not captured (no row has the
 *   server close first).
 * - Chromium waits for the server to close, as RFC 6455 §7.1.1 asks of a client, and closes as
 *   it reads the server's close_notify, with no alert of its own (tlsProfiles.ts, the browser's
 *   close; the harness's captures of browser × WebSocket).
 * - curl: Debian's 7.88 has no WebSocket, so its behaviour is not captured. Assumption, named:
 *   it waits for the server too.
 */
export function endsWhenClosingHandshakeDone(profile: string | undefined): boolean {
  // The scenarios' default client is the node profile (topology.ts).
  return (profile ?? 'node') === 'node';
}

/** The echo of the client's own close has arrived: the client ends its side if its program does. */
export function afterCloseEcho(transport: Transport, profile: string | undefined): void {
  if (endsWhenClosingHandshakeDone(profile)) transport.end('client');
}

/** The client has written its echo of the server's close: `ws` ends its socket in that write's callback, a write of its own. */
export function afterClientEcho(transport: Transport, profile: string | undefined): void {
  if (!endsWhenClosingHandshakeDone(profile)) return;
  transport.flush('client');
  transport.end('client');
}
