/* Simulate Route...: the panel beside the config, the export, and re-simulation on save. */
import type * as VsCode from 'vscode';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { suite, suiteTeardown, test } from 'mocha';
import { config, EXTENSION_ID, eventually, inExtensionHost, open, vscodeApi } from './extensionHost';

/* What the extension's commands return (extension/commands.ts). */
interface SimulateResult {
  routeId: string;
  scenario: string;
  rendered: Promise<number>;
}
/* The host's view of a route (extension/panel.ts ShownRoute): the trace with its payloads as bytes. */
interface RouteView {
  routeId: string;
  trace: { participants: { id: string; label: string }[]; events: { name: string; layer: string; from: string; payload?: Uint8Array }[] };
}
interface PanelState {
  documentUri: string;
  routeId: string;
  scenario: string;
}
interface Commands {
  resimulate(state: PanelState): Promise<RouteView | undefined>;
}

if (inExtensionHost) suite('Simulate Route', () => {
  const vscode = vscodeApi();
  const template = config('shop', 'template.yaml');
  const simulationTabs = (): { tab: VsCode.Tab; column: VsCode.ViewColumn }[] => vscode.window.tabGroups.all.flatMap((group) => group.tabs
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('apigwSim.simulation'))
    .map((tab) => ({ tab, column: group.viewColumn })));

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('opens the simulation in a webview panel beside the template, which draws the route\'s trace', async () => {
    await open(template);
    const result = await vscode.commands.executeCommand<SimulateResult>('apigwSim.simulateRoute', template.toString(), 'OrdersApi POST /orders');
    assert.equal(result.routeId, 'OrdersApi POST /orders');
    assert.equal(result.scenario, 'request');
    const events = await result.rendered;
    assert.ok(events > 20, `the webview drew ${events} events`);
    const [panel] = simulationTabs();
    assert.ok(panel, 'a simulation tab is open');
    assert.equal(panel.tab.label, 'Simulation: shop-orders · POST /orders');
    assert.equal(vscode.window.activeTextEditor?.document.uri.toString(), template.toString(), 'the template keeps the focus');
    assert.ok(panel.column > vscode.window.activeTextEditor!.viewColumn!, 'the panel is beside the editor');
  });

  test('runs a WebSocket custom route as a session that sends that route\'s message', async () => {
    const chat = config('fixtures', 'serverless', 'websocket-chat.yml');
    await open(chat);
    const commands = (vscode.extensions.getExtension<{ commands: Commands }>(EXTENSION_ID)!.exports).commands;
    for (const routeKey of ['joinRoom', 'sendMessage']) {
      const result = await vscode.commands.executeCommand<SimulateResult>('apigwSim.simulateRoute', chat.toString(), `WebsocketsApi ${routeKey}`);
      assert.equal(result.scenario, 'ws-session');
      await result.rendered;
      const view = await commands.resimulate({ documentUri: chat.toString(), routeId: `WebsocketsApi ${routeKey}`, scenario: 'ws-session' });
      // The client's first data frame (masked, as clients send them), unmasked: the route's message on $request.body.type.
      const frame = view?.trace.events.find((event) => event.layer === 'ws' && event.from === 'client' && /text frame/.test(event.name));
      assert.ok(frame?.payload, `${routeKey}: the client sends a text frame`);
      const bytes = Buffer.from(frame.payload);
      const length = bytes[1] & 0x7f;
      const mask = bytes.subarray(2, 6);
      const text = Buffer.from(bytes.subarray(6, 6 + length).map((byte, index) => byte ^ mask[index % 4])).toString('utf8');
      assert.equal((JSON.parse(text) as { type: string }).type, routeKey);
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await open(template);
  });

  test('runs a WebSocket route as a session with its order-status pushes', async () => {
    const result = await vscode.commands.executeCommand<SimulateResult>('apigwSim.simulateRoute', template.toString(), 'OrderStatusApi subscribe');
    assert.equal(result.scenario, 'ws-session');
    // A reused panel can draw before the caller asks; `rendered` settles all the same.
    const events = await result.rendered;
    assert.ok(events > 40, `the webview drew ${events} events`);
    assert.equal(simulationTabs()[0]?.tab.label, 'Simulation: shop-order-status · subscribe');
    assert.equal(simulationTabs().length, 1, 'the one panel is reused');
  });

  test('exports the shown trace as JSON and as a Mermaid diagram, leaving the config alone', async () => {
    await open(template);
    await vscode.commands.executeCommand<SimulateResult>('apigwSim.simulateRoute', template.toString(), 'OrdersApi POST /orders');
    const before = readFileSync(template.fsPath, 'utf8');
    const json = vscode.Uri.joinPath(template, '..', 'trace.json');
    const mermaid = vscode.Uri.joinPath(template, '..', 'trace.mmd');
    try {
      const written = await vscode.commands.executeCommand<VsCode.Uri>('apigwSim.exportTrace', json, 'json');
      assert.equal(written.fsPath, json.fsPath);
      const report = JSON.parse(readFileSync(json.fsPath, 'utf8')) as Record<string, unknown>;
      assert.equal(report.route, 'OrdersApi POST /orders');
      await vscode.commands.executeCommand('apigwSim.exportTrace', mermaid, 'mermaid');
      const diagram = readFileSync(mermaid.fsPath, 'utf8');
      assert.match(diagram, /^sequenceDiagram\n/);
      assert.match(diagram, /ClientHello/);
      assert.match(diagram, /POST \/orders/);
      assert.equal(readFileSync(template.fsPath, 'utf8'), before);
    } finally {
      for (const file of [json, mermaid]) if (existsSync(file.fsPath)) rmSync(file.fsPath);
    }
  });

  test('re-simulates the shown route from the saved text when the template is saved', async () => {
    // A copy, so the edit stays out of the other tests' way.
    const copy = config('shop', 'template-saved.yaml');
    copyFileSync(template.fsPath, copy.fsPath);
    const { document, at } = await open(copy);
    await vscode.commands.executeCommand<SimulateResult>('apigwSim.simulateRoute', copy.toString(), 'OrdersApi POST /orders');
    // Observe the host re-running the route: the save handler calls the exported commands' resimulate.
    const commands = (vscode.extensions.getExtension<{ commands: Commands }>(EXTENSION_ID)!.exports).commands;
    const original = commands.resimulate.bind(commands);
    const views: RouteView[] = [];
    commands.resimulate = async (state) => {
      const view = await original(state);
      if (view && state.documentUri === copy.toString()) views.push(view);
      return view;
    };
    try {
      assert.ok(shownHasIssuer(await original({ documentUri: copy.toString(), routeId: 'OrdersApi POST /orders', scenario: 'request' })));
      // Drop the JWT authorizer from POST /orders: the gateway no longer fetches the issuer's keys.
      const editor = await vscode.window.showTextDocument(document);
      const start = at('      AuthorizationType: JWT\n      AuthorizerId: !Ref ShopUsersAuthorizer\n');
      await editor.edit((edit) => edit.delete(new vscode.Range(start, start.translate(2))));
      assert.ok(await document.save());
      const [view] = await eventually('the route to be re-simulated after the save', () => views.length > 0 && views);
      assert.equal(view.routeId, 'OrdersApi POST /orders');
      assert.equal(shownHasIssuer(view), false);
    } finally {
      commands.resimulate = original;
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(copy.fsPath, { force: true });
    }
  });
});

function shownHasIssuer(view: RouteView | undefined): boolean {
  assert.ok(view, 'the route simulates');
  return view.trace.participants.some((participant) => /JWT issuer/.test(participant.label));
}
