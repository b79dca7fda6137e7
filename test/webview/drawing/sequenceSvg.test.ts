import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import { simulateWebSocketApiSession } from '../../../simulator/scenario/websocketApiSession';
import { toSequenceSvg } from '../../../webview/drawing/sequenceSvg';
import type { TraceJson } from '../../../simulator/trace/trace';
import { toTraceJson } from '../../../simulator/trace/traceJson';

const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const model = modelFromJson(readFileSync(SHOP, 'utf8'), SHOP);

interface Element {
  name: string;
  attributes: Map<string, string>;
  children: Element[];
  text: string;
}

const NAME = '[A-Za-z_][\\w.:-]*';
const ENTITY = /&(?:amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);/g;

function decode(value: string): string {
  return value.replace(ENTITY, (entity) => {
    const named: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&apos;': "'" };
    if (named[entity]) return named[entity];
    return String.fromCodePoint(entity[2] === 'x' ? parseInt(entity.slice(3, -1), 16) : Number(entity.slice(2, -1)));
  });
}

/** Character data must not hold a raw `<` or an `&` that does not start a known entity (XML 1.0 §2.4). */
function checkCharacterData(text: string, where: string): void {
  assert.ok(!text.replace(ENTITY, '').includes('&'), `bare & in ${where}: ${JSON.stringify(text.slice(0, 80))}`);
  // eslint-disable-next-line no-control-regex -- matching the control characters is the point
  assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text), `a character XML cannot hold in ${where}`);
}

/**
 * A strict, tiny XML reader for what the SVG writer emits: a declaration, elements, double-quoted
 * attributes, text. It throws on anything not well-formed: a tag that does not close, a close that
 * does not match, an attribute twice, a raw `<` or `&` in text or an attribute, text outside the root.
 */
function parseXml(source: string): Element {
  let rest = source.replace(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n/, '');
  assert.notEqual(rest, source, 'starts with the XML declaration');
  const root: Element = { name: '#document', attributes: new Map(), children: [], text: '' };
  const stack: Element[] = [root];
  const tag = new RegExp(`^<(/?)(${NAME})((?:\\s+${NAME}="[^"<]*")*)\\s*(/?)>`);
  while (rest.length > 0) {
    const textEnd = rest.indexOf('<');
    const text = textEnd < 0 ? rest : rest.slice(0, textEnd);
    if (text) {
      checkCharacterData(text, 'text');
      const parent = stack[stack.length - 1];
      assert.ok(parent !== root || text.trim() === '', 'no text outside the root element');
      parent.text += decode(text);
      rest = rest.slice(text.length);
      continue;
    }
    const match = tag.exec(rest);
    assert.ok(match, `a well-formed tag at ${JSON.stringify(rest.slice(0, 60))}`);
    const [whole, closing, name, attributeText, selfClosing] = match;
    rest = rest.slice(whole.length);
    if (closing) {
      assert.ok(!attributeText && !selfClosing, `a plain close tag for ${name}`);
      const open = stack.pop();
      assert.equal(open?.name, name, `</${name}> closes <${open?.name}>`);
      continue;
    }
    const element: Element = { name, attributes: new Map(), children: [], text: '' };
    for (const [, key, value] of attributeText.matchAll(new RegExp(`(${NAME})="([^"]*)"`, 'g'))) {
      assert.ok(!element.attributes.has(key), `attribute ${key} once on <${name}>`);
      checkCharacterData(value, `attribute ${key}`);
      element.attributes.set(key, decode(value));
    }
    const parent = stack[stack.length - 1];
    assert.ok(parent !== root || root.children.length === 0, 'a single root element');
    parent.children.push(element);
    if (!selfClosing) stack.push(element);
  }
  assert.equal(stack.length, 1, `every element closed (open: ${stack.map((element) => element.name).join(' > ')})`);
  return root.children[0];
}

function all(element: Element, predicate: (candidate: Element) => boolean): Element[] {
  return [...(predicate(element) ? [element] : []), ...element.children.flatMap((child) => all(child, predicate))];
}

function textOf(element: Element): string {
  return element.text + element.children.map(textOf).join('');
}

const messages = (svg: Element): Element[] => all(svg, (element) => element.name === 'g' && (element.attributes.get('class') ?? '').split(' ').includes('message'));

describe('the SVG sequence diagram', () => {
  const product = toTraceJson(simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}' }));

  it('is well-formed XML with an svg root that has its size and namespace', () => {
    const svg = parseXml(toSequenceSvg(product, { title: 'shop-products · GET /products/{productId}' }));
    assert.equal(svg.name, 'svg');
    assert.equal(svg.attributes.get('xmlns'), 'http://www.w3.org/2000/svg');
    assert.ok(Number(svg.attributes.get('width')) > 600 && Number(svg.attributes.get('height')) > product.events.length * 30);
  });

  it('draws one arrow (or self-step loop) per message, in event order, with its name and size', () => {
    const drawn = messages(parseXml(toSequenceSvg(product)));
    assert.equal(drawn.length, product.events.length);
    assert.deepEqual(drawn.map((element) => Number(element.attributes.get('data-event'))), product.events.map((event) => event.id));
    for (const [index, element] of drawn.entries()) {
      const event = product.events[index];
      const heads = element.children.filter((child) => child.name === 'path' && child.attributes.get('fill')?.startsWith('#'));
      assert.equal(heads.length, 1, `one arrowhead for event ${event.id}`);
      const label = element.children.find((child) => child.name === 'text');
      assert.ok(label && textOf(label).startsWith(event.name.slice(0, 10)), `label of ${event.name}: ${label && textOf(label)}`);
    }
  });

  it('colours an arrow by its layer with a concrete colour, never a theme variable, and errors in red', () => {
    const throttled = toTraceJson(simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}', faults: ['throttled'] }));
    const text = toSequenceSvg(throttled);
    assert.ok(!text.includes('var('), 'no CSS variables');
    const drawn = messages(parseXml(text));
    const stroke = (element: Element): string | undefined => element.children.find((child) => child.name === 'line' || child.name === 'path')?.attributes.get('stroke');
    const colourOf = new Map<string, Set<string>>();
    drawn.forEach((element, index) => {
      const event = throttled.events[index];
      const key = event.error ? 'error' : event.layer;
      colourOf.set(key, (colourOf.get(key) ?? new Set()).add(stroke(element) ?? ''));
    });
    for (const [layer, colours] of colourOf) {
      assert.equal(colours.size, 1, `one colour for ${layer}: ${[...colours].join(', ')}`);
      assert.match([...colours][0], /^#[\da-f]{6}$/);
    }
    assert.ok(colourOf.has('error'), 'the throttled trace has errors');
    assert.equal(new Set([...colourOf.values()].map((colours) => [...colours][0])).size, colourOf.size, 'layers and errors are told apart');
  });

  it('keeps hostile names from the config as text: <script>, &, quotes and control characters', () => {
    const hostile = '<script>alert("x")</script> & Co \'quoted\' \u0001 ]]>';
    const trace: TraceJson = {
      ...product,
      participants: product.participants.map((participant) => (participant.kind === 'gateway' ? { ...participant, label: hostile } : participant)),
      events: product.events.map((event) => (event.layer === 'http' ? { ...event, name: `GET /${hostile}` } : event)),
    };
    const text = toSequenceSvg(trace, { title: hostile });
    assert.ok(!text.includes('<script'), 'no script element');
    const svg = parseXml(text);
    assert.equal(all(svg, (element) => element.name === 'script').length, 0);
    const title = all(svg, (element) => element.name === 'text')[0];
    assert.equal(textOf(title), hostile.replace('\u0001', '\uFFFD'));
    const participantTitles = all(svg, (element) => element.name === 'title').map(textOf);
    assert.ok(participantTitles.includes(hostile.replace('\u0001', '\uFFFD')), 'the participant keeps its full name');
    assert.equal(messages(svg).length, trace.events.length);
  });

  it('draws a WebSocket session with every frame, and the same bytes every time', () => {
    const session = toTraceJson(simulateWebSocketApiSession({ model, api: 'shop-order-status' }));
    const first = toSequenceSvg(session, { title: 'order status' });
    assert.equal(messages(parseXml(first)).length, session.events.length);
    assert.equal(toSequenceSvg(toTraceJson(simulateWebSocketApiSession({ model, api: 'shop-order-status' })), { title: 'order status' }), first);
  });
});
