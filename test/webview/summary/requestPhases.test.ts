import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_REQUEST_ROWS, requestPhaseRows } from '../../../webview/summary/requestPhases';
import { orderStatusTrace, productTrace, seriesTrace } from '../traces';

describe('the summary\'s DevTools request chart', () => {
  it('draws the product request\'s phases back to back from its start to its answer, SSL over the end of the connection', () => {
    const trace = productTrace();
    const [row] = requestPhaseRows(trace).rows;
    const drawn = row.segments.filter((segment) => segment.phase !== 'ssl');
    assert.deepEqual(drawn.map((segment) => segment.phase), ['dns', 'connect', 'wait']);
    drawn.slice(1).forEach((segment, index) => assert.ok(Math.abs(segment.start - drawn[index].end) < 1e-9, `${segment.phase} starts where ${drawn[index].phase} ends`));
    assert.ok(Math.abs(drawn[drawn.length - 1].end - trace.summary.exchanges[0].end) < 1e-9);
    const ssl = row.segments.find((segment) => segment.phase === 'ssl')!;
    const connect = drawn[1];
    assert.ok(ssl.start > connect.start && Math.abs(ssl.end - connect.end) < 1e-9, 'TLS is the end of the initial connection');
    assert.equal(trace.events[row.eventId].kind, 'http.request');
  });

  it('gives a kept-alive request only its wait, and caps a long series at its first rows', () => {
    const trace = seriesTrace(40);
    const { rows, more } = requestPhaseRows(trace);
    assert.equal(rows.length, MAX_REQUEST_ROWS);
    assert.equal(rows.length + more, 40);
    // No DNS, connect or SSL: the wait, after at most the link's time for the quick ACK of the previous answer, which the
    // client's kernel sends before the request (tcp.ts): 52 bytes at the broadband profile's 20 Mbit/s uplink, 0.02 ms.
    assert.deepEqual(rows[1].segments.filter((segment) => segment.phase !== 'stalled').map((segment) => segment.phase), ['wait']);
    for (const stalled of rows[1].segments.filter((segment) => segment.phase === 'stalled')) assert.ok(stalled.end - stalled.start <= (52 * 8) / 20e3 + 1e-9);
    assert.equal(rows[1].phases.dns, -1);
  });

  it('has a row for the WebSocket upgrade and none for the pushes', () => {
    const { rows } = requestPhaseRows(orderStatusTrace());
    assert.deepEqual(rows.map((row) => row.label), ['WebSocket upgrade']);
  });
});
