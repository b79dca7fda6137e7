import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { liveButtonState, liveNoteFor, liveSummary } from '../../../webview/live/liveModel';
import { measuredSeries, measuredView } from '../liveFixture';

describe('the Run live button', () => {
  it('is enabled for a route the host says can run live, and says so once it has run', () => {
    const view = measuredView();
    assert.deepEqual(liveButtonState({ ...view, measured: undefined }, false).disabled, false);
    assert.equal(liveButtonState(view, false).label, 'Run live again');
  });

  it('is disabled with the host\'s reason as its tooltip when the scenario cannot run live', () => {
    const view = { ...measuredView(), measured: undefined, live: { supported: false as const, reason: 'The live run cannot play this scenario: a server-side close' } };
    const state = liveButtonState(view, false);
    assert.equal(state.disabled, true);
    assert.equal(state.tooltip, 'The live run cannot play this scenario: a server-side close');
    assert.equal(liveButtonState({ ...view, live: undefined }, false).disabled, true, 'an older host that says nothing');
    assert.equal(liveButtonState(undefined, false).disabled, true, 'no route shown');
  });

  it('says beside it, in words a keyboard user reaches, how the last run came out or why it cannot run', () => {
    const view = measuredView();
    assert.equal(liveNoteFor(view).text, '≠ node: 5 differences from the model');
    assert.equal(liveNoteFor({ ...view, measured: { ...view.measured!, differences: [] } }).text, '✓ node: agrees with the model');
    assert.match(liveNoteFor(view).title, /^node client, TLS 1\.3, 20 ms each way through a relay on 127\.0\.0\.1/);
    assert.equal(liveNoteFor({ ...view, measured: undefined }).text, '');
    const unsupported = liveNoteFor({ ...view, measured: undefined, live: { supported: false, reason: 'a server-side ping is not played live' } });
    assert.deepEqual(unsupported, { text: 'Run live: not for this scenario', title: 'a server-side ping is not played live' });
  });

  it('names the picked client in its tooltip, and is disabled for curl on a WebSocket route, which curl cannot play', () => {
    const view = measuredView();
    assert.match(liveButtonState(view, false, 'browser').tooltip, /with Chromium \(headless\) against a stand-in gateway/);
    assert.equal(liveButtonState(view, false, 'curl').disabled, false);
    const webSocket = { ...view, apiType: 'WEBSOCKET' as const };
    const curl = liveButtonState(webSocket, false, 'curl');
    assert.equal(curl.disabled, true);
    assert.match(curl.tooltip, /curl cannot play a WebSocket route/);
    assert.equal(liveButtonState(webSocket, false, 'node').disabled, false);
  });

  it('is disabled while a run goes on, pointing at the notification to cancel it', () => {
    const state = liveButtonState(measuredView(), true);
    assert.deepEqual([state.label, state.disabled], ['Running live…', true]);
    assert.match(state.tooltip, /cancel it from its notification/);
  });
});

describe('the Model vs real summary', () => {
  it('gives each connection\'s figures, the model\'s beside the real capture\'s, marking each that differs by sign as well as colour', () => {
    const [connection] = liveSummary(measuredSeries().measurement).connections;
    assert.equal(connection.caption, 'Connection 1 (none TLSv1.3 TLS_AES_128_GCM_SHA256)');
    assert.deepEqual(connection.rows.map((row) => [...row.cells, row.differs]), [
      ['≠', 'Client packets', '10', '9', '−1', true],
      ['≠', 'Server packets', '7', '8', '+1', true],
      ['≠', 'Client IP bytes', '2,248 B', '2,160 B', '−88 B', true],
      ['≠', 'Server IP bytes', '6,622 B', '6,674 B', '+52 B', true],
      ['≠', 'Client TLS records', '5', '4', '−1', true],
      ['✓', 'Server TLS records', '10', '10', '±0', false],
      ['✓', 'HTTP/1.1 messages', '2', '2', '±0', false],
      ['✓', 'WebSocket frames', '0', '0', '±0', false],
      ['✓', 'HTTP/2 frames', '0', '0', '±0', false],
      ['≠', 'ClientHello to first response', '128.8 ms', '216.5 ms', '+87.70 ms', true],
    ]);
  });

  it('shows a figure not measured on one side as a dash, with no difference computed', () => {
    const { measurement } = measuredSeries();
    measurement.connections[0].figures = [{ name: 'ClientHello to first response', unit: 'ms', model: 128.8, real: null, differs: true }];
    assert.deepEqual(liveSummary(measurement).connections[0].rows[0].cells, ['≠', 'ClientHello to first response', '128.8 ms', '–', '']);
  });

  it('heads the section with the number of differences, lists them in the harness\'s words, and says how it was measured', () => {
    const { measurement } = measuredSeries();
    const summary = liveSummary(measurement);
    assert.equal(summary.headline, '≠ 5 differences between the model and the real node client');
    assert.deepEqual(summary.differences, measurement.differences);
    assert.match(liveSummary({ ...measurement, differences: [] }).headline, /^✓ The real node connection agrees with the model/);
    assert.match(summary.conditions, /^Measured: node client, TLS 1\.3, 20 ms each way through a relay on 127\.0\.0\.1, captured on lo \(MTU 65535\)\. Instrument: the capture shows the relay/);
  });
});
