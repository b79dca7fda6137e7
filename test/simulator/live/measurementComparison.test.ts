import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareTraces, messageType } from '../../../simulator/live/measurementComparison';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';

function trace(events: Partial<TraceEvent>[]): Trace {
  return {
    version: 1, seed: 1, scenario: 'test', packets: [],
    participants: [{ id: 'client', label: 'Client', kind: 'client' }, { id: 'gateway', label: 'Gateway', kind: 'gateway' }],
    events: events.map((event, id) => ({ id, time: id, arrival: id, from: 'client', to: 'gateway', layer: 'ws', kind: 'ws.frame', name: 'text frame', bytes: 10, wireBytes: 10, ...event })),
    summary: { timeToFirstByteMs: 0, totalTimeMs: 0, roundTrips: 0, bytesUp: 0, bytesDown: 0, packets: 0, packetsLost: 0, exchanges: [] },
  };
}

describe('compareTraces', () => {
  it('pairs messages of the same type in order, so a push overtaking a pong is no difference', () => {
    const model = trace([{ name: 'pong frame', bytes: 11, from: 'gateway', to: 'client' }, { name: 'text frame', bytes: 40, from: 'gateway', to: 'client' }]);
    const live = trace([{ name: 'text frame', bytes: 40, from: 'gateway', to: 'client' }, { name: 'pong frame', bytes: 11, from: 'gateway', to: 'client' }]);
    assert.deepEqual(compareTraces(model, live).differences, []);
  });

  it('lists a size difference, a missing and an extra message', () => {
    const model = trace([{ name: 'GET /production (Upgrade: websocket)', layer: 'http', bytes: 300 }, { name: 'text frame', bytes: 47 }, { layer: 'tls', name: 'Certificate', bytes: 1000, from: 'gateway', to: 'client' }]);
    const live = trace([{ name: 'GET /production?token=abc (Upgrade: websocket)', layer: 'http', bytes: 301 }, { layer: 'tls', name: 'Certificate', bytes: 1025, from: 'gateway', to: 'client' }, { name: 'ping frame', bytes: 15 }]);
    const { differences, messages } = compareTraces(model, live);
    assert.deepEqual(differences, [
      'tls server → client: Certificate modelled 1000 B, measured 1025 B',
      'http client → server: GET /production (Upgrade: websocket) modelled 300 B, measured 301 B (GET /production?token=abc (Upgrade: websocket))',
      'ws client → server: the model sends text frame (47 B), the live run did not',
      'ws client → server: the live run sent ping frame (15 B), the model does not',
    ]);
    assert.equal(messages.find((message) => message.layer === 'tls')!.ok, false, '2.4% is beyond the 2% TLS tolerance');
  });

  it('accepts TLS records within 2%', () => {
    const model = trace([{ layer: 'tls', name: 'Certificate', bytes: 1000 }]);
    assert.deepEqual(compareTraces(model, trace([{ layer: 'tls', name: 'Certificate', bytes: 1015 }])).differences, []);
  });
});

describe('messageType', () => {
  it('drops fragment and exchange numbers and a query string', () => {
    assert.equal(messageType('continuation frame 2/7'), 'continuation frame');
    assert.equal(messageType('GET /orders/o-1001 #3'), 'GET /orders/o-1001');
    assert.equal(messageType('GET /production?token=x (Upgrade: websocket)'), 'GET /production (Upgrade: websocket)');
  });
});
