import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LAYERS } from '../../../webview/drawing/layers';
import { ghostTicks, liveButtonState, liveNoteFor, liveSummary, MATCH_TEXT, measuredCells } from '../../../webview/live/liveModel';
import { layoutSequence } from '../../../webview/drawing/sequenceLayout';
import { measuredSeries, measuredView } from '../liveFixture';

describe('the measured cells of each event after a live run', () => {
  it('shows a message measured as modelled as the same, with its measured time and bytes and the difference', () => {
    const { trace, measurement } = measuredSeries();
    const cells = measuredCells(trace, measurement);
    const same = measurement.events.find((event) => event.ok)!;
    const cell = cells.get(same.eventId)!;
    assert.equal(cell.status, 'same');
    assert.equal(cell.display.match, '✓ same');
    assert.equal(cell.display.measuredTime, same.timeMs!.toFixed(3));
    assert.equal(cell.bytesDelta, 0);
    assert.equal(cell.display.difference, '±0 B, +0.500 ms');
  });

  it('marks a message measured with other bytes, and one the live run never sent, by sign and word', () => {
    const { trace, measurement, longer, missing } = measuredSeries();
    const cells = measuredCells(trace, measurement);
    assert.equal(cells.get(longer)!.status, 'differs');
    assert.equal(cells.get(longer)!.display.match, '≠ differs');
    assert.match(cells.get(longer)!.display.difference, /^\+3 B, \+0\.500 ms$/);
    assert.equal(cells.get(missing)!.status, 'missing');
    assert.equal(cells.get(missing)!.display.match, '✗ not sent');
    assert.equal(cells.get(missing)!.bytes, undefined);
  });

  it('says which events a live run cannot see (DNS, TCP, the gateway\'s own hops) rather than leaving them blank', () => {
    const { trace, measurement } = measuredSeries();
    const cells = measuredCells(trace, measurement);
    const tcp = trace.events.find((event) => event.layer === 'tcp')!;
    const internal = trace.events.find((event) => event.from !== 'client' && event.to !== 'client')!;
    for (const event of [tcp, internal]) assert.equal(cells.get(event.id)!.display.match, MATCH_TEXT.unmeasured, event.name);
    assert.equal(cells.size, trace.events.length);
  });
});

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
    assert.equal(liveNoteFor(view).text, '≠ measured: 2 differences from the model');
    assert.equal(liveNoteFor({ ...view, measured: { ...view.measured!, differences: [] } }).text, '✓ measured: agrees with the model');
    assert.equal(liveNoteFor({ ...view, measured: undefined }).text, '');
    const unsupported = liveNoteFor({ ...view, measured: undefined, live: { supported: false, reason: 'a server-side ping is not played live' } });
    assert.deepEqual(unsupported, { text: 'Run live: not for this scenario', title: 'a server-side ping is not played live' });
  });

  it('is disabled while a run goes on, pointing at the notification to cancel it', () => {
    const state = liveButtonState(measuredView(), true);
    assert.deepEqual([state.label, state.disabled], ['Running live…', true]);
    assert.match(state.tooltip, /cancel it from its notification/);
  });
});

describe('the Model vs measured summary', () => {
  it('lists each message type with modelled and measured bytes, marking only those beyond tolerance', () => {
    const summary = liveSummary(measuredSeries().measurement);
    assert.deepEqual(summary.types.map((row) => [row.cells[0], row.cells[3], row.cells[5], row.cells[6], row.cells[7], row.differs]), [
      ['✓', 'POST /orders', '2,000 B', '2,000 B', '±0 B', false],
      ['≠', '200 OK', '356 B', '359 B', '+3 B', true],
      // 5 bytes off a TLS Certificate is within the 2% tolerance: not marked.
      ['✓', 'Certificate', '861 B', '866 B', '+5 B', false],
    ]);
  });

  it('gives each exchange\'s round trips before the first byte and time to first byte, modelled and measured', () => {
    const { trace, measurement } = measuredSeries();
    const summary = liveSummary(measurement);
    assert.equal(summary.exchanges.length, trace.summary.exchanges.length);
    const [first, second] = summary.exchanges;
    assert.equal(first.differs, false);
    assert.equal(first.cells[2], `${trace.summary.exchanges[0].roundTrips} / ${trace.summary.exchanges[0].roundTrips}`);
    assert.equal(first.cells[5], '+4.25 ms');
    assert.equal(second.differs, true);
    assert.equal(second.cells[0], '≠');
  });

  it('heads the section with the number of differences and says what was not measured', () => {
    const { measurement } = measuredSeries();
    assert.equal(liveSummary(measurement).headline, '≠ 2 differences beyond tolerance');
    assert.match(liveSummary({ ...measurement, differences: [] }).headline, /^✓ Model and measurement agree/);
    assert.match(liveSummary(measurement).conditions, /TLS 1\.3 \(node:tls\), 20 ms injected each way, 127\.0\.0\.1; relay timers up to 0\.400 ms late/);
    assert.equal(liveSummary(measurement).notMeasured, 'Not measured: DNS (live runs connect to 127.0.0.1).');
  });
});

describe('ghost ticks of the measured send times on the sequence diagram', () => {
  const layout = (timeScale: 'compact' | 'proportional', trace = measuredSeries().trace) => layoutSequence(trace, { timeScale, layers: new Set(LAYERS), expanded: new Set(), width: 900 });

  it('puts one tick per measured message on its sender\'s lifeline at the measured time, in proportional time', () => {
    const { trace, measurement, longer, missing } = measuredSeries();
    const shown = layout('proportional', trace);
    const ticks = ghostTicks(shown, measurement);
    const arrows = new Map(shown.items.flatMap((item) => (item.kind === 'arrow' ? [[item.eventId, item] as const] : [])));
    const expected = measurement.events.filter((event) => event.timeMs !== undefined && arrows.has(event.eventId));
    assert.ok(expected.length > 10, `${expected.length} measured arrows shown`);
    assert.deepEqual(ticks.map((tick) => tick.eventId), expected.map((event) => event.eventId));
    for (const tick of ticks) {
      const event = measurement.events.find((candidate) => candidate.eventId === tick.eventId)!;
      assert.equal(tick.x, arrows.get(tick.eventId)!.x1, 'on the sender\'s lifeline');
      // The fixture measures every message half a millisecond after the model sends it.
      assert.ok(Math.abs(tick.y - (arrows.get(tick.eventId)!.y1 + 0.5 * shown.pxPerMs)) < 0.01, `${tick.y} vs the arrow at ${arrows.get(tick.eventId)!.y1}`);
      assert.equal(tick.differs, !event.ok);
    }
    assert.ok(ticks.some((tick) => tick.eventId === longer && tick.differs && /≠ bytes differ/.test(tick.label)));
    assert.ok(!ticks.some((tick) => tick.eventId === missing), 'nothing measured, no tick');
  });

  it('draws none in compact time, where rows are not time', () => {
    assert.deepEqual(ghostTicks(layout('compact'), measuredSeries().measurement), []);
  });
});
