import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ReceiveWindow, SendWindow } from '../../../../simulator/net/http2/connection';
import { Http2FrameError, Http2FrameParser, type ParsedFrame } from '../../../../simulator/net/http2/frameParser';
import {
  CONNECTION_PREFACE, encodeData, encodeGoaway, encodeHeaders, encodePing, encodePriority, encodeRstStream, encodeSettings, encodeSettingsAck, encodeWindowUpdate,
} from '../../../../simulator/net/http2/frames';

function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

/** A frame header: 24-bit length, type, flags, stream id (RFC 9113 §4.1), then the payload, written by hand. */
function frame(length: number, type: number, flags: number, streamId: number, payload = ''): Uint8Array {
  const header = Buffer.alloc(9);
  header.writeUIntBE(length, 0, 3);
  header[3] = type;
  header[4] = flags;
  header.writeUInt32BE(streamId, 5);
  return Uint8Array.from(Buffer.concat([header, Buffer.from(payload.replace(/\s+/g, ''), 'hex')]));
}

describe('HTTP/2 frame parser', () => {
  const written = [
    CONNECTION_PREFACE, encodeSettings([[0x3, 100], [0x4, 33_554_432], [0x2, 0]]), encodeWindowUpdate(0, 33_488_897),
    encodePriority(3, { exclusive: true, dependsOn: 1, weight: 256 }),
    ...encodeHeaders(1, new Uint8Array(20_000).fill(0x82), { priority: { exclusive: true, dependsOn: 0, weight: 220 }, padLength: 3 }),
    encodeData(1, Buffer.from('hello'), { endStream: true, padLength: 4 }), encodeRstStream(3, 'CANCEL'), encodePing(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]), true),
    encodeSettingsAck(), encodeGoaway(5, 'ENHANCE_YOUR_CALM', Buffer.from('slow down')),
  ];
  const stream = Uint8Array.from(Buffer.concat(written.map((part) => Buffer.from(part))));

  function summary(frames: ParsedFrame[]): unknown[] {
    return frames.map((parsed) => {
      switch (parsed.type) {
        case 'SETTINGS': return [parsed.type, parsed.ack, parsed.settings];
        case 'WINDOW_UPDATE': return [parsed.type, parsed.streamId, parsed.increment];
        case 'PRIORITY': return [parsed.type, parsed.streamId, parsed.priority];
        case 'HEADERS': return [parsed.type, parsed.streamId, parsed.fragment.length, parsed.endHeaders, parsed.priority, parsed.padLength];
        case 'CONTINUATION': return [parsed.type, parsed.streamId, parsed.fragment.length, parsed.endHeaders];
        case 'DATA': return [parsed.type, Buffer.from(parsed.data).toString(), parsed.endStream, parsed.padLength];
        case 'RST_STREAM': return [parsed.type, parsed.streamId, parsed.errorCode];
        case 'PING': return [parsed.type, parsed.ack, [...parsed.opaque]];
        case 'GOAWAY': return [parsed.type, parsed.lastStreamId, parsed.errorCode, Buffer.from(parsed.debugData).toString()];
        default: return [parsed.type];
      }
    });
  }

  const expected = [
    ['SETTINGS', false, [[3, 100], [4, 33_554_432], [2, 0]]],
    ['WINDOW_UPDATE', 0, 33_488_897],
    ['PRIORITY', 3, { exclusive: true, dependsOn: 1, weight: 256 }],
    ['HEADERS', 1, 16_384 - 5 - 4, false, { exclusive: true, dependsOn: 0, weight: 220 }, 3],
    ['CONTINUATION', 1, 20_000 - (16_384 - 5 - 4), true],
    ['DATA', 'hello', true, 4],
    ['RST_STREAM', 3, 8],
    ['PING', true, [1, 2, 3, 4, 5, 6, 7, 8]],
    ['SETTINGS', true, []],
    ['GOAWAY', 5, 11, 'slow down'],
  ];

  it('reads back every frame type the writers produce, the preface first', () => {
    assert.deepEqual(summary(new Http2FrameParser({ expectPreface: true }).push(stream)), expected);
  });

  it('reads the same frames when the bytes arrive one at a time', () => {
    const parser = new Http2FrameParser({ expectPreface: true });
    const frames: ParsedFrame[] = [];
    for (let i = 0; i < stream.length; i++) frames.push(...parser.push(stream.subarray(i, i + 1)));
    assert.deepEqual(summary(frames), expected);
  });

  it('ignores a frame of an unknown type (RFC 9113 §5.5)', () => {
    assert.deepEqual(new Http2FrameParser().push(frame(2, 0xfa, 0, 0, 'abcd')).map((parsed) => parsed.type), ['UNKNOWN']);
  });

  const errors: [string, Uint8Array[], string, string][] = [
    ['a connection that does not start with the preface', [hex('505249202a20485454502f312e310d0a0d0a534d0d0a0d0a')], 'H2_ERR_BAD_PREFACE', 'PROTOCOL_ERROR'],
    ['a frame longer than SETTINGS_MAX_FRAME_SIZE', [frame(16_385, 0x0, 0, 1)], 'H2_ERR_FRAME_SIZE', 'FRAME_SIZE_ERROR'],
    ['a PING that is not 8 bytes', [frame(4, 0x6, 0, 0, '00000000')], 'H2_ERR_FRAME_SIZE', 'FRAME_SIZE_ERROR'],
    ['a GOAWAY shorter than 8 bytes', [frame(4, 0x7, 0, 0, '00000000')], 'H2_ERR_FRAME_SIZE', 'FRAME_SIZE_ERROR'],
    ['DATA on stream 0', [frame(1, 0x0, 0, 0, '00')], 'H2_ERR_STREAM_ID', 'PROTOCOL_ERROR'],
    ['SETTINGS on stream 1', [frame(0, 0x4, 0, 1)], 'H2_ERR_STREAM_ID', 'PROTOCOL_ERROR'],
    ['padding as long as the payload', [frame(3, 0x0, 0x8, 1, '03 6161')], 'H2_ERR_PADDING', 'PROTOCOL_ERROR'],
    ['a SETTINGS payload that is not a multiple of 6', [frame(5, 0x4, 0, 0, '0003000000')], 'H2_ERR_SETTINGS_LENGTH', 'FRAME_SIZE_ERROR'],
    ['a SETTINGS ACK with a payload', [frame(6, 0x4, 0x1, 0, '000300000064')], 'H2_ERR_SETTINGS_LENGTH', 'FRAME_SIZE_ERROR'],
    ['SETTINGS_ENABLE_PUSH of 2', [frame(6, 0x4, 0, 0, '000200000002')], 'H2_ERR_SETTINGS_VALUE', 'PROTOCOL_ERROR'],
    ['SETTINGS_INITIAL_WINDOW_SIZE above 2^31 - 1', [frame(6, 0x4, 0, 0, '000480000000')], 'H2_ERR_SETTINGS_VALUE', 'FLOW_CONTROL_ERROR'],
    ['SETTINGS_MAX_FRAME_SIZE below 2^14', [frame(6, 0x4, 0, 0, '000500000100')], 'H2_ERR_SETTINGS_VALUE', 'PROTOCOL_ERROR'],
    ['a WINDOW_UPDATE of 0', [frame(4, 0x8, 0, 1, '00000000')], 'H2_ERR_ZERO_WINDOW_INCREMENT', 'PROTOCOL_ERROR'],
    ['a frame of another stream inside a header block', [frame(1, 0x1, 0, 1, '82'), frame(1, 0x9, 0x4, 3, '84')], 'H2_ERR_CONTINUATION_EXPECTED', 'PROTOCOL_ERROR'],
    ['CONTINUATION without HEADERS', [frame(1, 0x9, 0x4, 1, '82')], 'H2_ERR_UNEXPECTED_CONTINUATION', 'PROTOCOL_ERROR'],
  ];
  for (const [what, chunks, code, errorCode] of errors) {
    it(`rejects ${what} with ${code} (${errorCode})`, () => {
      const parser = new Http2FrameParser({ expectPreface: code === 'H2_ERR_BAD_PREFACE' });
      assert.throws(() => chunks.forEach((chunk) => parser.push(chunk)), (error: unknown) => error instanceof Http2FrameError && error.code === code && error.errorCode === errorCode && /RFC 9113 §/.test(error.section));
    });
  }

  it('rejects a WINDOW_UPDATE that takes a window past 2^31 - 1 with H2_ERR_FLOW_CONTROL (RFC 9113 §6.9.1)', () => {
    const window = new SendWindow(65_535);
    assert.throws(() => window.credit(2_147_483_647), (error: unknown) => error instanceof Http2FrameError && error.code === 'H2_ERR_FLOW_CONTROL' && error.errorCode === 'FLOW_CONTROL_ERROR');
  });

  it('credits a window back once half of it is consumed, as nghttp2_should_send_window_update does', () => {
    const window = new ReceiveWindow(65_535);
    // local_window_size / 2 in C integer division: 32767 of 65535.
    assert.deepEqual([16_384, 16_383, 100].map((bytes) => window.receive(bytes)), [0, 32_767, 0]);
  });
});
