import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listenToHost, type HostMessageTarget } from '../../webview/hostMessages';
import { traceScenarioOptions } from '../../simulator/scenario/registry';
import type { RouteView } from '../../webview/protocol/messages';
import { orderStatusTrace } from './traces';

/** A panel that writes down what it was asked to do. */
function recordingPanel(): { panel: HostMessageTarget; calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record = (name: string) => (...args: unknown[]): void => { calls.push([name, ...args]); };
  return {
    calls,
    panel: { showRoute: record('showRoute'), showCompare: record('showCompare'), showError: record('showError'), setTheme: record('setTheme'), liveStatus: record('liveStatus'), payloadArrived: record('payloadArrived') },
  };
}

/** Delivers `data` as the page's window would: a MessageEvent on the target listenToHost listens to. */
function deliver(data: unknown): unknown[][] {
  const window = new EventTarget();
  const { panel, calls } = recordingPanel();
  listenToHost(window, panel);
  window.dispatchEvent(new MessageEvent('message', { data: structuredClone(data) }));
  return calls;
}

describe('the host’s messages, as the panel receives them', () => {
  it('shows a route, revealed only when the host says so', () => {
    const view: RouteView = { routeId: 'shop-order-status $connect', title: 'shop-order-status', apiType: 'WEBSOCKET', scenario: 'ws-session', scenarios: traceScenarioOptions('WEBSOCKET'), trace: orderStatusTrace(), costUsd: 0 };
    const [[name, shown, reveal]] = deliver({ type: 'show', view, reveal: true });
    assert.equal(name, 'showRoute');
    assert.equal((shown as RouteView).routeId, view.routeId);
    assert.equal(reveal, true);
    assert.equal(deliver({ type: 'show', view })[0][2], false);
  });

  it('hands errors, theme changes and live run status to the panel as they came', () => {
    assert.deepEqual(deliver({ type: 'error', message: 'bad template', location: { file: '/t.yaml', line: 3, column: 5 } }), [['showError', 'bad template', { file: '/t.yaml', line: 3, column: 5 }]]);
    assert.deepEqual(deliver({ type: 'theme', kind: 'dark' }), [['setTheme', 'dark']]);
    assert.deepEqual(deliver({ type: 'liveStatus', routeId: 'r', running: false, message: 'Live run cancelled.' }), [['liveStatus', 'r', false, 'Live run cancelled.']]);
    assert.deepEqual(deliver({ type: 'payload', requestId: 2, payloadHex: '0a0b' }), [['payloadArrived', 2, '0a0b']]);
    assert.deepEqual(deliver({ type: 'payload', requestId: 3 }), [['payloadArrived', 3, undefined]]);
  });

  it('shows a message it cannot read as an error, and draws nothing from it', () => {
    const calls = deliver({ type: 'show', view: { routeId: 'r' } });
    assert.equal(calls.length, 1);
    assert.equal(calls[0][0], 'showError');
    assert.match(String(calls[0][1]), /^The view could not read a message from the extension: .+\.$/);
    assert.deepEqual(deliver({ type: 'launch' }).map(([name]) => name), ['showError']);
  });
});
