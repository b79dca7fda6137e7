import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareApiTypes } from '../../../simulator/scenario/compare';
import { traceScenarioOptions } from '../../../simulator/scenario/registry';
import { WORKLOADS } from '../../../simulator/scenario/workloads';
import { parseToWebview } from '../../../webview/protocol/validation';
import type { CompareView, RouteView } from '../../../webview/protocol/messages';
import { measuredView } from '../liveFixture';
import { orderStatusTrace } from '../traces';

function view(): RouteView {
  return { routeId: 'shop-order-status $connect', title: 'shop-order-status', apiType: 'WEBSOCKET', scenario: 'ws-session', scenarios: traceScenarioOptions('WEBSOCKET'), trace: orderStatusTrace(), costUsd: 0.00000425 };
}

describe('messages from the host', () => {
  it('accepts a show message with a simulated trace, as it survives structured cloning', () => {
    const cloned = structuredClone({ type: 'show', view: view() });
    const parsed = parseToWebview(cloned);
    assert.ok(parsed.ok);
    assert.equal(parsed.value.type, 'show');
  });

  it('accepts a calibrated trace, with where its calibration came from', () => {
    const calibrated = { ...view(), trace: { ...orderStatusTrace(), calibration: { source: 'shop.har', samples: 42 } } };
    const parsed = parseToWebview(structuredClone({ type: 'show', view: calibrated }));
    assert.ok(parsed.ok && parsed.value.type === 'show' && parsed.value.view.trace.calibration?.source === 'shop.har');
  });

  it('carries a route the user asked for as one to reveal, and a refresh as not', () => {
    const asked = parseToWebview(structuredClone({ type: 'show', view: view(), reveal: true }));
    const refresh = parseToWebview(structuredClone({ type: 'show', view: view() }));
    assert.ok(asked.ok && asked.value.type === 'show' && asked.value.reveal === true);
    assert.ok(refresh.ok && refresh.value.type === 'show' && refresh.value.reveal === undefined);
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
    assert.match(reason(broken((trace) => { trace.calibration = { source: '<img>' }; })), /calibration needs a source and a number of samples/);
    assert.match(reason({ type: 'show', view: { ...view(), apiType: 'GRPC' } }), /unknown API type "GRPC"/);
    assert.match(reason({ type: 'show', view: { ...view(), heldPayloads: [1, orderStatusTrace().events.length] } }), /held-back payloads are not events of its trace/);
    assert.match(reason({ type: 'show', view: { ...view(), heldPayloads: ['1'] } }), /held-back payloads/);
    assert.match(reason({ type: 'payload', requestId: 1, payloadHex: 'zz' }), /not as hex/);
    assert.match(reason({ type: 'payload', requestId: 1, payloadHex: 'abc' }), /not as hex/);
    assert.match(reason({ type: 'payload', payloadHex: 'ab' }), /without its request/);
  });

  it('accepts a view that holds payloads back, and the host\'s answer to a request for one, with or without bytes', () => {
    const held = parseToWebview(structuredClone({ type: 'show', view: { ...view(), heldPayloads: [0, 3] } }));
    assert.ok(held.ok && held.value.type === 'show' && held.value.view.heldPayloads?.join() === '0,3');
    assert.deepEqual(parseToWebview({ type: 'payload', requestId: 4, payloadHex: '16030100' }), { ok: true, value: { type: 'payload', requestId: 4, payloadHex: '16030100' } });
    assert.deepEqual(parseToWebview({ type: 'payload', requestId: 5 }), { ok: true, value: { type: 'payload', requestId: 5 } });
  });
});

describe('compare messages from the host', () => {
  const compare = (): CompareView => ({
    result: compareApiTypes(WORKLOADS.shop),
    presets: [{ name: 'shop', description: 'a shop' }],
    config: { file: 'template.yaml', apis: ['f6g7h8i9j0'] },
  });

  it('accepts the simulator\'s compare result as it survives structured cloning', () => {
    const parsed = parseToWebview(structuredClone({ type: 'compare', view: compare(), reveal: true }));
    assert.ok(parsed.ok && parsed.value.type === 'compare');
    assert.equal(parsed.value.reveal, true);
    assert.equal(parsed.value.view.result.results.length, 3);
    const refresh = parseToWebview({ type: 'compare', view: compare() });
    assert.ok(refresh.ok && refresh.value.type === 'compare' && refresh.value.reveal === false);
  });

  it('refuses a comparison it could not draw, saying why', () => {
    type Loose = Record<string, unknown>;
    type Editable = { result?: { results: Loose[]; rules: Loose[]; workload: Loose }; presets: unknown; config: unknown };
    const reason = (change: (view: Editable & { result: NonNullable<Editable['result']> }) => void): string => {
      const view = structuredClone(compare()) as unknown as Editable & { result: NonNullable<Editable['result']> };
      change(view);
      const parsed = parseToWebview({ type: 'compare', view, reveal: true });
      assert.equal(parsed.ok, false);
      return parsed.ok ? '' : parsed.reason;
    };
    assert.match(reason((view) => { delete (view as Editable).result; }), /without a result/);
    assert.match(reason((view) => { view.result.results[1].monthlyCostUsd = Number.NaN; }), /result 1 \(HTTP\) has no valid monthlyCostUsd/);
    assert.match(reason((view) => { view.result.results[1].requestHeaderBytes = { http1: { first: 547, later: 547 }, http2: { first: '<b>', later: 44 } }; }), /result 1 \(HTTP\) has request header bytes that are not counts/);
    assert.match(reason((view) => { view.result.results[2].apiType = 'GRPC'; }), /result 2 has an unknown API type/);
    assert.match(reason((view) => { view.result.results[2].apiType = 'REST'; }), /repeats the REST API type/);
    assert.match(reason((view) => { delete view.result.results[0].route; }), /result 0 needs the route it was measured on/);
    assert.match(reason((view) => { view.result.results = []; }), /without results/);
    assert.match(reason((view) => { view.result.rules[3].holds = 'yes'; }), /rule 3 needs/);
    assert.match(reason((view) => { delete view.result.workload.clients; }), /workload has no clients/);
    assert.match(reason((view) => { view.presets = [{ name: 3 }]; }), /presets/);
    assert.match(reason((view) => { view.config = { file: 'x', apis: [1] }; }), /config/);
  });
});

describe('live run messages from the host', () => {
  it('accepts a view with a live measurement beside the model, as it survives structured cloning', () => {
    const parsed = parseToWebview(structuredClone({ type: 'show', view: measuredView() }));
    assert.ok(parsed.ok && parsed.value.type === 'show' && parsed.value.view.measured?.connections[0].figures.length);
  });

  it('accepts the start and end of a live run, with the reason one ended without a measurement', () => {
    assert.deepEqual(parseToWebview({ type: 'liveStatus', routeId: 'r', running: true }), { ok: true, value: { type: 'liveStatus', routeId: 'r', running: true } });
    assert.deepEqual(parseToWebview({ type: 'liveStatus', routeId: 'r', running: false, message: 'Live run cancelled.' }),
      { ok: true, value: { type: 'liveStatus', routeId: 'r', running: false, message: 'Live run cancelled.' } });
    const refused = parseToWebview({ type: 'liveStatus', routeId: 'r', running: 'no' });
    assert.ok(!refused.ok && /live status/.test(refused.reason));
  });

  it('refuses a measurement it could not draw, saying why', () => {
    const reason = (change: (view: ReturnType<typeof measuredView>) => void): string => {
      const view = structuredClone(measuredView());
      change(view);
      const parsed = parseToWebview({ type: 'show', view });
      return parsed.ok ? '' : parsed.reason;
    };
    assert.match(reason((view) => { (view.measured!.connections[0].figures[0] as { real: unknown }).real = '9'; }), /malformed connections/);
    assert.match(reason((view) => { (view.measured!.connections[0].figures[0] as { unit: unknown }).unit = 'furlongs'; }), /malformed connections/);
    assert.match(reason((view) => { (view.measured!.connections[0].figures[0] as { differs: unknown }).differs = 'yes'; }), /malformed connections/);
    assert.match(reason((view) => { (view.measured!.connections[0] as { notes: unknown }).notes = undefined; }), /malformed connections/);
    assert.match(reason((view) => { (view.measured! as { client: unknown }).client = 'lynx'; }), /unknown client "lynx"/);
    assert.match(reason((view) => { (view.measured! as { instrument: unknown }).instrument = undefined; }), /without conditions/);
    assert.match(reason((view) => { (view.measured! as { differences: unknown }).differences = 'none'; }), /without its differences/);
    assert.match(reason((view) => { view.live = { supported: false } as never; }), /unsupported live run without a reason/);
  });
});
