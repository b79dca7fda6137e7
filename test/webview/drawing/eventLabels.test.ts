import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Layer } from '../../../simulator/trace/trace';
import { LAYERS } from '../../../webview/drawing/layers';
import { eventLabel, payloadPreview, readableName } from '../../../webview/drawing/eventLabels';
import { layoutSequence, type SequenceItem } from '../../../webview/drawing/sequenceLayout';
import { orderStatusTrace } from '../traces';

const ALL_LAYERS: ReadonlySet<Layer> = new Set(LAYERS);

function itemOf(items: readonly SequenceItem[], eventId: number): SequenceItem {
  const found = items.find((item) => item.key === `e${eventId}`);
  assert.ok(found, `an item for event ${eventId}`);
  return found;
}

describe('sequence labels', () => {
  it('shows what each pushed order status says on its WebSocket frame, not only its size', () => {
    const trace = orderStatusTrace();
    const layout = layoutSequence(trace, { timeScale: 'compact', layers: ALL_LAYERS, width: 900 });
    const pushed = trace.events.filter((event) => event.layer === 'ws' && event.detail?.pushed === true);
    assert.equal(pushed.length, 3);
    const labels = pushed.map((event) => itemOf(layout.items, event.id).label);
    assert.deepEqual(labels, ['“o-1001 packed” · 40 B', '“o-1001 shipped DHL” · 57 B', '“o-1001 delivered” · 43 B']);
    // The accessible label keeps the frame's kind and its whole text.
    assert.match(itemOf(layout.items, pushed[0].id).ariaLabel, /WebSocket text frame, 40 bytes .*, text \{"orderId":"o-1001","status":"packed"\}$/);
    // Frames without text keep their names.
    const ping = trace.events.find((event) => event.name === 'ping frame');
    assert.ok(ping);
    assert.equal(itemOf(layout.items, ping.id).label, 'ping frame · 15 B');
  });

  it('cuts a long preview to the room over its arrow, with an ellipsis', () => {
    const trace = orderStatusTrace();
    const narrow = layoutSequence(trace, { timeScale: 'proportional', layers: ALL_LAYERS, width: 300, minColumnSpacing: 60 });
    const shipped = trace.events.find((event) => event.detail?.text === '{"orderId":"o-1001","status":"shipped","carrier":"DHL"}');
    assert.ok(shipped);
    const label = itemOf(narrow.items, shipped.id).label;
    assert.ok(label.startsWith('“o-1001') && label.endsWith('…'), label);
    assert.ok(label.length < eventLabel(shipped).length);
  });

  it('reads the @connections request with @ instead of %40, in the label and the accessible label', () => {
    const trace = orderStatusTrace();
    const post = trace.events.find((event) => event.name.startsWith('POST ') && event.name.includes('%40connections'));
    assert.ok(post, 'the trace keeps the encoded target');
    const connectionId = trace.events.find((event) => event.name.startsWith('@connections: send to '))!.name.slice('@connections: send to '.length);
    // A path segment may hold + and = as they are (RFC 3986 §3.3 pchar); a / of the base64 id stays %2F.
    const shown = encodeURIComponent(connectionId).replace(/%2B/g, '+').replace(/%3D/g, '=');
    const layout = layoutSequence(trace, { timeScale: 'compact', layers: ALL_LAYERS, width: 4000 });
    const item = itemOf(layout.items, post.id);
    assert.equal(item.label.replace(/ · \d+ B$/, ''), `POST /production/@connections/${shown}`);
    assert.ok(item.ariaLabel.includes(`HTTP POST /production/@connections/${shown}`), item.ariaLabel);
    assert.ok(!item.ariaLabel.includes('%40'));
  });

  it('decodes only what a path may hold as it is, and nothing after the query', () => {
    assert.equal(readableName('POST /prod/%40connections/abc%2Bdef%3D'), 'POST /prod/@connections/abc+def=');
    // A slash, a space, a question mark or a percent sign would change what the path says: they stay encoded.
    assert.equal(readableName('GET /a%2Fb%20c%3Fd%25e'), 'GET /a%2Fb%20c%3Fd%25e');
    assert.equal(readableName('GET /search?q=%40me'), 'GET /search?q=%40me');
    // Only request targets: other words are left alone.
    assert.equal(readableName('100%40 done'), '100%40 done');
  });

  it('leaves a name without percent-encoding as it is, paths and all', () => {
    for (const name of ['GET /orders/o-1001', 'POST /production/@connections/IkS+neaawqL=', 'DNS query A f6g7h8i9j0.execute-api.us-east-1.amazonaws.com', 'GET /a b?c=d#e', '']) {
      assert.equal(readableName(name), name);
    }
    // The first percent sign anywhere turns decoding on for the request targets only.
    assert.equal(readableName('GET /a%40b 50%'), 'GET /a@b 50%');
  });

  it('previews a JSON object by its values and other text as it is', () => {
    assert.equal(payloadPreview('{"action":"subscribe","orderId":"o-1001"}'), 'subscribe o-1001');
    assert.equal(payloadPreview('{"items":[1,2],"total":3,"address":{"city":"Oslo"},"paid":true}'), '[…] 3 {…} true');
    assert.equal(payloadPreview('hello\n  world'), 'hello world');
    assert.equal(payloadPreview('[1,2,3]'), '[1,2,3]');
    assert.equal(payloadPreview('{}'), '{}');
  });
});
