import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseToWebview } from '../../webview/messages';
import type { RouteView } from '../../webview/protocol';
import { orderStatusTrace } from './traces';

function view(): RouteView {
  return { routeId: 'shop-order-status $connect', title: 'shop-order-status', apiType: 'WEBSOCKET', scenario: 'ws-session', trace: orderStatusTrace(), costUsd: 0.00000425 };
}

describe('messages from the host', () => {
  it('accepts a show message with a simulated trace, as it survives structured cloning', () => {
    const cloned = structuredClone({ type: 'show', view: view() });
    const parsed = parseToWebview(cloned);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.type, 'show');
  });

  it('accepts errors with or without a location, and theme changes', () => {
    assert.deepEqual(parseToWebview({ type: 'error', message: 'bad template' }), { ok: true, value: { type: 'error', message: 'bad template' } });
    assert.deepEqual(parseToWebview({ type: 'error', message: 'bad', location: { file: '/t.yaml', line: 3, column: 5 } }),
      { ok: true, value: { type: 'error', message: 'bad', location: { file: '/t.yaml', line: 3, column: 5 } } });
    assert.deepEqual(parseToWebview({ type: 'theme', kind: 'high-contrast' }), { ok: true, value: { type: 'theme', kind: 'high-contrast' } });
  });

  it('refuses messages the view cannot draw, saying why', () => {
    const broken = (change: (trace: Record<string, unknown>) => void): unknown => {
      const trace = structuredClone(orderStatusTrace()) as unknown as Record<string, unknown>;
      change(trace);
      return { type: 'show', view: { ...view(), trace } };
    };
    const reason = (message: unknown): string => {
      const parsed = parseToWebview(message);
      assert.equal(parsed.ok, false);
      return parsed.ok ? '' : parsed.reason;
    };
    assert.match(reason({ type: 'paint' }), /unknown message type "paint"/);
    assert.match(reason(null), /without a type/);
    assert.match(reason({ type: 'theme', kind: 'sepia' }), /unknown theme kind/);
    assert.match(reason({ type: 'error', message: 'x', location: { file: 'f', line: 'one', column: 1 } }), /location/);
    assert.match(reason(broken((trace) => { (trace.events as { layer: string }[])[3].layer = 'quic'; })), /event 3 has an unknown layer "quic"/);
    assert.match(reason(broken((trace) => { (trace.events as { to: string }[])[5].to = 'nobody'; })), /event 5 goes between unknown participants/);
    assert.match(reason(broken((trace) => { (trace.events as { id: number }[])[2].id = 7; })), /event 2 has id 7/);
    assert.match(reason(broken((trace) => { (trace.events as { arrival: number }[])[1].arrival = -1; })), /event 1 needs a time and an arrival/);
    assert.match(reason(broken((trace) => { delete trace.summary; })), /no summary/);
    assert.match(reason({ type: 'show', view: { ...view(), apiType: 'GRPC' } }), /unknown API type "GRPC"/);
  });
});
