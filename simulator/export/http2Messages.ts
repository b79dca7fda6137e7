import { SETTINGS } from '../net/http2/frames';
import { Http2FrameParser } from '../net/http2/frameParser';
import { HpackDecoder, type HeaderField } from '../net/http2/hpack/decoder';
import { INITIAL_SETTINGS } from '../net/http2/connection';
import type { Trace, TraceEvent } from '../trace/trace';

/*
 * HTTP/2 messages read back from a trace's frames, as the peer reads them: per connection and
 * direction, the frames in the order they were written, each header block (HEADERS and its
 * CONTINUATIONs) decoded by that direction's HPACK decoder, so a later block's references to the
 * dynamic table resolve (RFC 7541 §2.3), and each stream's DATA joined into its body.
 */

/** One message: its header list (pseudo-headers first) and its body. */
export interface Http2Message {
  headers: HeaderField[];
  body: Uint8Array;
}

interface DirectionState {
  parser: Http2FrameParser;
  decoder?: HpackDecoder;
  /** The HEADERS event whose block is still open (waiting for CONTINUATION), and its fragments. */
  open?: { event: TraceEvent; fragments: Uint8Array[] };
  /** Per stream, the message whose DATA is arriving. */
  streams: Map<number, Http2Message>;
}

/** The HTTP/2 messages of a trace, by the id of the event carrying each one's HEADERS frame. */
export function http2Messages(trace: Pick<Trace, 'events'>): Map<number, Http2Message> {
  const messages = new Map<number, Http2Message>();
  const directions = new Map<string, DirectionState>();
  /** SETTINGS_HEADER_TABLE_SIZE each side announced, per connection: the limit of the decoder reading what is sent to it. */
  const tableSizes = new Map<string, number>();
  for (const event of trace.events) {
    if (event.detail?.httpVersion !== '2' || !event.payload || event.connection === undefined) continue;
    const key = `${event.connection} ${event.from}`;
    let state = directions.get(key);
    if (!state) {
      state = { parser: new Http2FrameParser({ expectPreface: event.kind === 'http.h2_preface' }), streams: new Map() };
      directions.set(key, state);
    }
    for (const frame of state.parser.push(event.payload)) {
      if (frame.type === 'SETTINGS' && !frame.ack) {
        for (const [identifier, value] of frame.settings) {
          if (identifier === SETTINGS.HEADER_TABLE_SIZE) tableSizes.set(`${event.connection} ${event.from}`, value);
        }
      } else if (frame.type === 'HEADERS') {
        state.open = { event, fragments: [frame.fragment] };
        if (frame.endHeaders) close(state, event, messages, tableSizes);
      } else if (frame.type === 'CONTINUATION' && state.open) {
        state.open.fragments.push(frame.fragment);
        if (frame.endHeaders) close(state, event, messages, tableSizes);
      } else if (frame.type === 'DATA') {
        const message = state.streams.get(frame.streamId);
        if (message) message.body = Buffer.concat([message.body, frame.data]);
      }
    }
  }
  return messages;
}

function close(state: DirectionState, event: TraceEvent, messages: Map<number, Http2Message>, tableSizes: Map<string, number>): void {
  const open = state.open!;
  state.open = undefined;
  // The receiver (the other end of this direction) bounds the table with the size it announced.
  const receiver = [...tableSizes.keys()].find((key) => key.startsWith(`${event.connection} `) && !key.endsWith(` ${event.from}`));
  state.decoder ??= new HpackDecoder(receiver ? tableSizes.get(receiver) : INITIAL_SETTINGS.headerTableSize);
  const message: Http2Message = { headers: state.decoder.decode(Buffer.concat(open.fragments)), body: new Uint8Array(0) };
  messages.set(open.event.id, message);
  state.streams.set(open.event.detail?.stream as number, message);
}
