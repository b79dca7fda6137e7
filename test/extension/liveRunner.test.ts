/*
 * "Run live" end to end without a real VS Code: the bundled extension in the fake `vscode`
 * module, its panel on a fake webview. The webview asks for a live run the way the page does
 * (a runLive message); the host really runs the route on 127.0.0.1 (gateway emulator, delay
 * relay, node client: about a second) and posts the model with the measurement beside it.
 * Each test checks that no server or socket the run opened is still open afterwards; Cancel
 * aborts the run itself, so that holds as soon as the webview hears the run was cancelled.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseToWebview } from '../../webview/protocol/validation';
import type { RouteView } from '../../webview/protocol/messages';
import { handlesAfterClose, liveEnded, networkHandles, nextPosted, ROUTE, ROUTE_TITLE, shownRoute } from './activated';

describe('Run live from the webview', () => {
  it('offers Run live for the shown route, runs it on 127.0.0.1 and posts the model with the measurement beside it; nothing stays open', async () => {
    const before = networkHandles();
    const { fake, panel, view } = await shownRoute();
    assert.deepEqual(view.live, { supported: true }, 'the first view says the route can run live');
    const from = panel.posted.length;
    const ended = nextPosted(panel, liveEnded);
    panel.send({ type: 'runLive', routeId: ROUTE });
    const status = await ended;
    assert.equal(status.message, undefined, `no failure: ${String(status.message)}`);
    const posted = panel.posted.slice(from);
    assert.deepEqual(posted.map((message) => `${message.type}${message.type === 'liveStatus' ? ` ${String(message.running)}` : ''}`), ['liveStatus true', 'show', 'liveStatus false']);

    // What the webview receives passes its own validation.
    const parsed = parseToWebview(posted[1]);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.reason);
    const measured = (posted[1] as unknown as { view: RouteView }).view;
    assert.equal(measured.routeId, ROUTE);
    const measurement = measured.measured!;
    assert.match(measurement.conditions, /TLS 1\.3 \(node:tls\), 20 ms injected each way, 127\.0\.0\.1/);
    // The shown trace is now the model under the live run's conditions: its HTTP messages were measured byte for byte.
    const http = measured.trace.events.filter((event) => event.layer === 'http' && (event.from === 'client' || event.to === 'client'));
    assert.equal(http.length, 2, 'the request and its response');
    for (const event of http) {
      const cell = measurement.events.find((candidate) => candidate.eventId === event.id);
      assert.ok(cell, `${event.name} has a measurement`);
      assert.equal(cell.bytes, event.bytes, `${event.name}: HTTP bytes are exact`);
      assert.ok(cell.ok);
      assert.ok(cell.timeMs! >= 20, `${event.name} measured at ${cell.timeMs} ms, after at least one injected delay`);
    }
    assert.ok(measurement.types.some((row) => row.layer === 'tls' && row.type === 'ClientHello' && row.liveBytes > 0));
    const [exchange] = measurement.exchanges;
    assert.equal(exchange.liveRoundTrips, exchange.modelRoundTrips, 'round trips before the first byte');
    assert.ok(exchange.liveTimeToFirstByteMs >= exchange.modelTimeToFirstByteMs - 5, `time to first byte ${exchange.liveTimeToFirstByteMs} ms measured, ${exchange.modelTimeToFirstByteMs} ms modelled`);
    assert.ok(fake.record.log.some((line) => /live run: 127\.0\.0\.1:\d+, 127\.0\.0\.1:\d+ .* 0 sockets open after closing/.test(line)), fake.record.log.join('\n'));
    const [progress] = fake.record.progress.filter((entry) => entry.title.startsWith('Run live'));
    assert.deepEqual([progress.title, progress.location, progress.cancellable], [`Run live: ${ROUTE_TITLE}`, 15, true], 'a cancellable notification');

    await fake.extension.commands.live.settled();
    assert.deepEqual(await handlesAfterClose(before), before, 'no server or socket left open');
  });

  it('stops the run when the notification is cancelled: nothing measured, everything closed, and the next Run live is accepted at once', { timeout: 30_000 }, async () => {
    const before = networkHandles();
    // Cancel on the first notification's first report (the warm-up run about to start); later notifications run to the end.
    let cancels = 1;
    const { fake, panel } = await shownRoute({ cancelOn: (_report, index) => index === 0 && cancels-- > 0 });
    const from = panel.posted.length;
    const ended = nextPosted(panel, liveEnded);
    panel.send({ type: 'runLive', routeId: ROUTE });
    const status = await ended;
    assert.equal(status.message, 'Live run cancelled.');
    assert.ok(!panel.posted.slice(from).some((message) => message.type === 'show'), 'no measurement shown');
    assert.equal(fake.extension.commands.live.busy, false, 'the run has stopped, not gone on in the background');
    assert.ok(fake.record.log.some((line) => /live run of shop-orders · POST \/orders cancelled; everything it opened is closed/.test(line)), fake.record.log.join('\n'));
    assert.ok(!fake.record.log.some((line) => /^live run: /.test(line)), 'no run was measured');
    assert.deepEqual(await handlesAfterClose(before), before, 'no server or socket left open');

    // Run live again right after Cancel: accepted, not refused as "already going", and measured.
    const again = panel.posted.length;
    const endedAgain = nextPosted(panel, liveEnded);
    panel.send({ type: 'runLive', routeId: ROUTE });
    const second = await endedAgain;
    assert.equal(second.message, undefined, `the second run is not refused: ${String(second.message)}`);
    assert.deepEqual(panel.posted.slice(again).map((message) => message.type), ['liveStatus', 'show', 'liveStatus'], 'the second run posts its measurement');
    await fake.extension.commands.live.settled();
    assert.deepEqual(await handlesAfterClose(before), before, 'no server or socket left open');
  });

  it('posts nothing to a panel closed during the run, and the run closes everything', async () => {
    const before = networkHandles();
    const { fake, panel } = await shownRoute();
    panel.send({ type: 'runLive', routeId: ROUTE });
    await new Promise((resolve) => setTimeout(resolve, 0));
    assert.ok(fake.extension.commands.live.busy, 'the run started');
    const from = panel.posted.length;
    panel.dispose();
    await fake.extension.commands.live.settled();
    assert.equal(panel.posted.length, from, 'nothing posted after the panel closed');
    assert.deepEqual(await handlesAfterClose(before), before, 'no server or socket left open');
  });

  it('ignores a runLive for a route the panel does not show, and logs a malformed one', async () => {
    const { fake, panel } = await shownRoute();
    const from = panel.posted.length;
    panel.send({ type: 'runLive', routeId: 'OrdersApi GET /elsewhere' });
    panel.send({ type: 'runLive', routeId: 42 });
    await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(panel.posted.length, from);
    assert.equal(fake.extension.commands.live.busy, false);
    assert.ok(fake.record.log.some((line) => /ignored a malformed message from the webview: \{"type":"runLive","routeId":42\}/.test(line)));
  });
});
