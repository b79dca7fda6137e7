/*
 * The HTTP version and page-origin settings, through the bundled extension and the fake
 * `vscode`: what the user sets is what the next simulation speaks and which origin its
 * browser page has; an origin that is not one is said once and not used.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { activated, ROUTE, TEMPLATE } from './activated';
import { FakeDocument } from './fakeVscode';

const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-settings-'));
after(() => rmSync(directory, { recursive: true, force: true }));

interface ExportedEvent { kind: string; from: string; hex?: string; detail?: { httpVersion?: string } }

async function exportedEvents(settings: Record<string, unknown>, file: string): Promise<{ events: ExportedEvent[]; messages: string[] }> {
  const fake = activated({ settings, workspaceState: { lastPanel: { documentUri: FakeDocument.fromFile(TEMPLATE).uri.toString(), routeId: ROUTE, scenario: 'request' } } });
  const target = (fake.api.Uri as { file(path: string): { fsPath: string } }).file(join(directory, file));
  await fake.executeCommand('apigwSim.exportTrace', target, 'json');
  return { events: (JSON.parse(readFileSync(target.fsPath, 'utf8')) as { events: ExportedEvent[] }).events, messages: fake.record.messages };
}

/** The Origin header of each HTTP/1.1 request the client sends, read from its bytes. */
function originsSent(events: readonly ExportedEvent[]): string[] {
  return events.filter((event) => event.kind === 'http.request' && event.from === 'client')
    .flatMap((event) => [...Buffer.from(event.hex ?? '', 'hex').toString('latin1').matchAll(/^Origin: (.*)\r$/gim)].map((match) => match[1]!));
}

describe('HTTP version and origin settings', () => {
  it('speaks h2 by ALPN for the browser unless apigwSim.httpVersion says 1.1', async () => {
    const auto = await exportedEvents({}, 'auto.json');
    assert.ok(auto.events.some((event) => event.kind === 'http.h2_settings'), 'the browser negotiates h2 by default');
    const forced = await exportedEvents({ 'apigwSim.httpVersion': '1.1' }, 'h1.json');
    assert.ok(!forced.events.some((event) => event.kind.startsWith('http.h2_')), 'no h2 frame under 1.1');
    assert.ok(forced.events.some((event) => event.kind === 'http.request' && event.detail?.httpVersion !== '2'));
    const node = await exportedEvents({ 'apigwSim.clientProfile': 'node', 'apigwSim.httpVersion': '2' }, 'node-h2.json');
    assert.ok(node.events.some((event) => event.kind === 'http.h2_settings'), 'the setting overrides the node profile\'s HTTP/1.1');
  });

  it('sends the page origin the setting names, and ignores one that is not an origin, saying so', async () => {
    const shop = await exportedEvents({ 'apigwSim.httpVersion': '1.1', 'apigwSim.origin': 'https://www.shop.com' }, 'origin.json');
    assert.ok(originsSent(shop.events).length > 0 && originsSent(shop.events).every((origin) => origin === 'https://www.shop.com'), originsSent(shop.events).join(', '));
    const wrong = await exportedEvents({ 'apigwSim.httpVersion': '1.1', 'apigwSim.origin': 'https://www.shop.com/checkout' }, 'bad-origin.json');
    assert.ok(!originsSent(wrong.events).includes('https://www.shop.com/checkout'));
    assert.ok(originsSent(wrong.events).length > 0, 'the default origin is used instead');
    assert.ok(wrong.messages.some((message) => /apigwSim\.origin setting is not used: "https:\/\/www\.shop\.com\/checkout" is not an origin/.test(message)), wrong.messages.join('\n'));
  });
});
