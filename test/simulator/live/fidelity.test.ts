import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import { shopFidelityScenarios } from '../../../simulator/live/fidelityScenarios';
import { formatFidelity, measureFidelity, timeToFirstByteError } from '../../../simulator/live/fidelityReport';
import { runLive } from '../../../simulator/live/liveRun';

/*
 * The fidelity targets, asserted on the scenarios `npm run fidelity` prints: each one run
 * through the model and for real on 127.0.0.1 (node:https / ws client, node:tls gateway
 * emulator, 20 ms injected one-way delay). HTTP and WebSocket bytes exact, TLS records
 * within 2%, round trips exact, time to first byte within 10% of the measured value (the
 * fastest of 7 runs, less the delay relay's own timer lateness: see fidelityReport.ts).
 */

const scenarios = shopFidelityScenarios(resolve(__dirname, '../../../../examples/shop/template.yaml'));

/** Sockets, servers and timers the process holds (stdout pipes and the like excluded). */
function networkHandles(): string[] {
  return process.getActiveResourcesInfo().filter((name) => /TCP|Timeout|TLS/.test(name));
}

describe('live runs against the model at 20 ms one-way delay', () => {
  let handlesBefore: number;
  before(async () => {
    handlesBefore = networkHandles().length;
    // Node compiles https, tls and ws on first use; an untimed run keeps that out of the figures.
    await runLive(scenarios[0]);
  });

  for (const scenario of scenarios) {
    it(`${scenario.name}: bytes, round trips and time to first byte meet the targets`, async () => {
      const outcome = await measureFidelity(scenario, 7);
      const { comparison, listeners, openSocketsAfterClose } = outcome.result;
      for (const message of comparison.messages) {
        assert.ok(message.modelBytes !== undefined && message.liveBytes !== undefined, `${message.layer} ${message.direction} ${message.name}: only on one side (${comparison.differences.join('; ')})`);
        const error = Math.abs(message.modelBytes - message.liveBytes) / message.liveBytes;
        if (message.layer === 'tls') assert.ok(error <= 0.02, `${message.name}: modelled ${message.modelBytes} B, measured ${message.liveBytes} B`);
        else assert.equal(message.modelBytes, message.liveBytes, `${message.layer} ${message.direction} ${message.name}`);
      }
      assert.ok(comparison.messages.some((message) => message.layer === 'http'), 'the comparison covers HTTP messages');
      assert.ok(comparison.exchanges.length > 0, 'the live run has exchanges');
      for (const exchange of comparison.exchanges) assert.equal(exchange.liveRoundTrips, exchange.modelRoundTrips, `${exchange.name}: round trips`);
      assert.ok(Math.abs(timeToFirstByteError(outcome)) <= 0.1, `time to first byte: ${formatFidelity([outcome]).split('\n').filter((line) => line.includes('time to first byte') || line.includes('fastest')).join(' ')}`);
      assert.ok(listeners.length === 2 && listeners.every((address) => address.address === '127.0.0.1' && address.port > 0), `listeners: ${JSON.stringify(listeners)}`);
      assert.equal(openSocketsAfterClose, 0);
    });
  }

  it('leaves no socket, server or timer open after the runs', async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(networkHandles().length, handlesBefore, `still open: ${networkHandles().join(', ')}`);
  });
});

describe('the live trace', () => {
  it('is in the simulator trace format, with DNS marked as not measured', async () => {
    const { live, model } = await runLive(scenarios[3]);
    assert.equal(live.version, 1);
    assert.deepEqual(live.participants.map((participant) => participant.id), ['client', 'gateway']);
    assert.ok(live.events.some((event) => event.layer === 'dns' && event.detail?.measured === false));
    const response = live.events.find((event) => event.layer === 'http' && event.to === 'client')!;
    assert.equal(Buffer.from(response.payload!).toString('latin1').split('\r\n')[0], 'HTTP/1.1 200 OK');
    assert.ok(live.summary.timeToFirstByteMs > 6 * 20, 'six one-way delays at least before the first byte');
    assert.equal(model.summary.roundTrips, live.summary.roundTrips);
  });
});
