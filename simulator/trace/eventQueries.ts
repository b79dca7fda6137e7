import type { EventFields, TlsMessageKind } from './trace';

/*
 * Questions code asks of trace events, answered from their kind and details, never from the
 * display name. Type imports only, so the webview may use them too.
 */

/** A frame that starts a data message (text or binary; its continuations are not counted again). */
export function isDataMessageFrame(event: EventFields): boolean {
  return event.kind === 'ws.frame' && (event.detail?.opcode === 'text' || event.detail?.opcode === 'binary');
}

/** A pure TCP acknowledgement: no data, no SYN or FIN. */
export function isPureAck(event: EventFields): boolean {
  return event.kind === 'tcp.ack';
}

/**
 * An HTTP/2 frame nobody waits for: a SETTINGS ACK or a WINDOW_UPDATE (RFC 9113 §6.5.3, §6.9).
 * Like a pure TCP ACK, it does not start a round trip.
 */
export function isHttp2Acknowledgement(event: EventFields): boolean {
  return event.kind === 'http.h2_window_update' || (event.kind === 'http.h2_settings' && event.detail?.flags === 'ACK');
}

/** The IPv4 addresses a DNS response answered with, in order. */
export function answeredAddresses(event: EventFields): string[] {
  const addresses = event.kind === 'dns.response' ? event.detail?.addresses : undefined;
  return typeof addresses === 'string' && addresses !== '' ? addresses.split(',') : [];
}

/** Whether the event ends a connection or session: a TCP FIN or RST, a TLS alert, a WebSocket close frame. */
export function isClosing(event: EventFields): boolean {
  return event.kind === 'tcp.fin' || event.kind === 'tcp.rst' || event.kind === 'tls.alert' || (event.kind === 'ws.frame' && event.detail?.opcode === 'close');
}

/** The TLS message a `tls.*` event's record carries (`client_hello` for `tls.client_hello`). */
export function tlsMessage(event: EventFields): TlsMessageKind {
  if (!event.kind.startsWith('tls.')) throw new Error(`tlsMessage: event ${event.id} is ${event.kind}, not a TLS record`);
  return event.kind.slice('tls.'.length) as TlsMessageKind;
}
