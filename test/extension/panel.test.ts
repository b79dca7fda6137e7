/*
 * The simulation panel's `rendered` promise, on the bundled extension in the fake `vscode`:
 * what integration tests and commands wait on must settle however early the page draws.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activated, ROUTE, TEMPLATE } from './activated';
import { FakeDocument, FakeWebviewPanel } from './fakeVscode';

type Shown = { routeId: string; rendered: Promise<number> };

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
