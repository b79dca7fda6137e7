import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { TraceRecorder } from '../../../simulator/trace/recorder';
import { hex, toTraceJson } from '../../../simulator/trace/traceJson';

/*
 * Inside the simulator payloads are bytes; toTraceJson is the one place they become hex, for
 * the webview's messages. The JSON form must say the same as the trace, with nothing else changed.
 */

describe('the trace as JSON', () => {
  const trace = simulateHttpExchange({ url: 'https://api.example.com/products', seed: 9, requestBody: '{"sku":"p-1"}', method: 'POST' });
  const json = toTraceJson(trace);

  it('writes every payload as the hex of its bytes and leaves every other field as it is', () => {
    assert.equal(json.events.length, trace.events.length);
    trace.events.forEach((event, index) => {
      const { payload, ...fields } = event;
      const written = json.events[index];
      assert.deepEqual(written, payload ? { ...fields, payloadHex: Buffer.from(payload).toString('hex') } : fields, event.name);
      if (payload) assert.deepEqual(Object.keys(written).at(-1), 'payloadHex');
    });
    assert.deepEqual({ ...json, events: [] }, { ...trace, events: [] });
  });

  it('carries the request as the bytes the client wrote', () => {
    const request = json.events.find((event) => event.kind === 'http.request');
    assert.ok(request?.payloadHex);
    assert.match(Buffer.from(request.payloadHex, 'hex').toString('latin1'), /^POST \/products HTTP\/1\.1\r\n[\s\S]*\r\n\r\n\{"sku":"p-1"\}$/);
  });

  it('survives JSON as text, as postMessage carries it', () => {
    assert.deepEqual(JSON.parse(JSON.stringify(json)), json);
  });

  it('writes hex two lower-case digits a byte, also for a view into a larger buffer', () => {
    const buffer = Uint8Array.of(0xff, 0x00, 0x0a, 0xab, 0x10);
    assert.equal(hex(buffer), 'ff000aab10');
    assert.equal(hex(buffer.subarray(1, 4)), '000aab');
    assert.equal(hex(new Uint8Array(0)), '');
  });
});

describe('the recorder', () => {
  it('keeps the bytes as they were sent when the sender reuses its buffer afterwards', () => {
    const recorder = new TraceRecorder('test', 1);
    recorder.participant({ id: 'client', label: 'Client', kind: 'client' });
    recorder.participant({ id: 'server', label: 'Server', kind: 'server' });
    const buffer = Buffer.from('GET / HTTP/1.1\r\n\r\n', 'latin1');
    recorder.event({ time: 0, arrival: 1, from: 'client', to: 'server', layer: 'http', kind: 'http.request', name: 'GET /', bytes: buffer.length, wireBytes: buffer.length, payload: buffer });
    buffer.fill(0);
    const [event] = recorder.finish().events;
    assert.equal(Buffer.from(event.payload!).toString('latin1'), 'GET / HTTP/1.1\r\n\r\n');
    assert.ok(!Buffer.isBuffer(event.payload), 'a plain Uint8Array, not a view of the sender\'s Buffer');
  });
});
