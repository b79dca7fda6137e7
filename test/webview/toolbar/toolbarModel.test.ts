import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { traceScenarioOptions } from '../../../simulator/scenario/registry';
import type { RouteView } from '../../../webview/protocol/messages';
import { scenarioCaption, scenarioOptions, scenariosFor, scenarioToSimulate } from '../../../webview/toolbar/toolbarModel';
import { measuredView } from '../liveFixture';
import { orderStatusTrace, productTrace } from '../traces';

function route(apiType: RouteView['apiType']): RouteView {
  const trace = apiType === 'WEBSOCKET' ? orderStatusTrace() : productTrace();
  return { routeId: `route ${apiType}`, title: 'route', apiType, scenario: apiType === 'WEBSOCKET' ? 'ws-session' : 'request', scenarios: traceScenarioOptions(apiType), trace, costUsd: 0 };
}

describe('the toolbar model', () => {
  it('offers the scenarios the host\'s registry lists: a WebSocket route its session, the other routes one request, a series or a page load', () => {
    assert.deepEqual(scenariosFor(route('WEBSOCKET')), ['ws-session']);
    assert.deepEqual(scenariosFor(route('REST')), ['request', 'series', 'page']);
    assert.deepEqual(scenariosFor(route('HTTP')), ['request', 'series', 'page']);
  });

  it('chooses the saved scenario when the route has it, else the one shown', () => {
    const series = scenarioOptions(route('HTTP'), 'series');
    assert.equal(series.chosen, 'series');
    assert.deepEqual(series.options, [
      { label: 'One request', value: 'request', selected: false },
      { label: 'Five requests', value: 'series', selected: true },
      { label: 'Page load', value: 'page', selected: false },
    ]);
    assert.equal(scenarioOptions(route('WEBSOCKET'), 'series').chosen, 'ws-session');
    assert.equal(scenarioOptions(route('REST'), undefined).chosen, 'request');
  });

  it('simulates again with the selected scenario, or the one shown when the select holds none the route offers', () => {
    assert.equal(scenarioToSimulate('series', route('HTTP')), 'series');
    assert.equal(scenarioToSimulate('', route('HTTP')), 'request');
    assert.equal(scenarioToSimulate('storm', route('WEBSOCKET')), 'ws-session');
  });

  it('says when the model was run again under a live run’s conditions', () => {
    assert.deepEqual(scenarioCaption(route('REST')), { text: 'request', title: '' });
    const measured = scenarioCaption(measuredView());
    assert.equal(measured.text, "series · model under the live run's conditions");
    assert.match(measured.title, /^The model was run again under the live run's conditions \(node client, TLS 1\.3, 20 ms each way through a relay on 127\.0\.0\.1, captured on lo \(MTU 65535\)\)/);
  });
});
