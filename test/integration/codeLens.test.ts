/* CodeLens: "Simulate · cold N ms" above every route, wired to the simulate command. */
import type * as VsCode from 'vscode';
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { config, inExtensionHost, open, vscodeApi } from './extensionHost';

/** The shop's routes, each with the text of the line that declares it in the SAM template. */
const SHOP_ROUTES: [routeId: string, line: string][] = [
  ['ProductsApi GET /products', 'ListProducts:'],
  ['ProductsApi GET /products/{productId}', 'GetProduct:'],
  ['ProductsApi GET /products/{productId}/reviews', 'ListReviews:'],
  ['ProductsApi GET /products/{productId}/stock', 'GetStock:'],
  ['OrdersApi POST /orders', 'CreateOrderRoute:'],
  ['OrdersApi GET /orders/{orderId}', 'GetOrderRoute:'],
  ['OrderStatusApi $connect', 'ConnectRoute:'],
  ['OrderStatusApi $disconnect', 'DisconnectRoute:'],
  ['OrderStatusApi subscribe', 'SubscribeRoute:'],
  ['OrderStatusApi $default', 'DefaultRoute:'],
];

if (inExtensionHost) suite('CodeLens', () => {
  const vscode = vscodeApi();

  test('puts a Simulate lens with the predicted cold latency on the line of each of the shop\'s 10 routes', async () => {
    const file = config('shop', 'template.yaml');
    const { document } = await open(file);
    // The second argument asks VS Code to resolve every lens, as the editor does for visible ones.
    const lenses = await vscode.commands.executeCommand<VsCode.CodeLens[]>('vscode.executeCodeLensProvider', file, 100);
    const ours = lenses.filter((lens) => lens.command?.command === 'apigwSim.simulateRoute');
    assert.deepEqual(ours.map((lens) => lens.command!.arguments), SHOP_ROUTES.map(([routeId]) => [file.toString(), routeId]));
    for (const [index, lens] of ours.entries()) {
      assert.equal(document.lineAt(lens.range.start.line).text.trim(), SHOP_ROUTES[index][1]);
      assert.match(lens.command!.title, /^\$\(play\) Simulate · cold \d+ ms$/);
    }
  });

  test('puts a resolved lens on every route of two APIs that share a name (serverless.yml http and httpApi)', async () => {
    const file = config('fixtures', 'serverless', 'rest-and-http-same-name.yml');
    const { document } = await open(file);
    const lenses = await vscode.commands.executeCommand<VsCode.CodeLens[]>('vscode.executeCodeLensProvider', file, 100);
    const ours = lenses.filter((lens) => lens.command?.command === 'apigwSim.simulateRoute');
    assert.deepEqual(ours.map((lens) => lens.command!.arguments![1]), ['ApiGatewayRestApi GET /items', 'ApiGatewayRestApi GET /items/{itemId}', 'HttpApi GET /search', 'HttpApi POST /suggest']);
    for (const lens of ours) {
      assert.match(lens.command!.title, /^\$\(play\) Simulate · cold \d+ ms$/, `${lens.command!.arguments![1]} has a prediction`);
      assert.match(document.lineAt(lens.range.start.line).text, /- http(Api)?:/);
    }
  });

  test('puts lenses on the routes of a Terraform file too', async () => {
    const file = config('shop', 'main.tf');
    const { document } = await open(file);
    const lenses = await vscode.commands.executeCommand<VsCode.CodeLens[]>('vscode.executeCodeLensProvider', file, 100);
    const ours = lenses.filter((lens) => lens.command?.command === 'apigwSim.simulateRoute');
    assert.equal(ours.length, 10);
    for (const lens of ours) assert.match(document.lineAt(lens.range.start.line).text, /^resource "aws_api(_gateway_method|gatewayv2_route)"/);
  });
});
