import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareTraces, messageKey, messageType } from '../../../simulator/live/measurementComparison';
import type { Trace, TraceEvent } from '../../../simulator/trace/trace';

function trace(events: Partial<TraceEvent>[]): Trace {
  return {
    version: 1, seed: 1, scenario: 'test', packets: [],
    participants: [{ id: 'client', label: 'Client', kind: 'client' }, { id: 'gateway', label: 'Gateway', kind: 'gateway' }],
    events: events.map((event, id) => ({ id, time: id, arrival: id, from: 'client', to: 'gateway', layer: 'ws', kind: 'ws.frame', name: 'text frame', bytes: 10, wireBytes: 10, detail: { opcode: 'text' }, ...event })),
    summary: { timeToFirstByteMs: 0, totalTimeMs: 0, roundTrips: 0, bytesUp: 0, bytesDown: 0, packets: 0, packetsLost: 0, exchanges: [] },
  };
}

const PONG: Partial<TraceEvent> = { name: 'pong frame', detail: { opcode: 'pong' } };
const PING: Partial<TraceEvent> = { name: 'ping frame', detail: { opcode: 'ping' } };
const CERTIFICATE: Partial<TraceEvent> = { layer: 'tls', kind: 'tls.certificate', name: 'Certificate' };
const upgrade = (target: string): Partial<TraceEvent> => ({
  layer: 'http', kind: 'http.request', name: `GET ${target} (Upgrade: websocket)`, detail: { method: 'GET', target, upgrade: 'websocket' },
});

describe('compareTraces', () => {
  it('pairs messages of the same type in order, so a push overtaking a pong is no difference', () => {
    const model = trace([{ ...PONG, bytes: 11, from: 'gateway', to: 'client' }, { name: 'text frame', bytes: 40, from: 'gateway', to: 'client' }]);
    const live = trace([{ name: 'text frame', bytes: 40, from: 'gateway', to: 'client' }, { ...PONG, bytes: 11, from: 'gateway', to: 'client' }]);
    assert.deepEqual(compareTraces(model, live).differences, []);
  });

  it('lists a size difference, a missing and an extra message', () => {
    const model = trace([{ ...upgrade('/production'), bytes: 300 }, { name: 'text frame', bytes: 47 }, { ...CERTIFICATE, bytes: 1000, from: 'gateway', to: 'client' }]);
    const live = trace([{ ...upgrade('/production?token=abc'), bytes: 301 }, { ...CERTIFICATE, bytes: 1025, from: 'gateway', to: 'client' }, { ...PING, bytes: 15 }]);
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
    const model = trace([{ ...CERTIFICATE, bytes: 1000 }]);
    assert.deepEqual(compareTraces(model, trace([{ ...CERTIFICATE, bytes: 1015 }])).differences, []);
  });

  it('pairs by kind and details, so renaming every event for people changes no verdict', () => {
    const events: Partial<TraceEvent>[] = [{ ...upgrade('/production'), bytes: 300 }, { ...PONG, bytes: 11, from: 'gateway', to: 'client' }, { bytes: 40, from: 'gateway', to: 'client' }, { ...CERTIFICATE, bytes: 1000 }];
    const live = trace([events[2], events[1], { ...events[0], detail: { method: 'GET', target: '/production?token=abc', upgrade: 'websocket' } }, { ...events[3], bytes: 1010 }]);
    const renamed = trace(events.map((event, index) => ({ ...event, name: `message ${index} as another analyser calls it` })));
    const comparison = compareTraces(renamed, live);
    assert.deepEqual(comparison.differences, []);
    assert.deepEqual(comparison.messages.map((message) => [message.modelEventId, message.liveEventId, message.ok]), [[3, 3, true], [0, 2, true], [1, 1, true], [2, 0, true]]);
  });

  it('keeps requests for different paths and responses with different statuses apart', () => {
    const request = (target: string): Partial<TraceEvent> => ({ layer: 'http', kind: 'http.request', name: `GET ${target}`, detail: { method: 'GET', target } });
    const model = trace([request('/orders'), request('/products')]);
    const live = trace([request('/products?page=2'), request('/orders')]);
    assert.deepEqual(compareTraces(model, live).messages.map((message) => [message.modelEventId, message.liveEventId]), [[0, 1], [1, 0]]);
    const response = (status: number): Partial<TraceEvent> => ({ layer: 'http', kind: 'http.response', name: 'OK', from: 'gateway', to: 'client', detail: { status } });
    assert.deepEqual(compareTraces(trace([response(200)]), trace([response(429)])).messages.map((message) => [message.modelEventId, message.liveEventId]), [[0, undefined], [undefined, 0]]);
  });
});

describe('messageKey', () => {
  it('reads the kind and the details that tell messages apart, not the name', () => {
    const event = (kind: TraceEvent['kind'], detail: TraceEvent['detail']): TraceEvent => trace([{ kind, detail, name: 'whatever' }]).events[0];
    assert.equal(messageKey(event('http.request', { method: 'GET', target: '/production?token=x', upgrade: 'websocket' })), 'http.request GET /production upgrade websocket');
    assert.equal(messageKey(event('http.response', { status: 101 })), 'http.response 101');
    assert.equal(messageKey(event('ws.frame', { opcode: 'continuation' })), 'ws.frame continuation');
    assert.equal(messageKey(event('ws.frame', { opcode: 'close', code: 1009 })), 'ws.frame close 1009');
    assert.equal(messageKey(event('tls.alert', { alert: 'close_notify' })), 'tls.alert close_notify');
    assert.equal(messageKey(event('tls.finished', {})), 'tls.finished');
  });
});

describe('messageType', () => {
  it('drops fragment and exchange numbers and a query string', () => {
    assert.equal(messageType('continuation frame 2/7'), 'continuation frame');
    assert.equal(messageType('GET /orders/o-1001 #3'), 'GET /orders/o-1001');
    assert.equal(messageType('GET /production?token=x (Upgrade: websocket)'), 'GET /production (Upgrade: websocket)');
  });
});
