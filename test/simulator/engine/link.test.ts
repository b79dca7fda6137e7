import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_MTU, Link, type LinkOptions } from '../../../simulator/engine/link';
import { NETWORK_PROFILES, networkProfile, type NetworkProfile } from '../../../simulator/engine/networkProfile';
import { Simulation } from '../../../simulator/engine/simulation';
import { ParameterError } from '../../../simulator/errors';

function assertClose(actual: number, expected: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${message ?? 'value'}: expected ${expected}, got ${actual}`);
}

function rejectsParameter(parameter: string, code = 'INVALID_PARAMETER'): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof ParameterError, `expected a ParameterError, got ${String(error)}`);
    assert.equal(error.parameter, parameter);
    assert.equal(error.code, code);
    assert.match(error.message, new RegExp(`^${parameter}: `));
    return true;
  };
}

/** Sends `count` packets of `bytes` at time 0 and returns which were lost. */
function lossPattern(seed: number | string, lossRate: number, count: number): boolean[] {
  const simulation = new Simulation(seed);
  const link = new Link(simulation, 'client', 'server', { latencyMs: 1, bandwidthBitsPerSecond: 1e9, lossRate });
  return Array.from({ length: count }, () => link.transmit(100, () => {}).lost);
}

describe('Link', () => {
  it('delivers a packet after its serialization (bytes * 8 / bandwidth) plus the latency', () => {
    const simulation = new Simulation();
    // 1250 bytes = 10,000 bits: 10 ms at 1 Mbit/s.
    const link = new Link(simulation, 'client', 'server', { latencyMs: 15, bandwidthBitsPerSecond: 1e6 });
    assert.equal(link.serializationMs(1250), 10);
    const arrivals: number[] = [];
    simulation.schedule(3, () => {
      const transmission = link.transmit(1250, () => arrivals.push(simulation.now));
      assert.deepEqual(transmission, { sentAt: 3, arrivesAt: 28, lost: false });
    });
    simulation.run();
    assert.deepEqual(arrivals, [28]);
  });

  it('queues back-to-back packets FIFO behind each other\'s serialization', () => {
    const simulation = new Simulation();
    const link = new Link(simulation, 'client', 'server', { latencyMs: 5, bandwidthBitsPerSecond: 8e6 });
    // At 8 Mbit/s a byte takes 1 µs: 1000 bytes 1 ms, 500 bytes 0.5 ms, 2000 bytes 2 ms.
    const arrivals: [string, number][] = [];
    const first = link.transmit(1000, () => arrivals.push(['first', simulation.now]));
    const second = link.transmit(500, () => arrivals.push(['second', simulation.now]));
    const third = link.transmit(2000, () => arrivals.push(['third', simulation.now]));
    assertClose(first.sentAt, 0, 'first sentAt');
    assertClose(first.arrivesAt, 1 + 5, 'first arrivesAt');
    assertClose(second.sentAt, 1, 'second waits for the first to be clocked out');
    assertClose(second.arrivesAt, 1.5 + 5, 'second arrivesAt');
    assertClose(third.sentAt, 1.5, 'third sentAt');
    assertClose(third.arrivesAt, 3.5 + 5, 'third arrivesAt');
    simulation.run();
    assert.deepEqual(arrivals.map(([name]) => name), ['first', 'second', 'third']);
    assertClose(arrivals[2][1], 8.5, 'third arrives at');
  });

  it('sends at once when the transmitter has gone idle', () => {
    const simulation = new Simulation();
    const link = new Link(simulation, 'client', 'server', { latencyMs: 5, bandwidthBitsPerSecond: 8e6 });
    link.transmit(1000, () => {});
    let late: { sentAt: number; arrivesAt: number } | undefined;
    simulation.schedule(100, () => {
      late = link.transmit(1000, () => {});
    });
    simulation.run();
    assert.ok(late);
    assertClose(late.sentAt, 100, 'sentAt');
    assertClose(late.arrivesAt, 106, 'arrivesAt');
  });

  it('adds jitter in [0, jitter) to each packet and never reorders packets', () => {
    const simulation = new Simulation('jitter');
    const jitterMs = 5;
    const latencyMs = 10;
    // 1000 bytes take 8 µs at 1 Gbit/s: far less than the jitter, so independent jitter would reorder.
    const link = new Link(simulation, 'client', 'server', { latencyMs, bandwidthBitsPerSecond: 1e9, jitterMs });
    const order: number[] = [];
    const extra: number[] = [];
    let lastArrival = -Infinity;
    for (let burst = 0; burst < 50; burst++) {
      simulation.scheduleAt(burst * 3, () => {
        for (let index = 0; index < 20; index++) {
          const number = burst * 20 + index;
          const transmission = link.transmit(1000, () => order.push(number));
          const withoutJitter = transmission.sentAt + link.serializationMs(1000) + latencyMs;
          const added = transmission.arrivesAt - withoutJitter;
          assert.ok(added >= -1e-9 && added < jitterMs, `packet ${number}: jitter ${added} outside [0, ${jitterMs})`);
          assert.ok(transmission.arrivesAt >= lastArrival, `packet ${number} would overtake the one before it`);
          lastArrival = transmission.arrivesAt;
          extra.push(added);
        }
      });
    }
    simulation.run();
    assert.deepEqual(order, Array.from({ length: 1000 }, (_, index) => index));
    // The jitter really varies across its range.
    assert.ok(Math.max(...extra) > jitterMs * 0.9, `largest jitter ${Math.max(...extra)}`);
    assert.ok(new Set(extra.map((value) => value.toFixed(6))).size > 100);
  });

  it('adds no jitter by default', () => {
    const simulation = new Simulation('no jitter');
    const link = new Link(simulation, 'client', 'server', { latencyMs: 10, bandwidthBitsPerSecond: 8e6 });
    for (let index = 0; index < 100; index++) {
      const transmission = link.transmit(1000, () => {});
      assertClose(transmission.arrivesAt - transmission.sentAt, 11, `packet ${index}`);
    }
  });

  it('drops every packet at lossRate 1', () => {
    const simulation = new Simulation(1);
    const link = new Link(simulation, 'client', 'server', { latencyMs: 1, bandwidthBitsPerSecond: 1e9, lossRate: 1 });
    let arrived = 0;
    for (let index = 0; index < 1000; index++) assert.equal(link.transmit(100, () => arrived++).lost, true);
    assert.equal(simulation.run(), 0);
    assert.equal(arrived, 0);
  });

  it('drops nothing at lossRate 0, the default', () => {
    for (const options of [{ lossRate: 0 }, {}]) {
      const simulation = new Simulation(1);
      const link = new Link(simulation, 'client', 'server', { latencyMs: 1, bandwidthBitsPerSecond: 1e9, ...options });
      let arrived = 0;
      for (let index = 0; index < 1000; index++) assert.equal(link.transmit(100, () => arrived++).lost, false);
      simulation.run();
      assert.equal(arrived, 1000);
    }
  });

  it('drops the same packets on every run with the same seed, and about 30% of 10,000 at lossRate 0.3', () => {
    const first = lossPattern(99, 0.3, 10_000);
    const second = lossPattern(99, 0.3, 10_000);
    assert.deepEqual(first, second);
    const lost = first.filter(Boolean).length;
    // Binomial(10,000, 0.3): standard deviation about 46, so ±300 is a very generous bound.
    assert.ok(lost > 2700 && lost < 3300, `${lost} of 10,000 lost`);
    assert.notDeepEqual(lossPattern(100, 0.3, 10_000), first, 'another seed drops other packets');
  });

  it('runs the arrival handler only for packets that were not lost', () => {
    const simulation = new Simulation(4);
    const link = new Link(simulation, 'client', 'server', { latencyMs: 1, bandwidthBitsPerSecond: 1e9, lossRate: 0.5 });
    const arrived: number[] = [];
    const delivered: number[] = [];
    for (let index = 0; index < 200; index++) {
      if (!link.transmit(100, () => arrived.push(index)).lost) delivered.push(index);
    }
    simulation.run();
    assert.deepEqual(arrived, delivered);
    assert.ok(delivered.length > 0 && delivered.length < 200);
  });

  it('keeps a link\'s loss pattern when another link is created before it', () => {
    const alone = lossPattern(3, 0.5, 64);
    const simulation = new Simulation(3);
    new Link(simulation, 'client', 'edge', { latencyMs: 1, bandwidthBitsPerSecond: 1e9, lossRate: 0.5 });
    const link = new Link(simulation, 'client', 'server', { latencyMs: 1, bandwidthBitsPerSecond: 1e9, lossRate: 0.5 });
    const withAnother = Array.from({ length: 64 }, () => link.transmit(100, () => {}).lost);
    assert.deepEqual(withAnother, alone);
  });

  it('defaults the MTU to 1500', () => {
    const link = new Link(new Simulation(), 'client', 'server', { latencyMs: 1, bandwidthBitsPerSecond: 1e9 });
    assert.equal(DEFAULT_MTU, 1500);
    assert.equal(link.mtu, 1500);
  });

  const valid: LinkOptions = { latencyMs: 10, bandwidthBitsPerSecond: 1e6 };
  const invalid: [string, Partial<LinkOptions>][] = [
    ['latencyMs', { latencyMs: -1 }],
    ['latencyMs', { latencyMs: NaN }],
    ['latencyMs', { latencyMs: Infinity }],
    ['bandwidthBitsPerSecond', { bandwidthBitsPerSecond: 0 }],
    ['bandwidthBitsPerSecond', { bandwidthBitsPerSecond: -5 }],
    ['mtu', { mtu: 100 }],
    ['mtu', { mtu: 575 }],
    ['mtu', { mtu: 65536 }],
    ['mtu', { mtu: 1500.5 }],
    ['jitterMs', { jitterMs: -0.1 }],
    ['lossRate', { lossRate: 1.5 }],
    ['lossRate', { lossRate: -0.1 }],
    ['lossRate', { lossRate: NaN }],
  ];
  for (const [parameter, options] of invalid) {
    it(`rejects ${Object.entries(options).map(([key, value]) => `${key} ${value}`).join()} with a ParameterError naming '${parameter}'`, () => {
      assert.throws(() => new Link(new Simulation(), 'client', 'server', { ...valid, ...options }), rejectsParameter(parameter));
    });
  }

  it('accepts the MTU bounds 576 and 65535', () => {
    assert.equal(new Link(new Simulation(), 'a', 'b', { ...valid, mtu: 576 }).mtu, 576);
    assert.equal(new Link(new Simulation(), 'a', 'b', { ...valid, mtu: 65535 }).mtu, 65535);
  });
});

describe('networkProfile', () => {
  it('returns the broadband profile by default', () => {
    assert.deepEqual(networkProfile(), NETWORK_PROFILES.broadband);
    assert.equal(networkProfile().name, 'broadband');
  });

  for (const name of Object.keys(NETWORK_PROFILES) as (keyof typeof NETWORK_PROFILES)[]) {
    it(`returns the ${name} profile by name`, () => {
      assert.deepEqual(networkProfile(name), NETWORK_PROFILES[name]);
    });
  }

  for (const name of ['nope', '', 'Broadband', 'constructor', 'toString', '__proto__']) {
    it(`rejects the unknown profile ${JSON.stringify(name)} with code UNKNOWN_OPTION`, () => {
      assert.throws(() => networkProfile(name), (error: unknown) => {
        assert.ok(error instanceof ParameterError);
        assert.equal(error.code, 'UNKNOWN_OPTION');
        assert.equal(error.parameter, 'networkProfile');
        for (const known of Object.keys(NETWORK_PROFILES)) assert.ok(error.message.includes(known), `the message lists ${known}: ${error.message}`);
        return true;
      });
    });
  }

  it('applies overrides over the named profile without changing the profile itself', () => {
    const profile = networkProfile('mobile', { lossRate: 0.02, mtu: 9001, clientToRegionRttMs: 120, jitterMs: 3 });
    assert.equal(profile.lossRate, 0.02);
    assert.equal(profile.mtu, 9001);
    assert.equal(profile.clientToRegionRttMs, 120);
    assert.equal(profile.jitterMs, 3);
    assert.equal(profile.name, 'mobile');
    assert.equal(profile.downlinkMbps, NETWORK_PROFILES.mobile.downlinkMbps);
    assert.equal(profile.clientToEdgeRttMs, NETWORK_PROFILES.mobile.clientToEdgeRttMs);
    assert.equal(NETWORK_PROFILES.mobile.lossRate, 0);
    assert.equal(NETWORK_PROFILES.mobile.mtu, 1500);
    assert.equal(networkProfile('mobile').clientToRegionRttMs, 80);
  });

  const invalidOverrides: [string, Partial<NetworkProfile>][] = [
    ['mtu', { mtu: 100 }],
    ['mtu', { mtu: 1500.5 }],
    ['lossRate', { lossRate: 1.5 }],
    ['jitterMs', { jitterMs: -1 }],
    ['clientToEdgeRttMs', { clientToEdgeRttMs: -1 }],
    ['edgeToRegionRttMs', { edgeToRegionRttMs: NaN }],
    ['clientToRegionRttMs', { clientToRegionRttMs: Infinity }],
    ['regionToBackendRttMs', { regionToBackendRttMs: -0.5 }],
    ['clientToResolverRttMs', { clientToResolverRttMs: -2 }],
    ['resolverToAuthoritativeRttMs', { resolverToAuthoritativeRttMs: -3 }],
    ['downlinkMbps', { downlinkMbps: 0 }],
    ['uplinkMbps', { uplinkMbps: -1 }],
    ['regionMbps', { regionMbps: 0 }],
  ];
  for (const [parameter, overrides] of invalidOverrides) {
    it(`validates the override ${Object.entries(overrides).map(([key, value]) => `${key} ${value}`).join()} and names ${parameter}`, () => {
      assert.throws(() => networkProfile('broadband', overrides), rejectsParameter(parameter));
    });
  }

  it('accepts a zero RTT and a loss rate of 1 as overrides', () => {
    const profile = networkProfile('in-region', { regionToBackendRttMs: 0, lossRate: 1 });
    assert.equal(profile.regionToBackendRttMs, 0);
    assert.equal(profile.lossRate, 1);
  });
});
