import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { simulateHttpExchange } from '../../../simulator/scenario/httpExchange';
import { simulateRouteRequest } from '../../../simulator/scenario/routeRequest';
import type { TraceEventJson, TraceJson } from '../../../simulator/trace/trace';
import { toTraceJson } from '../../../simulator/trace/traceJson';
import { layoutSequence, type GroupItem, type SequenceItem } from '../../../webview/drawing/sequenceLayout';
import { toSequenceSvg } from '../../../webview/drawing/sequenceSvg';
import { findStreamGroups } from '../../../webview/drawing/streamGroups';
import { hitArea } from '../../../webview/sequence/hitTest';
import { withGroupToggled } from '../../../webview/state';
import { sequenceOptions as options } from '../sequenceOptions';
import { productTrace, seriesTrace, vpcLinkTrace } from '../traces';

/*
 * HTTP/2 frames grouped per stream in the sequence diagram, on real simulated traces. What a
 * group must hold is read from the frames themselves, not from the grouping: RFC 9113 §5.1.1
 * gives every frame the id of its stream (0 for the connection), per connection, so the expected
 * groups are the distinct (connection, stream id) pairs of the trace's HTTP/2 frames.
 */

const ROOT = join(__dirname, '..', '..', '..', '..');
const model = modelFromJson(readFileSync(join(ROOT, 'examples', 'shop', 'gateway.json'), 'utf8'), 'examples/shop/gateway.json');

const isFrame = (event: TraceEventJson): boolean => event.layer === 'http' && event.detail?.httpVersion === '2';
/** The (connection, stream) of every HTTP/2 frame, as the trace records them. */
const streamOf = (event: TraceEventJson): string => `${event.connection}#${String(event.detail?.stream)}`;
const groups = (items: readonly SequenceItem[]): GroupItem[] => items.filter((item): item is GroupItem => item.kind === 'group' && item.stream !== undefined);

/**
 * A browser's series of three GETs (simple requests: no preflight) to the REST API, on a kept-alive h2 connection;
 * the REST API's responses lack Access-Control-Allow-Origin, so the browser cancels each stream after its response.
 */
const browserSeries = (): TraceJson => toTraceJson(simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}', clientProfile: 'browser', requests: 3, keepAlive: true }));

describe('HTTP/2 frames grouped per stream', () => {
  it('puts every frame of a browser series in the group of its stream id, and only there', () => {
    const trace = browserSeries();
    const frames = trace.events.filter(isFrame);
    assert.ok(frames.length > 10, 'the browser speaks h2 to the HTTP API');
    const found = findStreamGroups(trace.events);
    const expected = [...new Set(frames.map(streamOf))];
    assert.equal(found.length, expected.length);
    const seen = new Set<number>();
    for (const group of found) {
      const members = group.members.map((index) => trace.events[index]);
      assert.equal(new Set(members.map(streamOf)).size, 1, `${group.key}: one stream of one connection`);
      assert.equal(members[0].detail?.stream, group.stream);
      for (const index of group.members) {
        assert.ok(!seen.has(index), `frame ${index} in one group only`);
        seen.add(index);
      }
      // Segments partition the members, each going one way.
      assert.deepEqual(group.segments.flat(), group.members);
      for (const segment of group.segments) assert.equal(new Set(segment.map((index) => `${trace.events[index].from}>${trace.events[index].to}`)).size, 1);
    }
    assert.equal(seen.size, frames.length);
    // Streams 1, 3, 5 carry the three requests (client-initiated streams are odd, §5.1.1); 0 is the connection.
    assert.deepEqual(found.map((group) => group.stream).sort(), [0, 1, 3, 5]);
  });

  it('collapses each stream by default to its request and its response, labelled with the method, target and status', () => {
    const trace = browserSeries();
    // A wide panel: the labels are not cut to fit.
    const layout = layoutSequence(trace, options({ width: 1600 }));
    // No frame is an arrow of its own: each shows as its stream's segment.
    for (const event of trace.events.filter(isFrame)) {
      const key = layout.itemOfEvent.get(event.id);
      const item = layout.items.find((candidate) => candidate.key === key);
      assert.equal(item?.kind, 'group', `frame ${event.name} is in a collapsed group`);
      assert.ok((item as GroupItem).eventIds.includes(event.id));
    }
    const stream1 = groups(layout.items).filter((item) => item.stream === 1);
    assert.equal(stream1.length, 3, 'stream 1: a request segment, a response segment and the browser\'s RST_STREAM');
    const [request, response, cancel] = stream1;
    assert.equal(request.direction, 'right');
    assert.equal(response.direction, 'left');
    assert.equal(cancel.direction, 'right');
    assert.equal(cancel.label, '▸ stream 1 · RST_STREAM · 13 B');
    assert.ok(request.groupKey === response.groupKey && response.groupKey === cancel.groupKey, 'one toggle for the stream');
    const requestHeaders = trace.events.find((event) => event.kind === 'http.request' && event.detail?.stream === 1 && isFrame(event))!;
    const responseHeaders = trace.events.find((event) => event.kind === 'http.response' && event.detail?.stream === 1 && isFrame(event))!;
    assert.match(request.label, new RegExp(`^▸ stream 1 · ${String(requestHeaders.detail?.method)} ${String(requestHeaders.detail?.target).replace(/[/]/g, '\\/')} · (\\d+ frames, )?[\\d,]+ B`));
    assert.match(response.label, new RegExp(`^▸ stream 1 · ${String(responseHeaders.detail?.status)} · ${response.eventIds.length} frames, `));
    // Its accessible name counts its frames in words a screen reader reads out ("1 frame", "2 frames").
    for (const segment of [request, response]) assert.ok(segment.ariaLabel.includes(`: ${segment.eventIds.length} ${segment.eventIds.length === 1 ? 'frame' : 'frames'} from`), segment.ariaLabel);
    // A single frame is labelled with its size alone.
    if (request.eventIds.length === 1) assert.ok(request.label.endsWith(` · ${trace.events.find((event) => event.id === request.eventIds[0])!.bytes.toLocaleString('en-US')} B`), request.label);
    // The byte count is the frames' own (HEADERS + DATA …), summed from the trace.
    const responseBytes = response.eventIds.reduce((sum, id) => sum + trace.events.find((event) => event.id === id)!.bytes, 0);
    assert.ok(response.label.includes(`${responseBytes.toLocaleString('en-US')} B`), `${response.label} says ${responseBytes} B`);
    const connection = groups(layout.items).filter((item) => item.stream === 0);
    assert.match(connection[0].label, /^▸ connection · preface, SETTINGS, WINDOW_UPDATE · 3 frames/);
    // Far fewer rows than frames.
    assert.ok(layout.items.length < trace.events.length - trace.events.filter(isFrame).length / 2);
  });

  it('expands a stream with the group toggle: every frame an arrow under one bracket that reaches its last frame', () => {
    const trace = browserSeries();
    const collapsed = layoutSequence(trace, options());
    const segment = groups(collapsed.items).find((item) => item.stream === 3)!;
    // What a click or Enter on the segment does (sequenceView.ts toggles item.groupKey; controller.ts keeps the set).
    const expandedKeys = withGroupToggled([], segment.groupKey);
    const layout = layoutSequence(trace, options({ expanded: new Set(expandedKeys) }));
    const header = groups(layout.items).filter((item) => item.stream === 3);
    assert.equal(header.length, 1);
    assert.ok(header[0].expanded);
    assert.match(header[0].label, /^▾ stream 3 · GET \/prod\/products\/123 → 200 → RST_STREAM \(\d+ frames, [\d,]+ B\)$/);
    const frames = trace.events.filter((event) => isFrame(event) && event.detail?.stream === 3 && streamOf(event) === streamOf(trace.events.find((candidate) => candidate.id === segment.eventIds[0])!));
    const arrows = layout.items.filter((item) => item.kind === 'arrow' && item.groupKey === segment.groupKey);
    assert.deepEqual(arrows.map((item) => item.kind === 'arrow' && item.eventId), frames.map((event) => event.id));
    assert.ok(header[0].y2 >= arrows[arrows.length - 1].top, 'the bracket reaches the last frame');
    // Other streams stay collapsed; collapsing again gives the first layout back.
    assert.ok(groups(layout.items).some((item) => item.stream === 1 && !item.expanded));
    assert.deepEqual(layoutSequence(trace, options({ expanded: new Set(withGroupToggled(expandedKeys, segment.groupKey)) })), collapsed);
  });

  it('groups interleaved streams of a multiplexed connection by stream id', () => {
    const trace = toTraceJson(simulateHttpExchange({ url: 'https://api.example.com/items', clientProfile: 'browser', requests: 3, multiplex: true, responseBody: 40_000, networkOverrides: { lossRate: 0, jitterMs: 0 } }));
    const frames = trace.events.filter(isFrame);
    const ids = frames.map((event) => event.detail?.stream);
    // The trace interleaves them: a frame of another stream between two of stream 1's.
    const firstOf1 = ids.indexOf(1);
    const lastOf1 = ids.lastIndexOf(1);
    assert.ok(ids.slice(firstOf1, lastOf1).some((id) => id !== 1 && id !== 0), 'streams interleave');
    const layout = layoutSequence(trace, options());
    for (const stream of [1, 3, 5]) {
      const items = groups(layout.items).filter((item) => item.stream === stream);
      assert.ok(items.length >= 2, `stream ${stream} has a request and a response`);
      const members = items.flatMap((item) => item.eventIds);
      const expected = frames.filter((event) => event.detail?.stream === stream).map((event) => event.id);
      assert.deepEqual([...members].sort((a, b) => a - b), expected, `stream ${stream}: exactly its frames`);
      assert.equal(new Set(items.map((item) => item.groupKey)).size, 1);
    }
    // A 40,000-byte body is three DATA frames at most 16,384 bytes each (default SETTINGS_MAX_FRAME_SIZE, §6.5.2): with the HEADERS, in the response's segments.
    const responseFrames = groups(layout.items).filter((item) => item.stream === 1 && item.direction === 'left').flatMap((item) => item.eventIds);
    assert.ok(responseFrames.length >= 4, `stream 1's response: ${responseFrames.length} frames`);
  });

  it('gives a second connection\'s stream 1 its own group after a GOAWAY, which stays visible as a connection frame', () => {
    const trace = toTraceJson(simulateHttpExchange({ url: 'https://api.example.com/items', clientProfile: 'curl', requests: 2, intervalMs: 5_000, serverIdleCloseMs: 1_000, networkOverrides: { lossRate: 0, jitterMs: 0 } }));
    const layout = layoutSequence(trace, options());
    const stream1 = new Set(groups(layout.items).filter((item) => item.stream === 1).map((item) => item.groupKey));
    assert.equal(stream1.size, 2, 'stream 1 of each connection');
    const goaway = trace.events.find((event) => event.kind === 'http.h2_goaway')!;
    const shownBy = layout.items.find((item) => item.key === layout.itemOfEvent.get(goaway.id)) as GroupItem;
    assert.equal(shownBy.stream, 0);
    assert.match(shownBy.label, /connection · GOAWAY/);
  });

  it('keeps an error inside a collapsed stream visible: the segment is flagged and its label warns', () => {
    const throttled = toTraceJson(simulateRouteRequest({ model, api: 'shop-products', route: 'GET /products/{productId}', clientProfile: 'curl', faults: ['throttled'] }));
    // The simulator flags the gateway's step; a frame carrying an error (as a stream reset would) is flagged here on the 429's DATA.
    const data = throttled.events.find((event) => event.kind === 'http.h2_data' && event.detail?.stream === 1)!;
    const trace: TraceJson = { ...throttled, events: throttled.events.map((event) => (event === data ? { ...event, error: { code: 'STREAM_ERROR', message: 'test' } } : event)) };
    const failed = trace.events.filter((event) => isFrame(event) && event.error !== undefined);
    assert.equal(failed.length, 1);
    const layout = layoutSequence(trace, options());
    for (const event of failed) {
      const item = layout.items.find((candidate) => candidate.key === layout.itemOfEvent.get(event.id)) as GroupItem;
      assert.equal(item.kind, 'group');
      assert.ok(item.error);
      assert.match(item.label, /^▸ ⚠ stream \d+ · 429/);
      assert.ok(hitArea(item, (y) => y, true).shape, 'it takes the pointer like any group');
    }
  });

  it('leaves HTTP/1.1 traces as they were: the same layout with stream grouping on and off', () => {
    for (const trace of [vpcLinkTrace(), seriesTrace(6)]) {
      assert.equal(trace.events.filter(isFrame).length, 0, 'the node client speaks HTTP/1.1');
      assert.deepEqual(layoutSequence(trace, options()), layoutSequence(trace, options({ groupStreams: false })));
    }
  });

  it('shows every frame in the SVG export, each stream under its bracket and header', () => {
    const trace = productTrace();
    const svg = toSequenceSvg(trace);
    const messages = svg.match(/<g class="message[ "]/g) ?? [];
    assert.equal(messages.length, trace.events.length, 'every message drawn');
    const headers = [...svg.matchAll(/<g class="stream"><title>[^<]*<\/title><path [^>]*\/><text [^>]*>([^<]*)<\/text>/g)].map((match) => match[1]);
    const expected = new Set(trace.events.filter(isFrame).map(streamOf));
    assert.equal(headers.length, expected.size);
    assert.ok(headers.some((text) => /^stream 1 · GET \/prod\/products\/123 → 200 \(\d+ frames, [\d,]+ B\)$/.test(text)), headers.join(' | '));
  });
});
