import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { criticalPathSummary } from '../../../webview/summary/criticalPathRows';
import { MAX_REQUEST_ROWS } from '../../../webview/summary/requestPhases';
import { faultTrace, orderTrace, productTrace, seriesTrace } from '../traces';

/*
 * The summary's critical path: its rows stack the path's segments from the request's start to
 * the first byte of its answer, measured here from the trace's own events, and say what to fix
 * first in words.
 */

describe('the summary\'s critical path', () => {
  it('stacks the product request\'s segments back to back up to the first byte of its answer, measured from the events', () => {
    const trace = productTrace();
    const { rows } = criticalPathSummary(trace);
    const [row] = rows;
    const answer = trace.events.find((event) => event.to === 'client' && event.kind === 'http.response')!;
    // The first request starts with the client's first DNS query: the trace's first event.
    assert.ok(Math.abs(row.timeToFirstByte - (answer.arrival - trace.events[0].time)) < 1e-9);
    assert.equal(row.segments[0].start, 0);
    row.segments.slice(1).forEach((segment, index) => assert.ok(Math.abs(segment.start - row.segments[index].end) < 1e-9, `${segment.kind} starts where ${row.segments[index].kind} ends`));
    assert.ok(Math.abs(row.segments[row.segments.length - 1].end - row.timeToFirstByte) < 1e-9);
    assert.equal(trace.events[row.eventId].kind, 'http.request');
    assert.equal(new Set(row.segments.map((segment) => segment.key)).size, row.segments.length, 'keys are unique in a row (the edge comes twice)');
  });

  it('says what to fix first: the cold start of a cold Lambda, with its share and times', () => {
    const { fixFirst, kinds } = criticalPathSummary(faultTrace('cold-start'));
    assert.match(fixFirst ?? '', /^Fix first: Lambda cold start, \d+% of GET \/prod\/products\/123 #1's time to first byte \(250\.0 ms of [\d.]+ ms\)\.$/);
    assert.ok(kinds.includes('cold-start'));
    const { rows } = criticalPathSummary(faultTrace('cold-start'));
    assert.deepEqual(rows[0].segments.filter((segment) => segment.largest).map((segment) => segment.kind), ['cold-start'], 'one segment is outlined');
  });

  it('names the JWT authorizer\'s key fetch on the order\'s path', () => {
    const { rows } = criticalPathSummary(orderTrace());
    const order = rows.find((row) => row.segments.some((segment) => segment.kind === 'authorizer'));
    assert.ok(order, rows.map((row) => row.sentence).join('\n'));
    assert.match(order.sentence, /Authorizer \d/);
  });

  it('fades the order\'s DNS, TCP and TLS, which its preflight\'s connection set up, and says so in the legend; the product request opened its own', () => {
    const order = criticalPathSummary(orderTrace());
    const post = order.rows.find((row) => row.label.startsWith('POST'))!;
    const preflight = order.rows.find((row) => row.label.startsWith('OPTIONS'))!;
    assert.deepEqual(post.segments.filter((segment) => segment.shared).map((segment) => segment.kind), ['dns', 'tcp', 'tls']);
    assert.deepEqual(preflight.segments.filter((segment) => segment.shared), []);
    assert.match(post.sentence, /DNS lookup \(shared connection\) [\d.]+ ms, TCP handshake \(shared connection\)/);
    assert.equal(order.shared, true);
    const product = criticalPathSummary(productTrace());
    assert.equal(product.shared, false);
    assert.ok(product.rows.every((row) => row.segments.every((segment) => !segment.shared)));
  });

  it('caps a long series at its first rows and counts the rest', () => {
    const { rows, more } = criticalPathSummary(seriesTrace(40));
    assert.equal(rows.length, MAX_REQUEST_ROWS);
    assert.equal(rows.length + more, 40);
    assert.ok(!rows[1].segments.some((segment) => segment.kind === 'tls'), 'a kept-alive request does no handshake');
  });
});
