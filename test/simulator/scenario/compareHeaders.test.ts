import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { run } from '../../../simulator/cli/main';
import { apiHost } from '../../../simulator/model/gateway';
import { HpackDecoder } from '../../../simulator/net/http2/hpack/decoder';
import { HpackEncoder } from '../../../simulator/net/http2/hpack/encoder';
import { compareApiTypes, referenceModel } from '../../../simulator/scenario/compare';
import { runScenario } from '../../../simulator/scenario/registry';
import { fillerBody } from '../../../simulator/scenario/topology';
import { workload } from '../../../simulator/scenario/workloads';
import { httpMessageSize } from '../../../simulator/trace/httpMessage';

/*
 * The header rule of thumb ("~500 bytes of headers per request vs ~2 bytes per WebSocket frame")
 * must state what HPACK makes of a later request on a kept-alive h2 connection. The expected h2
 * figures are rebuilt here from the header lists the browser sent: decoded from the trace's
 * HEADERS frames (HpackDecoder), then encoded again in order by a fresh Chromium-style
 * HpackEncoder (whose output test/simulator/net/http2 checks against nghttp2 and Chromium), so
 * a later block shrinks only as far as RFC 7541's dynamic table lets it.
 */

/** The h2 request overhead, first and later request, of the reference HTTP API under the compare's conditions, from the HPACK encoder. */
function hpackFigures(requestBytes: number): { first: number; later: number } {
  const model = referenceModel();
  const api = model.apis.find((candidate) => candidate.type === 'HTTP')!;
  const body = Buffer.from(fillerBody(requestBytes)).toString('latin1');
  const { trace } = runScenario(model, { apiId: api.id, routeKey: 'POST /items' }, 'series', {
    dnsCache: 'hit', clientProfile: 'browser', requests: 2, keepAlive: true, requestBody: body, origin: `https://${apiHost(api)}`, httpVersion: '2',
  });
  const heads = trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client');
  assert.equal(heads.length, 2);
  const decoder = new HpackDecoder();
  const encoder = new HpackEncoder({ style: 'chromium' });
  const [first, later] = heads.map((head) => {
    assert.equal(head.detail?.httpVersion, '2');
    assert.doesNotMatch(String(head.detail?.flags), /PADDED/);
    const blockBytes = Number(head.detail?.headerBlockBytes);
    const block = head.payload!.subarray(head.payload!.length - blockBytes);
    const encoded = encoder.encode(decoder.decode(block));
    // The message's frames (HEADERS, and DATA's frame headers) less the body, with the block as the encoder writes it.
    return httpMessageSize(trace.events, head).bytes - Buffer.byteLength(body) - blockBytes + encoded.length;
  });
  return { first, later };
}

describe('compare: the header rule of thumb under HTTP/1.1 and h2', () => {
  const shop = compareApiTypes(workload('shop'));
  const [, http] = shop.results;
  const rule = shop.rules.find((candidate) => candidate.rule.startsWith('An HTTP request carries ~500 bytes'))!;
  const expected = hpackFigures(workload('shop').requestBytes);

  it('measures the HTTP API\'s h2 request headers as HPACK encodes them: the later request a fraction of the first', () => {
    assert.deepEqual(http.requestHeaderBytes?.http2, expected);
    assert.ok(expected.later < expected.first / 4, JSON.stringify(expected));
  });

  it('states the h2 figures of the first and a later request in the rule\'s finding, beside HTTP/1.1\'s', () => {
    const http1 = http.requestHeaderBytes!.http1;
    assert.match(rule.finding, new RegExp(`HTTP API: ${http1.first} B of headers on every request over HTTP/1\\.1; over HTTP/2 on one kept-alive connection, ${expected.first} B on the first request and ${expected.later} B on each later one \\(HPACK\\)`));
    // The browser speaks h2, so its later request is the HPACK figure, far from ~500 B: the rule does not hold for it.
    assert.match(rule.finding, new RegExp(`This client's later request: ${expected.later} B\\.`));
    assert.equal(rule.holds, false);
  });

  it('prints the same finding and figures in the CLI\'s compare output', () => {
    const { output, exitCode } = run(['compare', '--workload', 'shop']);
    assert.equal(exitCode, 0);
    assert.ok(output.includes(rule.finding), 'the finding as the simulator wrote it');
    const row = output.split('\n').find((line) => /^HTTP\s+\d+ B/.test(line));
    assert.ok(row, output);
    assert.deepEqual(row.trim().split(/\s{2,}/), ['HTTP', `${http.requestHeaderBytes!.http1.first} B`, `${http.requestHeaderBytes!.http1.later} B`, `${expected.first} B`, `${expected.later} B`]);
  });
});
