import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfigText } from '../../simulator/config/configFile';
import { indexRoutes, routeAt } from '../../extension/routeIndex';
import { previewMarkdown, previewRoute } from '../../extension/routePreview';
import { runScenario } from '../../simulator/scenario/registry';
import { parseFromWebview } from '../../webview/protocol/validation';

const SHOP = join(__dirname, '..', '..', '..', 'examples', 'shop', 'template.yaml');
const text = readFileSync(SHOP, 'utf8');
const result = readConfigText(text, SHOP);

function lineOf(needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('finding the route under the cursor', () => {
  const routes = indexRoutes(result, SHOP);

  it('indexes every route of the shop template in file order, with its line', () => {
    assert.equal(routes.length, 10);
    assert.deepEqual(routes.map((entry) => entry.line), [...routes.map((entry) => entry.line)].sort((a, b) => a - b));
    assert.ok(routes.some((entry) => entry.id === 'OrdersApi POST /orders'));
  });

  it('finds a route from its declaring line and from lines inside its declaration', () => {
    const post = routes.find((entry) => entry.id === 'OrdersApi POST /orders')!;
    assert.equal(routeAt(routes, post.line)?.id, post.id);
    if (post.endLine > post.line + 1) assert.equal(routeAt(routes, post.line + 1)?.id, post.id);
    assert.equal(routeAt(routes, 1), undefined, 'no route on the first line');
  });

  it('places the WebSocket $connect route where the template declares it', () => {
    const connect = routes.find((entry) => entry.route.key === '$connect')!;
    assert.ok(text.split('\n')[connect.line - 1].includes('Connect'), text.split('\n')[connect.line - 1]);
    assert.ok(connect.line > lineOf('shop-order-status') - 50);
  });
});

describe('the route preview a hover shows', () => {
  const routes = indexRoutes(result, SHOP);
  const entry = routes.find((candidate) => candidate.id === 'OrdersApi POST /orders')!;
  const preview = previewRoute(runScenario(result.model, entry.ref, 'series', { clientProfile: 'browser', dnsCache: 'hit' }));

  it('lists the hops in order, with auth and integration, and for a series a warm request cheaper than a cold one', () => {
    assert.equal(preview.hops[0], 'Client');
    assert.ok(preview.hops.some((hop) => hop.startsWith('API Gateway')));
    assert.ok(preview.hops.some((hop) => hop.includes('createOrder')));
    assert.equal(preview.auth, 'JWT');
    assert.match(preview.integration, /^Lambda createOrder/);
    assert.ok(preview.warmMs! < preview.coldMs);
  });

  it('renders markdown with only escaped config text and the two command links', () => {
    const markdown = previewMarkdown({ ...entry.api, name: 'evil*[link](command:rm)' }, entry.route, preview, { simulate: 'command:apigwSim.simulateRoute?x', showFlow: 'command:apigwSim.showFlow?x' });
    assert.match(markdown, /evil\\\*\\\[link\\\]\\\(command:rm\\\)/);
    assert.equal((markdown.match(/\]\(command:/g) ?? []).length, 2);
    assert.equal((markdown.match(/!\[Client → [^\]]+\]\(data:image\/svg\+xml;base64,/g) ?? []).length, 1);
    assert.match(markdown, /\| Cold \| \d+ ms/);
  });

  it('adds "Try this template…" only when given its link', () => {
    const links = { simulate: 'command:apigwSim.simulateRoute?x', showFlow: 'command:apigwSim.showFlow?x' };
    assert.doesNotMatch(previewMarkdown(entry.api, entry.route, preview, links), /Try this template/);
    assert.match(previewMarkdown(entry.api, entry.route, preview, { ...links, tryTemplate: 'command:apigwSim.tryTemplate?x' }), /\[Try this template…\]\(command:apigwSim\.tryTemplate\?x\)/);
  });

  it('says when the browser is refused by CORS, so the short flow does not read as the route\'s', () => {
    // From an origin the shop's HTTP API does not allow: the preflight is refused and the order never sent.
    const refused = previewRoute(runScenario(result.model, entry.ref, 'request', { clientProfile: 'browser', origin: 'https://evil.example' }));
    assert.match(refused.blockedBy ?? '', /Access-Control-Allow-Origin/);
    assert.match(previewMarkdown(entry.api, entry.route, refused, { simulate: 'x', showFlow: 'y' }), /\| Browser \| blocked by CORS: /);
    assert.equal(preview.blockedBy, undefined, 'the shop\'s own origin is allowed');
    assert.doesNotMatch(previewMarkdown(entry.api, entry.route, preview, { simulate: 'x', showFlow: 'y' }), /\| Browser \|/);
  });

  it('says which HTTP version the client spoke: h2 for the browser, HTTP/1.1 for node, which offers no h2', () => {
    assert.equal(preview.protocol, 'h2');
    assert.match(previewMarkdown(entry.api, entry.route, preview, { simulate: 'x', showFlow: 'y' }), /\| Protocol \| h2 \|/);
    const node = previewRoute(runScenario(result.model, entry.ref, 'request', { clientProfile: 'node', dnsCache: 'hit' }));
    assert.equal(node.protocol, 'HTTP/1.1');
    const forced = previewRoute(runScenario(result.model, entry.ref, 'request', { clientProfile: 'browser', httpVersion: '1.1', dnsCache: 'hit' }));
    assert.equal(forced.protocol, 'HTTP/1.1');
  });

  it('shows no warm figure for a single request, whose run has none', () => {
    const single = previewRoute(runScenario(result.model, entry.ref, 'request', { clientProfile: 'browser', dnsCache: 'hit' }));
    assert.equal(single.warmMs, undefined);
    assert.equal(single.coldMs, preview.coldMs, 'the same cold request as the series starts with');
    assert.doesNotMatch(previewMarkdown(entry.api, entry.route, single, { simulate: 'x', showFlow: 'y' }), /\| Warm \|/);
  });
});

describe('messages from the webview', () => {
  it('accepts the declared messages and refuses everything else', () => {
    assert.deepEqual(parseFromWebview({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseFromWebview({ type: 'resimulate', routeId: 'a b', scenario: 'series' }), { type: 'resimulate', routeId: 'a b', scenario: 'series' });
    assert.deepEqual(parseFromWebview({ type: 'reveal', file: '/x.yaml', line: 3 }), { type: 'reveal', file: '/x.yaml', line: 3 });
    for (const bad of [null, 'ready', [], { type: 'eval', code: 'x' }, { type: 'resimulate', routeId: 'a', scenario: 'rm -rf' }, { type: 'reveal', file: '/x', line: 0 }, { type: 'reveal', file: 1, line: 2 }, { type: 'rendered', routeId: 'a', events: -1 }, { type: 'copy', text: 'x'.repeat(5_000_001) }]) {
      assert.equal(parseFromWebview(bad), undefined, JSON.stringify(bad)?.slice(0, 80));
    }
  });
});
