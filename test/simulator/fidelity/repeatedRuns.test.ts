import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { readConfig } from '../../../simulator/config/configFile';
import type { ConnectionView } from '../../../simulator/fidelity/connectionView';
import { harnessConditions, rowScenario } from '../../../simulator/fidelity/fidelityRows';
import { modelConnections } from '../../../simulator/fidelity/harnessRow';
import { compareWithRuns, runVariation } from '../../../simulator/fidelity/repeatedRuns';
import { formatTable } from '../../../simulator/fidelity/fidelityTable';

/*
 * A row measured several times: the real programs vary from run to run, so the model is held
 * against the run it is closest to, its time by the runs' median error (each run's real time less
 * its own model's), and the table names what
 * the runs disagreed on. The "real runs" here are the model's own views changed the way real
 * runs differ (one pure ACK more or fewer, a slower first response).
 */

const model = readConfig(resolve(__dirname, '../../../../examples/shop/template.yaml')).model;
const [views] = [modelConnections(rowScenario(model, 'REST').model(harnessConditions({ profile: 'node', tlsVersion: '1.3' }, [1488, 1122, 1174, 1145], 1500)))];

/** The view without the client's last pure ACK: a run whose ACK rode on data. */
function lessOneAck(view: ConnectionView): ConnectionView {
  const at = view.packets.map((packet) => packet.from === 'client' && packet.payloadBytes === 0 && packet.flags === 'ACK').lastIndexOf(true);
  return { ...view, packets: view.packets.filter((_packet, index) => index !== at) };
}

function slower(view: ConnectionView, ms: number): ConnectionView {
  return { ...view, firstResponseAt: view.firstResponseAt! + ms };
}

describe('a row measured several times', () => {
  const time = views[0].firstResponseAt! - views[0].clientHelloAt!;

  it('holds the model against the run it equals, not the first, and says what the runs disagreed on', () => {
    const reals = [[lessOneAck(views[0])], [views[0]], [lessOneAck(views[0])]];
    const repeated = compareWithRuns([views, views, views], reals);
    assert.equal(repeated.closest, 1);
    assert.deepEqual(repeated.comparison.differences, []);
    const clientPackets = views[0].packets.filter((packet) => packet.from === 'client').length;
    assert.equal(repeated.variation[0], `client packets ${clientPackets - 1}/${clientPackets}/${clientPackets - 1}`);
    // Held against the first run alone, the same model differs.
    assert.notDeepEqual(compareWithRuns([views], [reals[0]]).comparison.differences, []);
  });

  it('holds the time against the runs\' median, not the closest run\'s own', () => {
    // The closest run (the exact one) is 30% slower; the median of the three is the model's time.
    const reals = [[lessOneAck(views[0])], [slower(views[0], 0.3 * time)], [lessOneAck(views[0])]];
    const repeated = compareWithRuns([views, views, views], reals);
    assert.equal(repeated.closest, 1);
    assert.deepEqual(repeated.comparison.differences, []);
    assert.ok(Math.abs(repeated.realTimes[0] - time) < 1e-6);
    // Two slow runs out of three: the median is slow, and the time is named.
    const slow = compareWithRuns([views, views, views], [[slower(views[0], 0.3 * time)], [slower(views[0], 0.3 * time)], [views[0]]]);
    assert.match(slow.comparison.differences.join('\n'), /^ClientHello to first response: model [\d.]+ ms, real [\d.]+ ms \(-23%/m);
  });

  it('holds each run\'s time against its own model, each aligned to that run\'s compute: runs slow for a reason the model was told of agree', () => {
    // Two of three runs 30% slower, and their models too (a client that took longer, told to the model): no error in any run.
    const slowModel = [slower(views[0], 0.3 * time)];
    const repeated = compareWithRuns([views, slowModel, slowModel], [[views[0]], [slower(views[0], 0.3 * time)], [slower(views[0], 0.3 * time)]]);
    assert.equal(repeated.closest, 0);
    assert.deepEqual(repeated.comparison.differences, []);
    assert.ok(Math.abs(repeated.realTimes[0] - time) < 1e-6);
    // Held against the runs' median, as before the runs had models of their own, the first run's model would be named 23% fast.
    const unaligned = compareWithRuns([views, views, views], [[views[0]], [slower(views[0], 0.3 * time)], [slower(views[0], 0.3 * time)]]);
    assert.match(unaligned.comparison.differences.join('\n'), /\(-23%/);
  });

  it('prefers a run with as many connections as the model to one that compares less, and leaves a run without a time out of the median', () => {
    // A run that captured no connection names one difference (the count), as many as a complete run one ACK short.
    const repeated = compareWithRuns([views, views], [[], [lessOneAck(views[0])]]);
    assert.equal(repeated.closest, 1);
    const noResponse: ConnectionView = { ...views[0] };
    delete noResponse.firstResponseAt;
    const timed = compareWithRuns([views, views, views], [[noResponse], [slower(views[0], 0.3 * time)], [views[0]]]);
    // The median of the two runs that have a time, whatever the order of the runs.
    assert.ok(Math.abs(timed.realTimes[0] - 1.15 * time) < 1e-6, `median ${timed.realTimes[0]}`);
    const reordered = compareWithRuns([views, views, views], [[slower(views[0], 0.3 * time)], [views[0]], [noResponse]]);
    assert.ok(Math.abs(reordered.realTimes[0] - 1.15 * time) < 1e-6);
  });

  it('names a packet order that varied when no count did, and nothing but the time for one run', () => {
    const client = views[0].packets.map((packet, index) => ({ packet, index })).filter(({ packet }) => packet.from === 'client');
    const at = client.findIndex(({ packet }, position) => position > 0 && packet.payloadBytes === 0 && client[position - 1].packet.payloadBytes > 0);
    const swapped = views[0].packets.map((packet, index) => (index === client[at - 1].index ? client[at].packet : index === client[at].index ? client[at - 1].packet : packet));
    assert.deepEqual(runVariation([[views[0]], [{ ...views[0], packets: swapped }]]).slice(0, 1), ['packet order']);
    assert.deepEqual(runVariation([[views[0]]]), []);
  });

  it('prints the runs in the table, with what a row agreeing means', () => {
    const repeated = compareWithRuns([views, views], [[lessOneAck(views[0])], [views[0]]]);
    assert.deepEqual(repeated.differencesPerRun, [1, 0]);
    const table = formatTable([{ name: 'node × REST × TLS 1.3', comparison: repeated.comparison, runs: { count: 2, closest: repeated.closest, variation: repeated.variation, differencesPerRun: repeated.differencesPerRun } }], 'Fidelity');
    assert.match(table, /real runs: 2; the model held against run 2, the closest \(exact differences from each run: 1\/0\)/);
    assert.match(table, /the runs varied: client packets \d+\/\d+; client IP bytes \d+\/\d+; ClientHello to first response [\d.]+\/[\d.]+ ms/);
    assert.match(table, /rows agreeing: 1\/1 measured/);
    assert.match(table, /a row agrees when the model equals one of its 2 real runs in every exact measure/);
  });
});
