import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventKind, Layer, TraceEventJson } from '../../../simulator/trace/trace';
import { findRepeatRuns, repeatSignature } from '../../../webview/drawing/repeatRuns';

/** A minimal event for the grouping tests: only what the signature reads matters. */
function event(id: number, from: string, to: string, layer: Layer, name: string): TraceEventJson {
  return { id, time: id, arrival: id + 1, from, to, layer, kind: kindOf(layer, name), name, bytes: 32, wireBytes: 52 };
}

/** The kind a recorder gives such an event: TCP segments by their flags, other layers one kind each. */
function kindOf(layer: Layer, name: string): EventKind {
  if (layer === 'tcp') return ({ SYN: 'tcp.syn', 'SYN, ACK': 'tcp.syn_ack', 'FIN, ACK': 'tcp.fin', ACK: 'tcp.ack' } as const)[name] ?? 'tcp.retransmission';
  return ({ dns: 'dns.query', tls: 'tls.application_data', http: 'http.request', ws: 'ws.frame', gateway: 'gateway.message', backend: 'backend.message' } as const)[layer];
}

describe('sequence grouping', () => {
  it('treats events as the same whatever the digits in their names, and pure ACKs whichever way they go', () => {
    assert.equal(repeatSignature(event(0, 'lambda', 'lambda', 'backend', 'handler (38 ms)')), repeatSignature(event(1, 'lambda', 'lambda', 'backend', 'handler (4 ms)')));
    assert.equal(repeatSignature(event(0, 'client', 'gateway', 'tcp', 'ACK')), repeatSignature(event(1, 'gateway', 'client', 'tcp', 'ACK')));
    // Anything else has a direction, a layer and a name.
    assert.notEqual(repeatSignature(event(0, 'client', 'gateway', 'http', 'GET /a')), repeatSignature(event(1, 'gateway', 'client', 'http', 'GET /a')));
    assert.notEqual(repeatSignature(event(0, 'client', 'gateway', 'tcp', 'FIN, ACK')), repeatSignature(event(1, 'gateway', 'client', 'tcp', 'FIN, ACK')));
    assert.notEqual(repeatSignature(event(0, 'client', 'gateway', 'tls', 'ACK')), repeatSignature(event(1, 'client', 'gateway', 'tcp', 'ACK')));
  });

  it('finds runs of repeats greedily, preferring the period that covers most', () => {
    const pattern = ['A', 'B', 'A', 'B', 'A', 'B', 'A', 'B', 'C'].map((name, index) => event(index, 'client', 'gateway', 'http', name));
    assert.deepEqual(findRepeatRuns(pattern), [{ start: 0, period: 2, repeats: 4 }]);
    // Two pure ACKs, either way between the same two participants, already make a run.
    const acks = [event(0, 'client', 'gateway', 'tcp', 'ACK'), event(1, 'gateway', 'client', 'tcp', 'ACK'), event(2, 'client', 'gateway', 'tls', 'Finished')];
    assert.deepEqual(findRepeatRuns(acks), [{ start: 0, period: 1, repeats: 2 }]);
    // Three similar frames are left alone; four are a run. Digits in names do not matter.
    const frames = (count: number): TraceEventJson[] => Array.from({ length: count }, (_, index) => event(index, 'gateway', 'client', 'ws', `push ${index + 1}`));
    assert.deepEqual(findRepeatRuns(frames(3)), []);
    assert.deepEqual(findRepeatRuns(frames(4)), [{ start: 0, period: 1, repeats: 4 }]);
  });

  it('finds nothing to group in events that never repeat, and in no events at all', () => {
    const distinct = ['SYN', 'SYN, ACK', 'ClientHello', 'ServerHello', 'GET /'].map((name, index) => event(index, 'client', 'gateway', 'tcp', name));
    assert.deepEqual(findRepeatRuns(distinct), []);
    assert.deepEqual(findRepeatRuns([]), []);
  });
});
