/*
 * "Run live" end to end without a real VS Code: the bundled extension in the fake `vscode`
 * module, its panel on a fake webview. The webview asks for a live run the way the page does
 * (a runLive message with the picked client); the host really runs the route through the live
 * harness (stand-in gateway, delay relay process, dumpcap, the node client, tshark: a few
 * seconds) and posts the model with the real capture beside it. Each test checks that no
 * server, socket or child process the run opened is still there afterwards; Cancel aborts the
 * run itself, so that holds as soon as the webview hears the run was cancelled.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseToWebview } from '../../webview/protocol/validation';
import type { RouteView } from '../../webview/protocol/messages';
import { handlesAfterClose, liveEnded, networkHandles, nextPosted, ROUTE, ROUTE_TITLE, shownRoute } from './activated';
import { descendants, eventually } from '../helpers/leftovers';

describe('Run live from the webview', () => {
  it('offers Run live for the shown route, runs it on 127.0.0.1 and posts the model with the measurement beside it; nothing stays open', async () => {
    const before = networkHandles();
    const { fake, panel, view } = await shownRoute();
    assert.deepEqual(view.live, { supported: true }, 'the first view says the route can run live');
    const from = panel.posted.length;
    const ended = nextPosted(panel, liveEnded);
    panel.send({ type: 'runLive', routeId: ROUTE, client: 'node' });
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
    assert.equal(measurement.client, 'node');
    assert.match(measurement.conditions, /^node client, TLS 1\.3, 20 ms each way through a relay on 127\.0\.0\.1, captured on lo \(MTU \d+\)$/);
    // One kept-alive connection; Node offers no ALPN, so HTTP/1.1: the request and its response in the capture, as in the model.
    assert.equal(measurement.connections.length, 1);
    const [connection] = measurement.connections;
    assert.match(connection.negotiated, /^none TLSv1\.3 /);
    const messages = connection.figures.find((figure) => figure.name === 'HTTP/1.1 messages')!;
    assert.deepEqual([messages.model, messages.real, messages.differs], [2, 2, false]);
    assert.ok(connection.figures.find((figure) => figure.name === 'Client TLS records')!.real! >= 3, 'ClientHello, Finished and the request at least');
    // Every difference the harness names, in its words.
    for (const difference of measurement.differences) assert.match(difference, /^((client|server) [^:]+|ClientHello to first response|connections): model .+, real .+$/);
    assert.ok(fake.record.log.some((line) => /live run: relay 127\.0\.0\.1:\d+, stand-in 127\.0\.0\.1:\d+, node client, in \d+ ms; .* everything closed$/.test(line)), fake.record.log.join('\n'));
    const noChildren = await eventually(() => descendants().length === 0, 5000);
    assert.ok(noChildren, `child processes left: ${descendants().join(', ')}`);
    const [progress] = fake.record.progress.filter((entry) => entry.title.startsWith('Run live'));
    assert.deepEqual([progress.title, progress.location, progress.cancellable], [`Run live: ${ROUTE_TITLE}`, 15, true], 'a cancellable notification');

    await fake.extension.commands.live.settled();
    assert.deepEqual(await handlesAfterClose(before), before, 'no server or socket left open');
  });

  it('stops the run when the notification is cancelled: nothing measured, everything closed, and the next Run live is accepted at once', { timeout: 30_000 }, async () => {
    const before = networkHandles();
    // Cancel on the first notification's first report (the stand-in and relay about to start); later notifications run to the end.
    let cancels = 1;
    const { fake, panel } = await shownRoute({ cancelOn: (_report, index) => index === 0 && cancels-- > 0 });
    const from = panel.posted.length;
    const ended = nextPosted(panel, liveEnded);
    panel.send({ type: 'runLive', routeId: ROUTE, client: 'node' });
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
    panel.send({ type: 'runLive', routeId: ROUTE, client: 'node' });
    const second = await endedAgain;
    assert.equal(second.message, undefined, `the second run is not refused: ${String(second.message)}`);
    assert.deepEqual(panel.posted.slice(again).map((message) => message.type), ['liveStatus', 'show', 'liveStatus'], 'the second run posts its measurement');
    await fake.extension.commands.live.settled();
    assert.deepEqual(await handlesAfterClose(before), before, 'no server or socket left open');
  });

  it('posts nothing to a panel closed during the run, and the run closes everything', async () => {
    const before = networkHandles();
    const { fake, panel } = await shownRoute();
    panel.send({ type: 'runLive', routeId: ROUTE, client: 'node' });
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
