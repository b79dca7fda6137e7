/*
 * The simulation panel's `rendered` promise, on the bundled extension in the fake `vscode`:
 * what integration tests and commands wait on must settle however early the page draws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Trace } from '../../simulator/trace/trace';
import { toTraceJson } from '../../simulator/trace/traceJson';
import type { RouteView } from '../../webview/protocol/messages';
import { activated, ROUTE, TEMPLATE } from './activated';
import { FakeDocument, FakeWebviewPanel } from './fakeVscode';

type Shown = { routeId: string; rendered: Promise<number> };
/** The host's re-run of a shown route (extension/commands.ts): the trace as the exports read it, payloads as bytes. */
type Resimulate = (state: { documentUri: string; routeId: string; scenario: string }) => Promise<{ trace: Trace } | undefined>;

describe('the simulation panel', () => {
  it('settles `rendered` for a reused panel whose page draws within the post, before the command returns', async () => {
    const fake = activated({ webviews: true });
    const uri = FakeDocument.fromFile(TEMPLATE).uri.toString();
    const first = await fake.executeCommand<Shown>('apigwSim.simulateRoute', uri, ROUTE);
    const events = await first.rendered;
    const [panel] = fake.record.panels;
    panel.drawsAt = 'at once';
    const second = await fake.executeCommand<Shown>('apigwSim.simulateRoute', uri, 'OrderStatusApi subscribe');
    assert.equal(fake.record.panels.length, 1, 'the panel is reused');
    const wsEvents = await second.rendered;
    assert.ok(wsEvents > events, `the WebSocket session (${wsEvents} events) drawn after the request (${events})`);
  });

  it('posts the trace without the payloads only the details panel reads, and answers a request for one with the hex of the bytes the host keeps for its exports', async () => {
    const fake = activated({ webviews: true });
    const uri = FakeDocument.fromFile(TEMPLATE).uri.toString();
    await (await fake.executeCommand<Shown>('apigwSim.simulateRoute', uri, ROUTE)).rendered;
    const [panel] = fake.record.panels;
    const show = panel.posted.find((message) => message.type === 'show') as unknown as { type: 'show'; view: RouteView };
    const commands = fake.extension.commands as unknown as { resimulate: Resimulate };
    const host = await commands.resimulate({ documentUri: uri, routeId: ROUTE, scenario: show.view.scenario });
    assert.ok(host, 'the host re-runs the shown route');
    const full = toTraceJson(host.trace);
    const withBytes = full.events.filter((event) => event.payloadHex !== undefined).map((event) => event.id);
    assert.ok(withBytes.length > 0);
    assert.deepEqual(show.view.heldPayloads, withBytes, 'no WebSocket frames here: every payload held back');
    assert.deepEqual(show.view.trace, { ...full, events: full.events.map(({ payloadHex: _bytes, ...event }) => event) });
    assert.deepEqual(JSON.parse(JSON.stringify(show)), show, 'the message is plain JSON: no bytes in it');
    // The browser's CORS preflight goes first (Chromium preflights a JSON POST with a token); the route's request follows.
    const request = host.trace.events.find((event) => event.kind === 'http.request' && event.from === 'client' && event.detail?.cors !== 'preflight');
    assert.ok(request?.payload, 'the client\'s request has its bytes in the host');
    panel.send({ type: 'payload', requestId: 7, eventId: request.id });
    panel.send({ type: 'payload', requestId: 8, eventId: full.events.length + 5 });
    const answers = await new Promise<{ requestId: number; payloadHex?: string }[]>((resolve) => {
      const poll = (): void => {
        const found = panel.posted.filter((message) => message.type === 'payload') as unknown as { requestId: number; payloadHex?: string }[];
        if (found.length === 2) resolve(found);
        else setTimeout(poll, 5);
      };
      poll();
    });
    assert.deepEqual(answers.find((answer) => answer.requestId === 8), { type: 'payload', requestId: 8 }, 'no event, no bytes');
    const payloadHex = answers.find((answer) => answer.requestId === 7)?.payloadHex;
    assert.equal(payloadHex, Buffer.from(request.payload).toString('hex'));
    // The browser (the extension's default client) speaks h2 to API Gateway: the request is a HEADERS frame (RFC 9113 §4.1, §6.2),
    // on stream 3, since the preflight took stream 1.
    const frame = Buffer.from(payloadHex!, 'hex');
    assert.deepEqual([frame.readUIntBE(0, 3), frame[3], frame.readUInt32BE(5)], [frame.length - 9, 0x1, 3]);
    assert.deepEqual([request.detail?.method, request.detail?.target], ['POST', '/orders']);
  });

  it('opens no file the page names of its own choosing: a reveal of a location the host never showed is refused', async () => {
    const fake = activated({ webviews: true });
    const uri = FakeDocument.fromFile(TEMPLATE).uri.toString();
    await (await fake.executeCommand<Shown>('apigwSim.simulateRoute', uri, ROUTE)).rendered;
    const [panel] = fake.record.panels;
    const window = fake.api.window as { activeTextEditor?: { document: FakeDocument } };
    const before = window.activeTextEditor?.document.uri.toString();
    for (const file of ['/etc/passwd', TEMPLATE]) panel.send({ type: 'reveal', file, line: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(window.activeTextEditor?.document.uri.toString(), before, 'no document was shown');
    assert.ok(fake.record.log.some((line) => line.includes('refused to reveal /etc/passwd:1')), fake.record.log.join('\n'));
    assert.ok(fake.record.log.some((line) => line.includes(`refused to reveal ${TEMPLATE}:1`)), 'not even the config: the panel showed no location in it');
  });

  it('does not take a drawing of another route for the one it was asked to show', async () => {
    const fake = activated({ webviews: true });
    const uri = FakeDocument.fromFile(TEMPLATE).uri.toString();
    await (await fake.executeCommand<Shown>('apigwSim.simulateRoute', uri, ROUTE)).rendered;
    const [panel] = fake.record.panels;
    panel.drawsAt = 'at once';
    panel.send({ type: 'rendered', routeId: ROUTE, events: 1 });
    const second = await fake.executeCommand<Shown>('apigwSim.simulateRoute', uri, 'OrderStatusApi subscribe');
    assert.notEqual(await second.rendered, 1);
  });

  it('answers a Compare tab restored after a window reload, which asks for its workload again', { timeout: 15_000 }, async () => {
    const fake = activated({ webviews: true });
    const restore = fake.record.serializers.get('apigwSim.simulation');
    assert.ok(restore, 'a serializer for the simulation panel');
    const panel = new FakeWebviewPanel();
    await restore.deserializeWebviewPanel(panel, undefined);
    // What the restored page posts when its saved state says it was on Compare (webview/controller.ts, start).
    panel.send({ type: 'compareWorkload', workload: 'chat' });
    const compare = await new Promise<{ view: { result: { workload: { name: string }; apiTypes?: unknown } } }>((resolve) => {
      const found = (): unknown => panel.posted.find((message) => message.type === 'compare');
      const poll = (): void => { if (found()) resolve(found() as never); else setTimeout(poll, 5); };
      poll();
    });
    assert.equal(compare.view.result.workload.name, 'chat');
    assert.deepEqual((compare.view as { config?: { file: string } }).config?.file, 'examples/shop/template.yaml', 'for the active config');
  });
});
