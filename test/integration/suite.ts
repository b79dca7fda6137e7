/*
 * The extension's tests inside a real VS Code (run by runInVsCode.ts). VS Code loads this
 * module in the extension host and calls `run()`; a rejection fails the run. `vscode` is
 * required inside run(), so `node --test`, which loads every file under out/test, finds
 * nothing here to run.
 */
import type * as VsCode from 'vscode';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

type Test = [name: string, body: () => Promise<void>];

export async function run(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const vscode = require('vscode') as typeof VsCode;
  const folder = vscode.workspace.workspaceFolders![0].uri;
  const shop = vscode.Uri.joinPath(folder, 'examples', 'shop', 'template.yaml');
  const document = await vscode.workspace.openTextDocument(shop);
  await vscode.window.showTextDocument(document);
  const text = document.getText();
  const lineOf = (needle: string): number => text.slice(0, text.indexOf(needle)).split('\n').length - 1;

  const tests: Test[] = [
    ['shows a CodeLens with the predicted cold latency above each of the shop\'s 8 routes', async () => {
      const lenses = await vscode.commands.executeCommand<VsCode.CodeLens[]>('vscode.executeCodeLensProvider', shop, 20);
      const ours = lenses.filter((lens) => lens.command?.command === 'apigwSim.simulateRoute');
      assert.equal(ours.length, 8);
      for (const lens of ours) assert.match(lens.command!.title, /Simulate · cold \d+ ms/);
    }],
    ['hovers a route with its flow, auth and integration', async () => {
      const hovers = await vscode.commands.executeCommand<VsCode.Hover[]>('vscode.executeHoverProvider', shop, new vscode.Position(lineOf('CreateOrderRoute:'), 4));
      const value = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : (content as VsCode.MarkdownString).value))).join('\n');
      assert.match(value, /shop\\-orders\*\* · HTTP · POST \/orders/);
      assert.match(value, /\| Auth \| JWT \|/);
      assert.match(value, /Lambda createOrder/);
    }],
    ['opens the simulation beside the template, and the webview reports it has drawn the trace', async () => {
      const result = await vscode.commands.executeCommand<{ routeId: string; rendered: Promise<number> }>('apigwSim.simulateRoute', shop.toString(), 'shop-orders POST /orders');
      assert.equal(result.routeId, 'shop-orders POST /orders');
      assert.ok((await result.rendered) > 20);
    }],
    ['exports the shown trace as a Mermaid diagram without touching the config', async () => {
      const target = vscode.Uri.file(join(folder.fsPath, 'test-results', 'integration-trace.mmd'));
      const before = readFileSync(shop.fsPath, 'utf8');
      await vscode.commands.executeCommand('apigwSim.exportTrace', target, 'mermaid');
      assert.ok(existsSync(target.fsPath));
      assert.match(readFileSync(target.fsPath, 'utf8'), /^sequenceDiagram\n/);
      assert.equal(readFileSync(shop.fsPath, 'utf8'), before);
      rmSync(target.fsPath);
    }],
    ['opens the bundled shop example from the walkthrough command', async () => {
      await vscode.commands.executeCommand('apigwSim.openExample');
      assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('examples/shop/template.yaml'));
    }],
  ];

  let failed = 0;
  for (const [name, body] of tests) {
    try {
      await body();
      console.log(`ok - ${name}`);
    } catch (error) {
      failed++;
      console.log(`not ok - ${name}: ${error instanceof Error ? error.stack : String(error)}`);
    }
  }
  console.log(`${tests.length - failed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} integration tests failed`);
}
