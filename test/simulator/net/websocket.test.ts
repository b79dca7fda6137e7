import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import { Random } from '../../../simulator/engine/random';
import {
  encodeClosePayload, encodeFrame, encodeMessage, frameHeaderBytes, FrameParser, FrameParseError,
} from '../../../simulator/net/websocket';
import { receiveWithWs, Sender } from '../../helpers/wsInternals';

const MASK = Uint8Array.from([0x37, 0xfa, 0x21, 0x3d]);

function payloadOf(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}

describe('WebSocket frames', () => {
  it('encodes the RFC 6455 §5.7 examples byte for byte', () => {
    // A single-frame unmasked text message "Hello".
    assert.equal(Buffer.from(encodeFrame(Buffer.from('Hello'), { opcode: 'text' })).toString('hex'), '810548656c6c6f');
    // A single-frame masked text message "Hello".
    assert.equal(Buffer.from(encodeFrame(Buffer.from('Hello'), { opcode: 'text', mask: MASK })).toString('hex'), '818537fa213d7f9f4d5158');
    // A fragmented unmasked text message: "Hel" then "lo".
    assert.equal(Buffer.from(encodeFrame(Buffer.from('Hel'), { opcode: 'text', fin: false })).toString('hex'), '010348656c');
    assert.equal(Buffer.from(encodeFrame(Buffer.from('lo'), { opcode: 'continuation' })).toString('hex'), '80026c6f');
    // Unmasked ping with body "Hello".
    assert.equal(Buffer.from(encodeFrame(Buffer.from('Hello'), { opcode: 'ping' })).toString('hex'), '890548656c6c6f');
  });

  for (const length of [0, 1, 125, 126, 127, 65535, 65536, 70000]) {
    for (const masked of [false, true]) {
      it(`matches ws's own frame builder at ${length} bytes, ${masked ? 'masked' : 'unmasked'}`, () => {
        const payload = payloadOf(length);
        const ours = encodeFrame(payload, { opcode: 'binary', ...(masked ? { mask: MASK } : {}) });
        const theirs = Buffer.concat(Sender.frame(Buffer.from(payload), {
          fin: true, opcode: 0x2, mask: masked, readOnly: false, rsv1: false,
          ...(masked ? { maskBuffer: Buffer.from(MASK), generateMask: () => {} } : {}),
        }));
        assert.equal(Buffer.compare(Buffer.from(ours), theirs), 0);
        assert.equal(ours.length, frameHeaderBytes(length, masked) + length);
      });

      it(`is decoded by ws's receiver at ${length} bytes, ${masked ? 'masked (client to server)' : 'unmasked (server to client)'}`, async () => {
        const payload = payloadOf(length);
        const frame = encodeFrame(payload, { opcode: 'binary', ...(masked ? { mask: MASK } : {}) });
        const received = await receiveWithWs([frame], { isServer: masked });
        assert.equal(received.length, 1);
        assert.equal(received[0].kind, 'message');
        assert.equal(received[0].isBinary, true);
        assert.equal(Buffer.compare(received[0].data!, Buffer.from(payload)), 0);
      });
    }
  }

  it('uses 2, 4 and 10 header bytes at the 125/126 and 65535/65536 boundaries, plus 4 for the mask', () => {
    assert.deepEqual([125, 126, 65535, 65536].map((length) => frameHeaderBytes(length, false)), [2, 4, 4, 10]);
    assert.deepEqual([125, 126, 65535, 65536].map((length) => frameHeaderBytes(length, true)), [6, 8, 8, 14]);
  });

  it('fragments a 200 KB message into 32 KB frames that ws reassembles', async () => {
    const payload = payloadOf(200 * 1024);
    const random = new Random(7);
    const frames = encodeMessage('text', Buffer.from(payload.map((byte) => 0x61 + (byte % 26))), 32 * 1024, () => random.bytes(4));
    assert.equal(frames.length, 7);
    assert.deepEqual(frames.map((frame) => frame[0]), [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x80]);
    const received = await receiveWithWs(frames, { isServer: true });
    assert.equal(received.length, 1);
    assert.equal(received[0].isBinary, false);
    assert.equal(received[0].data!.length, 200 * 1024);
  });

  it('sends close with a status code and reason that ws reads back', async () => {
    const received = await receiveWithWs([encodeFrame(encodeClosePayload(1009, 'message too big'), { opcode: 'close', mask: MASK })], { isServer: true });
    assert.deepEqual(received, [{ kind: 'close', code: 1009, reason: 'message too big' }]);
  });

  it('sends pings and pongs that ws reports', async () => {
    const received = await receiveWithWs([encodeFrame(Buffer.from('hb'), { opcode: 'ping' }), encodeFrame(Buffer.from('hb'), { opcode: 'pong' })], { isServer: false });
    assert.deepEqual(received.map((item) => [item.kind, item.data?.toString()]), [['ping', 'hb'], ['pong', 'hb']]);
  });

  it('is decoded by ws when the bytes arrive split at every position of the header', async () => {
    const frame = encodeFrame(payloadOf(300), { opcode: 'binary', mask: MASK });
    for (let split = 1; split < 9; split++) {
      const received = await receiveWithWs([frame.subarray(0, split), frame.subarray(split)], { isServer: true });
      assert.equal(received[0].data!.length, 300, `split at ${split}`);
    }
  });

  it('refuses control frames over 125 bytes, fragmented control frames and reserved close codes, naming the parameter', () => {
    assert.throws(() => encodeFrame(new Uint8Array(126), { opcode: 'ping' }), (error: ParameterError) => error.code === 'PAYLOAD_TOO_LARGE' && error.parameter === 'payload');
    assert.throws(() => encodeFrame(new Uint8Array(1), { opcode: 'close', fin: false }), (error: ParameterError) => error.parameter === 'fin');
    assert.throws(() => encodeClosePayload(1006), (error: ParameterError) => error.parameter === 'closeCode');
    assert.throws(() => encodeClosePayload(1000, 'x'.repeat(124)), (error: ParameterError) => error.parameter === 'closeReason');
    assert.throws(() => encodeFrame(new Uint8Array(1), { opcode: 'text', mask: new Uint8Array(3) }), (error: ParameterError) => error.parameter === 'mask');
  });
});

describe('WebSocket frame parser', () => {
  it('parses frames built by ws, fed one byte at a time', () => {
    const frames = [
      ...Sender.frame(Buffer.from('order o-1001 shipped'), { fin: true, opcode: 0x1, mask: true, readOnly: false, rsv1: false }),
      ...Sender.frame(Buffer.from(payloadOf(70000)), { fin: true, opcode: 0x2, mask: false, readOnly: false, rsv1: false }),
    ];
    const stream = Buffer.concat(frames);
    const parser = new FrameParser();
    const parsed = [];
    for (let i = 0; i < stream.length; i++) parsed.push(...parser.push(stream.subarray(i, i + 1)));
    assert.equal(parsed.length, 2);
    assert.equal(Buffer.from(parsed[0].payload).toString(), 'order o-1001 shipped');
    assert.equal(parsed[0].masked, true);
    assert.equal(parsed[1].opcode, 'binary');
    assert.equal(parsed[1].payload.length, 70000);
    assert.equal(parsed[0].frameBytes + parsed[1].frameBytes, stream.length);
  });

  it('rejects an oversized frame with close code 1009, as API Gateway does past its limit', () => {
    const parser = new FrameParser(32 * 1024);
    assert.throws(() => parser.push(encodeFrame(new Uint8Array(32 * 1024 + 1), { opcode: 'binary' })), (error: FrameParseError) => error.closeCode === 1009);
  });

  it('rejects an unknown opcode with close code 1002', () => {
    assert.throws(() => new FrameParser().push(Uint8Array.from([0x83, 0x00])), (error: FrameParseError) => error.closeCode === 1002 && error.code === 'WS_ERR_INVALID_OPCODE');
  });
});
