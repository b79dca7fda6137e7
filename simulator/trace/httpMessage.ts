import type { EventFields } from './trace';

/*
 * An HTTP message's size read from its events. Over HTTP/1.1 a message is one event; over
 * HTTP/2 it is the HEADERS event (kind http.request or http.response) and the CONTINUATION and
 * DATA frames of the same stream, connection and direction (RFC 9113 §8.1: a stream carries one
 * request and one response, and stream ids are never reused on a connection, §5.1.1).
 */

export interface HttpMessageSize {
  /** The message's bytes at the HTTP layer: the HTTP/1.1 message, or its frames, headers included. */
  bytes: number;
  /** Those bytes on the wire (TLS records and TCP/IP headers as attributed to the events). */
  wireBytes: number;
}

/** The events that carry the message `head` starts, `head` first. */
export function httpMessageEvents<Event extends EventFields>(events: readonly Event[], head: Event): Event[] {
  if (head.detail?.httpVersion !== '2') return [head];
  const stream = head.detail.stream;
  return [head, ...events.filter((event) => (event.kind === 'http.h2_continuation' || event.kind === 'http.h2_data')
    && event.connection === head.connection && event.from === head.from && event.detail?.stream === stream)];
}

export function httpMessageSize(events: readonly EventFields[], head: EventFields): HttpMessageSize {
  const parts = httpMessageEvents(events, head);
  return { bytes: parts.reduce((sum, event) => sum + event.bytes, 0), wireBytes: parts.reduce((sum, event) => sum + event.wireBytes, 0) };
}
