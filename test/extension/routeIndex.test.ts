import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfigText } from '../../simulator/config/configFile';
import { indexRoutes, routeAt } from '../../extension/routeIndex';
import { flowSvg, labelLines, previewMarkdown, previewRoute } from '../../extension/routePreview';
import { runScenario } from '../../simulator/scenario/registry';
import { parseFromWebview } from '../../webview/protocol';

const SHOP = join(__dirname, '..', '..', '..', 'examples', 'shop', 'template.yaml');
const text = readFileSync(SHOP, 'utf8');
const result = readConfigText(text, SHOP);

function lineOf(needle: string): number {
  return text.slice(0, text.indexOf(needle)).split('\n').length;
}

describe('finding the route under the cursor', () => {
  const routes = indexRoutes(result, SHOP);

  it('indexes every route of the shop template in file order, with its line', () => {
    assert.equal(routes.length, 8);
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

  it('shows no warm figure for a single request, whose run has none', () => {
    const single = previewRoute(runScenario(result.model, entry.ref, 'request', { clientProfile: 'browser', dnsCache: 'hit' }));
    assert.equal(single.warmMs, undefined);
    assert.equal(single.coldMs, preview.coldMs, 'the same cold request as the series starts with');
    assert.doesNotMatch(previewMarkdown(entry.api, entry.route, single, { simulate: 'x', showFlow: 'y' }), /\| Warm \|/);
  });
});

describe('the inline flow diagram', () => {
  it('draws one box per hop, escapes labels as XML text, and wraps long names onto two lines before cutting', () => {
    const svg = Buffer.from(flowSvg(['Client', 'A<b>&"c', 'Lambda createOrder', 'Lambda a-very-long-function-name']).split(',')[1], 'base64').toString('utf8');
    assert.equal((svg.match(/<rect /g) ?? []).length, 4);
    assert.equal((svg.match(/marker-end/g) ?? []).length, 3);
    assert.match(svg, />A&#60;b&#62;&#38;&#34;c</);
    assert.doesNotMatch(svg, /<b>/);
    assert.match(svg, />Lambda<\/text><text [^>]*>createOrder</, 'a long name wraps whole at its space');
    assert.match(svg, />a-very-long-fun…</, 'a word longer than a line is cut');
  });

  it('puts dark labels on light boxes, so they read on any theme the hover takes', () => {
    const svg = Buffer.from(flowSvg(['Client', 'API Gateway shop-orders']).split(',')[1], 'base64').toString('utf8');
    const boxes = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"/g)].map((match) => match[1]);
    const inks = [...svg.matchAll(/<text [^>]*fill="(#[0-9a-f]{6})"/g)].map((match) => match[1]);
    assert.equal(boxes.length, 2);
    for (const box of boxes) for (const ink of inks) assert.ok(contrast(box, ink) >= 4.5, `${ink} on ${box}`);
  });

  it('splits a label at the space nearest its middle', () => {
    assert.deepEqual(labelLines('Client', 16), ['Client']);
    assert.deepEqual(labelLines('API Gateway shop-orders', 16), ['API Gateway', 'shop-orders']);
    assert.deepEqual(labelLines('JWT issuer cognito-idp.us-east-1.amazonaws.com', 16), ['JWT issuer', 'cognito-idp.us-…']);
  });
});

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [red, green, blue] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

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
