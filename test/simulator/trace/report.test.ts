import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simulateWebSocketSession } from '../../../simulator/scenario/websocketSession';
import { toReport, type ReportEvent } from '../../../simulator/trace/report';
import type { TraceEvent } from '../../../simulator/trace/trace';
import { Sender } from '../../helpers/wsInternals';

/*
 * The CLI's JSON report is where payload bytes leave the simulator as text: each event's
 * `hex` (README, "--format json") must be exactly the bytes on the wire. Checked against
 * what ws's own frame builder writes for the same frame.
 */

const trace = simulateWebSocketSession({ url: 'wss://ws.example.com/prod', seed: 4, messages: [{ from: 'client', data: 'hello' }, { from: 'server', data: 'world' }] });
const report = toReport(trace, { scenario: 'ws-session', requests: 1 });

/** The report's event for a trace event: the report keeps the trace's order, one for one. */
function reported(event: TraceEvent): ReportEvent {
  return report.events[trace.events.indexOf(event)];
}

function textFrame(from: string): TraceEvent {
  const frame = trace.events.find((event) => event.kind === 'ws.frame' && event.detail?.opcode === 'text' && event.from === from);
  assert.ok(frame, `a text frame from the ${from}`);
  return frame;
}

describe('the JSON report', () => {
  it('writes a server\'s text frame as hex of the bytes ws\'s Sender.frame builds for it', () => {
    const theirs = Buffer.concat(Sender.frame(Buffer.from('world'), { fin: true, opcode: 0x1, mask: false, readOnly: false, rsv1: false }));
    assert.equal(reported(textFrame('server')).hex, theirs.toString('hex'));
    assert.equal(reported(textFrame('server')).hex, '8105776f726c64');
  });

  it('writes a client\'s masked text frame as hex of the bytes ws builds with the same mask', () => {
    const hex = reported(textFrame('client')).hex;
    assert.ok(hex, 'the frame has its hex');
    const mask = Buffer.from(hex, 'hex').subarray(2, 6);
    const theirs = Buffer.concat(Sender.frame(Buffer.from('hello'), { fin: true, opcode: 0x1, mask: true, maskBuffer: mask, generateMask: () => {}, readOnly: false, rsv1: false }));
    assert.equal(hex, theirs.toString('hex'));
  });

  it('gives hex for exactly the events that carry bytes, and keeps the documented fields in their order', () => {
    for (const event of trace.events) {
      const written = reported(event);
      assert.equal(written.hex, event.payload && event.payload.length > 0 ? Buffer.from(event.payload).toString('hex') : undefined, event.name);
      assert.equal(written.bytes, event.payload?.length ?? written.bytes, `${event.name}: the hex is the bytes that \`bytes\` counts`);
      const fields = ['t', 'arrival', 'from', 'to', 'layer', 'kind', 'name', 'bytes', 'wireBytes', 'status', 'error', 'detail', 'hex'].filter((field) => field in written);
      assert.deepEqual(Object.keys(written), fields, event.name);
    }
    assert.ok(report.events.filter((event) => event.hex !== undefined).length >= 6, 'the upgrade, its 101 and four frames at least');
  });

  it('survives JSON as text: no bytes left in it', () => {
    const text = JSON.stringify(report);
    assert.deepEqual(JSON.parse(text), report);
    assert.ok(!text.includes('"payload"'));
  });
});
