import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Report } from '../../../simulator/trace/report';

/*
 * The CLI's critical path: a line per request after the DevTools timing table, and the same
 * in the JSON report. The time to first byte it must print is measured from the report's own
 * events (the POST's answer reaching the client, from the page's first DNS query).
 */

/** Compiled tests live in out/test/simulator/cli: the bundle is out/cli.js, the repository root four levels up. */
const CLI = join(__dirname, '..', '..', '..', 'cli.js');
const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'template.yaml');
const POST_ORDERS = ['simulate', SHOP, '--api', 'shop-orders', '--route', 'POST /orders', '--client', 'browser'];

function cli(args: readonly string[]): string {
  return execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
}

/** The POST's time to first byte from the report's events: its 200's arrival at the client minus the first event's send. */
function measuredTtfb(report: Report): number {
  const answer = report.events.find((event) => event.to === 'client' && event.kind === 'http.response' && event.status === 200);
  assert.ok(answer, 'the POST is answered');
  return answer.arrival - report.events[0].t;
}

describe('apigw-sim critical path', () => {
  it('prints each request\'s critical path after the timing table, the preflight in the POST\'s, and what to fix first', () => {
    const report = JSON.parse(cli([...POST_ORDERS, '--format', 'json'])) as Report;
    const text = cli(POST_ORDERS);
    const lines = text.split('\n');
    const heading = lines.findIndex((line) => line.startsWith('Critical path'));
    assert.ok(heading > lines.findIndex((line) => line.startsWith('request (DevTools timing')), 'after the timing table');
    const post = lines.slice(heading).find((line) => line.trim().startsWith('POST /orders #1:'));
    assert.ok(post, text);
    const match = /TTFB ([\d.]+) ms = (.*); largest: (.+?) \((\d+)%\)$/.exec(post);
    assert.ok(match, post);
    assert.ok(Math.abs(Number(match[1]) - measuredTtfb(report)) < 0.05, `${match[1]} ms`);
    const terms = match[2].split(' + ').map((term) => /^(.+) ([\d.]+)$/.exec(term)!);
    // The preflight opened the connection: its setup is shared, what DevTools counts as the POST's Stalled.
    assert.deepEqual(terms.slice(0, 4).map((term) => term[1]), ['DNS (shared)', 'TCP (shared)', 'TLS (shared)', 'preflight']);
    // Rounded to a tenth each: they add up to the TTFB within half a tenth per term.
    const sum = terms.reduce((total, term) => total + Number(term[2]), 0);
    assert.ok(Math.abs(sum - Number(match[1])) <= 0.05 * terms.length, `${sum} vs ${match[1]}`);
    const largest = terms.reduce((best, term) => (Number(term[2]) > Number(best[2]) ? term : best));
    assert.equal(match[3], largest[1]);
    assert.ok(lines.slice(heading).some((line) => line.trim().startsWith('OPTIONS /orders (preflight) #1: TTFB')), 'the preflight has its own line');
  });

  it('writes each request\'s critical path in the JSON report, its segments adding up to the TTFB measured from its events', () => {
    const report = JSON.parse(cli([...POST_ORDERS, '--format', 'json'])) as Report;
    const post = report.criticalPaths.find((path) => path.request === 'POST /orders #1');
    assert.ok(post);
    assert.ok(Math.abs(post.ttfbMs - measuredTtfb(report)) < 1e-9);
    assert.ok(Math.abs(post.segments.reduce((total, segment) => total + segment.ms, 0) - post.ttfbMs) < 1e-9);
    for (const segment of post.segments) for (const id of segment.events) assert.ok(report.events[id], `event ${id} is in the report`);
    assert.ok(post.segments.some((segment) => segment.kind === 'preflight'));
    // The preflight opened the connection the POST went on: its setup is marked shared.
    assert.deepEqual(post.segments.filter((segment) => segment.shared).map((segment) => segment.kind), ['dns', 'tcp', 'tls']);
  });
});
