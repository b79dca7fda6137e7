import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDataMessageFrame } from '../../../simulator/trace/eventQueries';
import { eventLabel } from '../../../webview/drawing/eventLabels';
import { holdBackPayloads } from '../../../webview/protocol/heldPayloads';
import { orderStatusTrace, productTrace, seriesTrace } from '../traces';

describe('payloads held back from the show message', () => {
  for (const [name, trace] of [['the WebSocket session', orderStatusTrace()], ['the product request', productTrace()], ['ten kept-alive orders', seriesTrace(10)]] as const) {
    it(`sends ${name} without the bytes only the details panel reads, and lists the events they belong to`, () => {
      const { trace: sent, held } = holdBackPayloads(trace);
      const withBytes = trace.events.filter((event) => event.payloadHex !== undefined);
      assert.ok(withBytes.length > 0, 'the trace has payloads to hold back');
      assert.deepEqual(held, withBytes.filter((event) => !isDataMessageFrame(event)).map((event) => event.id));
      sent.events.forEach((event, index) => {
        const original = trace.events[index];
        if (held.includes(event.id)) {
          assert.equal(event.payloadHex, undefined, `event ${index}: held back`);
          assert.deepEqual({ ...event, payloadHex: original.payloadHex }, original, `event ${index}: nothing else changed`);
        } else {
          assert.equal(event, original, `event ${index}: sent as it is`);
        }
      });
      // The diagram's labels read WebSocket frames' bytes (their FIN bit): they are the same either way.
      assert.deepEqual(sent.events.map(eventLabel), trace.events.map(eventLabel));
      assert.deepEqual({ ...sent, events: [] }, { ...trace, events: [] }, 'the rest of the trace as it was');
    });
  }

  it('keeps the bytes of WebSocket data frames, whose text the labels preview', () => {
    const trace = orderStatusTrace();
    const frames = trace.events.filter(isDataMessageFrame);
    assert.ok(frames.length >= 4, 'subscribe and the pushes');
    const { trace: sent } = holdBackPayloads(trace);
    for (const frame of frames) assert.equal(sent.events[frame.id].payloadHex, frame.payloadHex);
  });

  it('makes the 110 kept-alive orders\' first 1,000 events a message of under a third the size', () => {
    const full = seriesTrace(110);
    const trace = { ...full, events: full.events.slice(0, 1000) };
    const before = JSON.stringify(trace).length;
    const after = JSON.stringify(holdBackPayloads(trace)).length;
    assert.ok(after < before / 3, `${before} -> ${after} characters`);
  });
});
