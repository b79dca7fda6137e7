import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import { compareConnections } from '../../../simulator/fidelity/connectionComparison';
import { flagNames, type ConnectionView } from '../../../simulator/fidelity/connectionView';
import { harnessConditions, rowScenario, type FidelityRow } from '../../../simulator/fidelity/fidelityRows';
import { compareRow, modelConnections } from '../../../simulator/fidelity/harnessRow';
import { MUTATIONS } from '../../../simulator/fidelity/modelMutations';
import { evaluateMutation, formatMutations, type MeasuredRow } from '../../../simulator/fidelity/mutationRun';

/*
 * The harness's reading and comparing, without a real client: the model's own pcapng export as
 * tshark reads it must agree with the trace it came from (tshark is the independent reader),
 * and the comparison must name a change as a difference and an identical view as none. tshark
 * is required: without it these tests fail (CI installs it: .ci/install-test-packages.sh).
 */

const model = readConfig(resolve(__dirname, '../../../../examples/shop/template.yaml')).model;
const CHAIN = [1488, 1122, 1174, 1145];

function modelRow(row: FidelityRow): { views: ConnectionView[]; trace: ReturnType<ReturnType<typeof rowScenario>['model']> } {
  const trace = rowScenario(model, row.api).model(harnessConditions(row, CHAIN, 1500));
  return { views: modelConnections(trace), trace };
}

describe('the harness reads the model\'s export as tshark does', () => {
  it('node × REST × TLS 1.3: every TCP packet of the trace, with its size and flags, and one HTTP/1.1 request and response', () => {
    const { views, trace } = modelRow({ profile: 'node', api: 'REST', tlsVersion: '1.3' });
    assert.equal(views.length, 1);
    const tcp = trace.packets.filter((packet) => packet.protocol !== 'udp');
    assert.deepEqual(views[0].packets.map((packet) => packet.ipBytes), tcp.map((packet) => packet.ipBytes));
    assert.deepEqual(views[0].packets.map((packet) => packet.flags.split(',').sort().join()), tcp.map((packet) => (packet.flags ?? '').split(',').map((flag) => flag.trim()).filter(Boolean).sort().join()));
    assert.deepEqual(views[0].http.map((message) => `${message.from} ${message.startLine}`), ['client GET /prod/products/123 HTTP/1.1', 'server HTTP/1.1 200 OK']);
    // The ClientHello is the client's first record; TLS 1.3 encrypts the server's flight after ServerHello (outer type 23).
    assert.deepEqual(views[0].records[0].handshakeTypes, [1]);
    assert.ok(views[0].clientHelloAt !== undefined && views[0].firstResponseAt! > views[0].clientHelloAt);
  });

  it('browser × HTTP × TLS 1.3: HTTP/2 frames read through HPACK, the request HEADERS with its method', () => {
    const { views } = modelRow({ profile: 'browser', api: 'HTTP', tlsVersion: '1.3' });
    const requestHeaders = views[0].http2.filter((frame) => frame.from === 'client' && frame.type === 1);
    assert.ok(requestHeaders.length >= 1);
    assert.equal(requestHeaders.at(-1)!.method, 'GET');
    assert.equal(views[0].http.length, 0, 'nothing read as HTTP/1.1');
  });

  it('reads TCP flags from tshark\'s hex', () => {
    assert.equal(flagNames('0x0012'), 'SYN,ACK');
    assert.equal(flagNames('0x0018'), 'PSH,ACK');
    assert.equal(flagNames('0x0011'), 'FIN,ACK');
  });
});

describe('the comparison', () => {
  const { views } = modelRow({ profile: 'node', api: 'WebSocket', tlsVersion: '1.3' });

  it('names no difference between a view and itself', () => {
    assert.deepEqual(compareRow(views, views).differences, []);
  });

  it('names the same packets sent in another order by their order, not by two equal summaries', () => {
    const client = views[0].packets.map((packet, index) => ({ packet, index })).filter(({ packet }) => packet.from === 'client');
    // The client's first pure ACK after a data segment, moved before that segment.
    const at = client.findIndex(({ packet }, position) => position > 0 && packet.payloadBytes === 0 && client[position - 1].packet.payloadBytes > 0);
    const [data, ack] = [client[at - 1], client[at]];
    const packets = views[0].packets.map((packet, index) => (index === data.index ? ack.packet : index === ack.index ? data.packet : packet));
    const [difference] = compareConnections({ ...views[0], packets }, views[0]).differences;
    const order = (list: typeof packets): string => list.filter((packet) => packet.from === 'client').map((packet) => (packet.payloadBytes > 0 ? String(packet.payloadBytes) : 'ack')).join(' ');
    assert.equal(difference, `client packets: the same ${client.length} packets in another order: model ${order(packets)}, real ${order(views[0].packets)}`);
  });

  it('names a larger ClientHello, unmasked frames and a missing connection in words', () => {
    const larger = MUTATIONS.find((mutation) => mutation.name === 'a ClientHello 10% larger')!.transform!(views);
    const [hello] = compareConnections(larger[0], views[0]).differences.filter((difference) => difference.startsWith('client TLS records #1'));
    const length = views[0].records[0].length;
    assert.equal(hello, `client TLS records #1: model ClientHello ${length + Math.round(length * 0.1)} B, real ClientHello ${length} B`);
    const unmasked = MUTATIONS.find((mutation) => mutation.name === 'client frames unmasked')!.transform!(views);
    assert.ok(compareConnections(unmasked[0], views[0]).differences.some((difference) => /^client WebSocket frames #1: model text unmasked \d+ B, real text masked \d+ B$/.test(difference)));
    assert.equal(compareRow([...views, ...views], views).differences[0], 'connections: model 2, real 1');
  });

  it('aligns Chromium\'s random ECH GREASE size before comparing, and still names any other difference in its hello', () => {
    const row: FidelityRow = { profile: 'browser', api: 'REST', tlsVersion: '1.3' };
    const runs = [1, 2, 3, 4, 5, 6].map((seed) => modelConnections(rowScenario(model, row.api).model({ ...harnessConditions(row, CHAIN, 1500), seed }))[0]);
    const echOf = (view: ConnectionView): number => view.records.find((record) => record.handshakeTypes.includes(1))!.echLength!;
    const [a, b] = [runs[0], runs.find((view) => echOf(view) !== echOf(runs[0]))!];
    assert.ok(b, 'two seeds drew different ECH GREASE sizes');
    // tshark read the extension from the exported hello: 4 + 8 bytes of header fields, the 32-byte enc, and one of BoringSSL's four payloads.
    for (const view of [a, b]) assert.ok([144, 176, 208, 240].includes(echOf(view) - 42), `ECH extension of ${echOf(view)} B`);
    const aligned = compareConnections(a, b);
    assert.deepEqual(aligned.differences.filter((difference) => /ClientHello|client packets/.test(difference)), []);
    assert.match(aligned.notes[0], new RegExp(`model drew a ${echOf(a)}-byte extension, Chromium sent ${echOf(b)}`));
    const larger = MUTATIONS.find((mutation) => mutation.name === 'a ClientHello 10% larger')!.transform!([a])[0];
    assert.ok(compareConnections(larger, b).differences.some((difference) => difference.startsWith('client TLS records #1: model ClientHello')));
  });

  it('holds the time from ClientHello to the first response to 10%', () => {
    const slower = { ...views[0], firstResponseAt: views[0].clientHelloAt! + (views[0].firstResponseAt! - views[0].clientHelloAt!) * 1.2 };
    assert.ok(compareConnections(slower, views[0]).differences.some((difference) => difference.startsWith('ClientHello to first response: model')));
    const close = { ...views[0], firstResponseAt: views[0].clientHelloAt! + (views[0].firstResponseAt! - views[0].clientHelloAt!) * 1.05 };
    assert.deepEqual(compareConnections(close, views[0]).differences, []);
  });
});

describe('the mutation run', () => {
  const { views } = modelRow({ profile: 'node', api: 'WebSocket', tlsVersion: '1.3' });
  const row: MeasuredRow = { name: 'node × WebSocket × TLS 1.3', real: views, baseline: views, baselineComparison: compareRow(views, views), remodel: () => views };

  it('catches a mutation that changes what the harness compares, and misses one that changes what it does not', () => {
    const larger = evaluateMutation(MUTATIONS.find((mutation) => mutation.name === 'a ClientHello 10% larger')!, [row]);
    assert.equal(larger.caught, true);
    // A packet 1 ms later: times are compared only as ClientHello to first response, within 10%.
    const invisible = evaluateMutation({ name: 'a pure ACK 1 ms later', transform: (mutated) => mutated.map((view) => ({ ...view, packets: view.packets.map((packet, index) => (index === view.packets.length - 1 ? { ...packet, time: packet.time + 1 } : packet)) })) }, [row]);
    assert.deepEqual(invisible.rows.map((outcome) => outcome.verdict), ['missed']);
    assert.equal(invisible.caught, false);
    const none = evaluateMutation({ name: 'nothing', transform: (same) => same }, [row]);
    assert.deepEqual(none.rows.map((outcome) => outcome.verdict), ['unchanged']);
    assert.equal(none.caught, false, 'a mutation that changes no row is not counted as caught');
    assert.equal(formatMutations([larger, invisible, none]).split('\n').at(-1), 'mutations caught: 1/3');
  });

  it('does not count a nudge of a time already out of tolerance as caught, and counts one that brings it within', () => {
    const timeToFirstResponse = views[0].firstResponseAt! - views[0].clientHelloAt!;
    const later = (view: ConnectionView, ms: number): ConnectionView => ({ ...view, firstResponseAt: view.firstResponseAt! + ms });
    // The real run 50% slower than the model: the baseline already names the time.
    const real = [later(views[0], timeToFirstResponse / 2)];
    const slow: MeasuredRow = { name: 'slow real run', real, baseline: views, baselineComparison: compareRow(views, real), remodel: () => views };
    assert.equal(slow.baselineComparison.differences.length, 1);
    const nudged = evaluateMutation({ name: 'first response 1 ms later', transform: (mutated) => mutated.map((view) => later(view, 1)) }, [slow]);
    assert.deepEqual(nudged.rows.map((outcome) => outcome.verdict), ['missed'], 'the time still differs: the same difference, another number');
    const within = evaluateMutation({ name: 'first response as late as the real one', transform: (mutated) => mutated.map((view) => later(view, timeToFirstResponse / 2)) }, [slow]);
    assert.deepEqual(within.rows.map((outcome) => [outcome.verdict, outcome.goneDifferences.length]), [['caught', 1]]);
    // Moved further than the harness tolerates, the other way: still out of tolerance, but a change it sees.
    const faster = evaluateMutation({ name: 'first response 20% of the real time earlier', transform: (mutated) => mutated.map((view) => later(view, -0.3 * timeToFirstResponse)) }, [slow]);
    assert.deepEqual(faster.rows.map((outcome) => outcome.verdict), ['caught']);
    assert.match(faster.rows[0].newDifferences[0], /^ClientHello to first response: model [\d.]+ -> [\d.]+ ms, more than 10% of the real/);
  });
});

describe('the relay\'s reset leg', () => {
  const row: FidelityRow = { profile: 'node', api: 'REST', tlsVersion: '1.3' };
  const [view] = modelRow(row).views;
  const clientResets = (candidate: ConnectionView): number => candidate.packets.filter((packet) => packet.from === 'client' && packet.flags === 'RST').length;
  // What the relay lets the capture show: the client's packets up to its first RST.
  const firstReset = view.packets.findIndex((packet) => packet.from === 'client' && packet.flags === 'RST');
  const relayed: ConnectionView = { ...view, packets: view.packets.filter((packet, index) => index <= firstReset || packet.from !== 'client') };

  it('the model\'s client answers the server\'s close_notify and FIN with a RST each (its socket released)', () => {
    assert.equal(clientResets(view), 2);
  });

  it('leaves out the model\'s second RST when the real client\'s last packet is its one RST, and says so', () => {
    const compared = compareConnections(view, relayed);
    assert.deepEqual(compared.differences, []);
    assert.match(compared.notes.join('\n'), /the model's second RST .* left out/);
  });

  it('aligns nothing when the real client has as many RSTs, and names a model without its RST as a difference', () => {
    assert.deepEqual(compareConnections(view, view).notes, []);
    const withoutReset: ConnectionView = { ...view, packets: view.packets.filter((packet) => packet.flags !== 'RST') };
    assert.ok(compareConnections(withoutReset, relayed).differences.some((difference) => difference.startsWith('client packets: ')));
  });
});
