/* Hovers: a route's flow preview at the route, in every config format the readers know. */
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { config, hoverText, inExtensionHost, open, vscodeApi } from './extensionHost';

interface HoverCase {
  format: string;
  path: string[];
  /** Text on the line that declares the route. */
  at: string;
  /** The hover's heading: API name, type and route, as the markdown escapes it. */
  heading: RegExp;
  /** Words of the flow that must be there. */
  flow: RegExp[];
}

const ORDERS = /shop\\-orders\*\* · HTTP · POST \/orders/;
const CASES: HoverCase[] = [
  { format: 'SAM', path: ['shop', 'template.yaml'], at: 'CreateOrderRoute:', heading: ORDERS, flow: [/\| Auth \| JWT \|/, /Lambda createOrder/] },
  { format: 'OpenAPI', path: ['shop', 'openapi.yaml'], at: '    post:', heading: ORDERS, flow: [/\| Auth \| JWT \|/, /Lambda createOrder/] },
  { format: 'Serverless Framework', path: ['shop', 'serverless.yml'], at: '- httpApi:', heading: ORDERS, flow: [/JWT/] },
  { format: 'Terraform', path: ['shop', 'main.tf'], at: 'resource "aws_apigatewayv2_route" "create_order"', heading: ORDERS, flow: [/JWT/] },
  { format: 'gateway model JSON', path: ['shop', 'gateway.json'], at: '{ "key": "POST /orders"', heading: ORDERS, flow: [/JWT/] },
  { format: 'CloudFormation', path: ['fixtures', 'cloudformation', 'rest-api.yaml'], at: 'CreateOrderMethod:', heading: /\*\*orders\\-staging\*\* · REST · POST \/orders\n/, flow: [] },
  { format: 'Swagger 2.0 JSON', path: ['fixtures', 'openapi', 'swagger2-petstore.json'], at: '"post" : {', heading: /\*\*PetStore Partners\*\* · REST · POST \/pets\n/, flow: [] },
  { format: 'a Terraform WebSocket API', path: ['fixtures', 'terraform', 'websocket-api.tf'], at: 'resource "aws_apigatewayv2_route" "send"', heading: /\*\*chat\\-prod\\-ws\*\* · WEBSOCKET · sendMessage\n/, flow: [] },
  // Two APIs named dev-catalog (serverless.yml's http and httpApi events): each route's hover is its own API's.
  { format: 'serverless.yml, the REST API of two that share a name', path: ['fixtures', 'serverless', 'rest-and-http-same-name.yml'], at: '- http:', heading: /\*\*dev\\-catalog\*\* · REST · GET \/items\n/, flow: [/CloudFront edge/] },
  { format: 'serverless.yml, the HTTP API of two that share a name', path: ['fixtures', 'serverless', 'rest-and-http-same-name.yml'], at: '- httpApi:', heading: /\*\*dev\\-catalog\*\* · HTTP · GET \/search\n/, flow: [] },
  { format: 'a Terraform JWT route whose issuer is a variable', path: ['fixtures', 'terraform', 'jwt-variable-issuer.tf'], at: 'resource "aws_apigatewayv2_route" "list_orders"', heading: /\*\*orders\\-jwt\*\* · HTTP · GET \/orders\n/, flow: [/\| Auth \| JWT \|/, /JWT issuer for var/] },
];

if (inExtensionHost) suite('Hover', () => {
  const vscode = vscodeApi();

  for (const { format, path, at, heading, flow } of CASES) {
    test(`shows the route's flow preview when hovering a route in ${format}`, async () => {
      const file = config(...path);
      const { at: position } = await open(file);
      const hovers = await vscode.commands.executeCommand<import('vscode').Hover[]>('vscode.executeHoverProvider', file, position(at, at.search(/\S/) + 1));
      const text = hoverText(hovers);
      assert.match(text, heading);
      for (const word of flow) assert.match(text, word);
      // The preview: predicted latency and the flow diagram (an inline SVG with the hops as its alt text).
      assert.match(text, /\| Cold \| \d+ ms /);
      assert.match(text, /!\[Client → [^\]]+\]\(data:image\/svg\+xml;base64,/);
    });
  }

  test('offers "Try this template…" on a route with a mapping template, which opens the rendered result beside', async () => {
    const file = config('fixtures', 'cloudformation', 'rest-api.yaml');
    const { at } = await open(file);
    const hovers = await vscode.commands.executeCommand<import('vscode').Hover[]>('vscode.executeHoverProvider', file, at('OrdersOptionsMethod:', 3));
    const link = /\[Try this template…\]\(command:apigwSim\.tryTemplate\?([^)]+)\)/.exec(hoverText(hovers));
    assert.ok(link, `the hover links to the command: ${hoverText(hovers)}`);
    const args = JSON.parse(decodeURIComponent(link[1])) as [string, string];
    const document = await vscode.commands.executeCommand<import('vscode').TextDocument>('apigwSim.tryTemplate', ...args);
    assert.equal(document.isUntitled, true);
    // The MOCK integration's template, application/json: '{"statusCode": 200}', rendered for the OPTIONS request.
    assert.match(document.getText(), /^\{"statusCode": 200\}$/m);
    assert.equal(vscode.window.activeTextEditor?.document, document);
  });

  test('renders the core-banking example\'s SOAP request template for the transfer route from its hover', async () => {
    const file = config('banking', 'template.yaml');
    const { at } = await open(file);
    const hovers = await vscode.commands.executeCommand<import('vscode').Hover[]>('vscode.executeHoverProvider', file, at('CreateTransfer:', 3));
    const text = hoverText(hovers);
    assert.match(text, /POST \/transfers/);
    const link = /\[Try this template…\]\(command:apigwSim\.tryTemplate\?([^)]+)\)/.exec(text);
    assert.ok(link, `the hover links to the command: ${text}`);
    const document = await vscode.commands.executeCommand<import('vscode').TextDocument>('apigwSim.tryTemplate', ...(JSON.parse(decodeURIComponent(link[1])) as [string, string]));
    // The envelope the template writes around the sampled transfer (from the Transfer model).
    assert.match(document.getText(), /<soapenv:Envelope [^>]*>[\s\S]*<pay:TransferFunds>[\s\S]*<pay:FromAccount>[^<]+<\/pay:FromAccount>/);
  });

  test('shows nothing of ours away from the routes', async () => {
    const file = config('shop', 'template.yaml');
    const { at } = await open(file);
    const hovers = await vscode.commands.executeCommand<import('vscode').Hover[]>('vscode.executeHoverProvider', file, at('AWSTemplateFormatVersion'));
    assert.doesNotMatch(hoverText(hovers), /Simulate/);
  });
});
