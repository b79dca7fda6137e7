import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import {
  firstTierPerMillion, FREE_TIER, HTTP_METERING_BYTES, HTTP_REQUEST_TIERS, meteredUnits, monthlyCost, REST_REQUEST_TIERS,
  tieredCost, WEBSOCKET_MESSAGE_TIERS, WEBSOCKET_METERING_BYTES, WEBSOCKET_MINUTE_USD_PER_MILLION,
} from '../../../simulator/gateway/pricing';

const KB = 1024;

function assertUsd(actual: number, expected: number, message?: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-6, `${message ?? 'cost'}: expected $${expected}, got $${actual}`);
}

function rejectsParameter(parameter: string): (error: unknown) => true {
  return (error) => {
    assert.ok(error instanceof ParameterError, `expected a ParameterError, got ${String(error)}`);
    assert.equal(error.parameter, parameter);
    return true;
  };
}

describe('tieredCost', () => {
  it('prices REST requests at $3.50 per million in the first 333 million', () => {
    assertUsd(tieredCost(0, REST_REQUEST_TIERS), 0);
    assertUsd(tieredCost(1e6, REST_REQUEST_TIERS), 3.5);
    assertUsd(tieredCost(333e6, REST_REQUEST_TIERS), 333 * 3.5);
  });

  it('splits 400 million REST requests across the first two tiers', () => {
    // 333 M at $3.50 + 67 M at $2.80 = 1165.50 + 187.60.
    assertUsd(tieredCost(400e6, REST_REQUEST_TIERS), 1353.1);
  });

  it('prices every REST tier up to and over 20 billion requests', () => {
    // 333 M x 3.50 + 667 M x 2.80 = 1165.50 + 1867.60.
    assertUsd(tieredCost(1e9, REST_REQUEST_TIERS), 3033.1);
    // + 19,000 M x 2.38 = 45,220.
    assertUsd(tieredCost(20e9, REST_REQUEST_TIERS), 48253.1);
    // + 1,000 M x 1.51 = 1,510.
    assertUsd(tieredCost(21e9, REST_REQUEST_TIERS), 49763.1);
  });

  it('prices HTTP requests at $1.00 per million for 300 million, then $0.90', () => {
    assertUsd(tieredCost(300e6, HTTP_REQUEST_TIERS), 300);
    assertUsd(tieredCost(301e6, HTTP_REQUEST_TIERS), 300.9);
    // 300 M x 1.00 + 700 M x 0.90.
    assertUsd(tieredCost(1e9, HTTP_REQUEST_TIERS), 930);
  });

  it('prices WebSocket messages at $1.00 per million for 1 billion, then $0.80', () => {
    assertUsd(tieredCost(1e9, WEBSOCKET_MESSAGE_TIERS), 1000);
    // 1,000 M x 1.00 + 500 M x 0.80.
    assertUsd(tieredCost(1.5e9, WEBSOCKET_MESSAGE_TIERS), 1400);
  });

  it('rejects negative or non-finite units with a ParameterError', () => {
    assert.throws(() => tieredCost(-1, REST_REQUEST_TIERS), rejectsParameter('units'));
    assert.throws(() => tieredCost(Number.NaN, HTTP_REQUEST_TIERS), rejectsParameter('units'));
    assert.throws(() => tieredCost(Infinity, WEBSOCKET_MESSAGE_TIERS), rejectsParameter('units'));
  });
});

describe('meteredUnits', () => {
  it('meters HTTP API requests in 512 KB increments', () => {
    assert.equal(HTTP_METERING_BYTES, 512 * KB);
    assert.equal(meteredUnits('HTTP', 0), 1);
    assert.equal(meteredUnits('HTTP', 1), 1);
    assert.equal(meteredUnits('HTTP', 512 * KB), 1);
    assert.equal(meteredUnits('HTTP', 512 * KB + 1), 2);
    assert.equal(meteredUnits('HTTP', 513 * KB), 2);
    assert.equal(meteredUnits('HTTP', 1024 * KB), 2);
    assert.equal(meteredUnits('HTTP', 1025 * KB), 3);
  });

  it('meters WebSocket messages in 32 KB increments (a 33 KB message is two messages)', () => {
    assert.equal(WEBSOCKET_METERING_BYTES, 32 * KB);
    assert.equal(meteredUnits('WEBSOCKET', 0), 1);
    assert.equal(meteredUnits('WEBSOCKET', 32 * KB), 1);
    assert.equal(meteredUnits('WEBSOCKET', 33 * KB), 2);
    assert.equal(meteredUnits('WEBSOCKET', 64 * KB), 2);
    assert.equal(meteredUnits('WEBSOCKET', 65 * KB), 3);
  });

  it('counts a REST request as one request whatever its size', () => {
    assert.equal(meteredUnits('REST', 0), 1);
    assert.equal(meteredUnits('REST', 10 * 1024 * KB), 1);
  });

  it('rejects a negative or non-finite byte count', () => {
    assert.throws(() => meteredUnits('HTTP', Number.NaN), rejectsParameter('bytes'));
    assert.throws(() => meteredUnits('WEBSOCKET', -5), rejectsParameter('bytes'));
  });
});

describe('monthlyCost', () => {
  it('totals REST requests at tiered prices', () => {
    const cost = monthlyCost('REST', { units: 400e6 });
    assertUsd(cost.requestsOrMessagesUsd, 1353.1);
    assertUsd(cost.connectionMinutesUsd, 0);
    assertUsd(cost.totalUsd, 1353.1);
  });

  it('totals HTTP requests at tiered prices', () => {
    assertUsd(monthlyCost('HTTP', { units: 1e9 }).totalUsd, 930);
  });

  it('charges WebSocket connection minutes at $0.25 per million', () => {
    assert.equal(WEBSOCKET_MINUTE_USD_PER_MILLION, 0.25);
    const minutesOnly = monthlyCost('WEBSOCKET', { units: 0, connectionMinutes: 1e6 });
    assertUsd(minutesOnly.connectionMinutesUsd, 0.25);
    assertUsd(minutesOnly.totalUsd, 0.25);
  });

  it('adds WebSocket messages and connection minutes', () => {
    // 1,000 clients connected all month (30 days x 1,440 min) sending 30 M messages:
    // 43.2 M minutes x $0.25 = $10.80, 30 M messages x $1.00 = $30.00.
    const cost = monthlyCost('WEBSOCKET', { units: 30e6, connectionMinutes: 1000 * 30 * 1440 });
    assertUsd(cost.requestsOrMessagesUsd, 30);
    assertUsd(cost.connectionMinutesUsd, 10.8);
    assertUsd(cost.totalUsd, 40.8);
  });

  it('ignores connection minutes for REST and HTTP APIs', () => {
    assertUsd(monthlyCost('REST', { units: 1e6, connectionMinutes: 1e9 }).totalUsd, 3.5);
    assertUsd(monthlyCost('HTTP', { units: 1e6, connectionMinutes: 1e9 }).totalUsd, 1);
  });

  it('leaves the free tier out unless asked', () => {
    assertUsd(monthlyCost('REST', { units: 1e6 }).totalUsd, 3.5);
    assertUsd(monthlyCost('HTTP', { units: 1e6 }).totalUsd, 1);
  });

  it('subtracts the free tier: 1 M REST or HTTP requests, 1 M messages and 750,000 minutes', () => {
    assert.deepEqual(FREE_TIER, { restRequests: 1e6, httpRequests: 1e6, websocketMessages: 1e6, websocketMinutes: 750_000 });
    assertUsd(monthlyCost('REST', { units: 1e6, freeTier: true }).totalUsd, 0);
    assertUsd(monthlyCost('REST', { units: 3e6, freeTier: true }).totalUsd, 2 * 3.5);
    assertUsd(monthlyCost('HTTP', { units: 1.5e6, freeTier: true }).totalUsd, 0.5);
    const websocket = monthlyCost('WEBSOCKET', { units: 2e6, connectionMinutes: 1_750_000, freeTier: true });
    assertUsd(websocket.requestsOrMessagesUsd, 1);
    assertUsd(websocket.connectionMinutesUsd, 0.25);
    assertUsd(websocket.totalUsd, 1.25);
  });

  it('never goes below zero when usage is inside the free tier', () => {
    const cost = monthlyCost('WEBSOCKET', { units: 10, connectionMinutes: 100, freeTier: true });
    assert.deepEqual(cost, { requestsOrMessagesUsd: 0, connectionMinutesUsd: 0, totalUsd: 0 });
  });

  it('rejects negative units or minutes with a ParameterError', () => {
    assert.throws(() => monthlyCost('REST', { units: -1 }), rejectsParameter('units'));
    assert.throws(() => monthlyCost('HTTP', { units: -1, freeTier: true }), rejectsParameter('units'));
    assert.throws(() => monthlyCost('WEBSOCKET', { units: 1, connectionMinutes: -1 }), rejectsParameter('connectionMinutes'));
  });
});

describe('firstTierPerMillion', () => {
  it('is $3.50 for REST, $1.00 for HTTP and $1.00 for WebSocket', () => {
    assert.equal(firstTierPerMillion('REST'), 3.5);
    assert.equal(firstTierPerMillion('HTTP'), 1.0);
    assert.equal(firstTierPerMillion('WEBSOCKET'), 1.0);
  });
});
