import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';

/*
 * `simulate --multiplex N` and `--idle-close MS`, through the built CLI as a user runs it. What
 * the trace must show comes from RFC 9113: concurrent requests are client-initiated streams with
 * odd ids 1, 3, 5, … on one connection (§5.1.1), and a server that closes an idle connection sends
 * GOAWAY first (§6.8), after which a client opens a new connection for its next request.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const CLI = join(__dirname, '..', '..', '..', 'cli.js');
const SHOP = join(ROOT, 'examples', 'shop', 'template.yaml');
const ROUTE = ['--api', 'shop-orders', '--route', 'GET /orders/{orderId}'];

interface ReportEvent { from: string; to: string; layer: string; kind: string; name: string; detail?: Record<string, unknown> }

function simulate(...args: string[]): ReportEvent[] {
  const stdout = execFileSync(process.execPath, [CLI, 'simulate', SHOP, ...ROUTE, '--format', 'json', ...args], { encoding: 'utf8' });
  return (JSON.parse(stdout) as { events: ReportEvent[] }).events;
}

const requestStreams = (events: ReportEvent[]): unknown[] => events.filter((event) => event.kind === 'http.request' && event.from === 'client').map((event) => event.detail?.stream);
const connectionsOpened = (events: ReportEvent[]): number => events.filter((event) => event.layer === 'tcp' && event.from === 'client' && event.name === 'SYN').length;

describe('apigw-sim simulate over HTTP/2', () => {
  it('--multiplex 4 sends four requests as streams 1, 3, 5 and 7 of one connection, each answered', () => {
    const events = simulate('--client', 'curl', '--multiplex', '4');
    assert.deepEqual(requestStreams(events), [1, 3, 5, 7]);
    assert.equal(connectionsOpened(events), 1);
    const answered = events.filter((event) => event.kind === 'http.response' && event.to === 'client').map((event) => event.detail?.stream);
    assert.deepEqual([...answered].sort(), [1, 3, 5, 7]);
    // All four leave before the first answer arrives: concurrent, not one after another.
    const firstAnswer = events.findIndex((event) => event.kind === 'http.response' && event.to === 'client');
    assert.equal(requestStreams(events.slice(0, firstAnswer)).length, 4);
  });

  it('without --multiplex a series of four goes one stream after another, each after the previous answer', () => {
    const events = simulate('--client', 'curl', '--scenario', 'series', '--requests', '4');
    assert.deepEqual(requestStreams(events), [1, 3, 5, 7]);
    const firstAnswer = events.findIndex((event) => event.kind === 'http.response' && event.to === 'client');
    assert.equal(requestStreams(events.slice(0, firstAnswer)).length, 1);
  });

  it('--idle-close shorter than --interval: the gateway sends GOAWAY and the next request opens a second connection', () => {
    const events = simulate('--client', 'curl', '--scenario', 'series', '--requests', '2', '--interval', '5000', '--idle-close', '1000');
    const goaway = events.findIndex((event) => event.kind === 'http.h2_goaway');
    assert.ok(goaway > 0, 'a GOAWAY frame');
    assert.equal(events[goaway].from, 'gateway');
    assert.equal(events[goaway].detail?.stream, 0, 'GOAWAY is a connection frame (RFC 9113 §6.8)');
    assert.equal(connectionsOpened(events), 2);
    // The second request is stream 1 of the new connection, sent after the GOAWAY.
    assert.deepEqual(requestStreams(events), [1, 1]);
    const secondRequest = events.map((event) => event.kind === 'http.request' && event.from === 'client').lastIndexOf(true);
    assert.ok(secondRequest > goaway);
  });

  it('--idle-close longer than --interval keeps the one connection', () => {
    const events = simulate('--client', 'curl', '--scenario', 'series', '--requests', '2', '--interval', '500', '--idle-close', '1000');
    assert.equal(events.filter((event) => event.kind === 'http.h2_goaway').length, 0);
    assert.equal(connectionsOpened(events), 1);
    assert.deepEqual(requestStreams(events), [1, 3]);
  });

  it('refuses --multiplex beyond the gateway\'s 128 concurrent streams, and one that contradicts --requests', () => {
    const tooMany = run(['simulate', SHOP, ...ROUTE, '--multiplex', '129']);
    assert.equal(tooMany.exitCode, 2);
    assert.match(tooMany.output, /--multiplex/);
    const contradicting = run(['simulate', SHOP, ...ROUTE, '--multiplex', '3', '--requests', '5']);
    assert.equal(contradicting.exitCode, 2);
    assert.match(contradicting.output, /--requests 5/);
  });

  it('refuses the flags where they would do nothing, or draw what a client does not do', () => {
    const refused = (args: string[], pattern: RegExp): void => {
      const result = run(['simulate', SHOP, ...args]);
      assert.equal(result.exitCode, 2, `${args.join(' ')}: ${result.output}`);
      assert.match(result.output, pattern);
    };
    refused([...ROUTE, '--multiplex', '3', '--http', '1.1'], /--multiplex is about HTTP\/2 streams/);
    refused([...ROUTE, '--idle-close', '100', '--http', '1.1'], /--idle-close is about HTTP\/2 streams/);
    // The node profile offers no h2 by ALPN, so its requests would go one after another.
    refused([...ROUTE, '--multiplex', '3', '--client', 'node'], /--multiplex needs HTTP\/2, and this client spoke HTTP\/1\.1/);
    // A browser's JSON POST waits on a preflight, which concurrent streams would skip.
    refused(['--api', 'shop-orders', '--route', 'POST /orders', '--multiplex', '3', '--client', 'browser'], /multiplex: expected a client without a CORS check/);
    refused(['--scenario', 'page', '--requests', '3'], /--scenario page decides its own requests and connections; --requests would do nothing/);
  });
});
