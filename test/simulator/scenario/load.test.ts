import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ParameterError } from '../../../simulator/errors';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { simulateLoad } from '../../../simulator/scenario/load';
import { PERCENTILE_RELATIVE_ACCURACY } from '../../../simulator/scenario/quantileSketch';

const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const model = modelFromJson(readFileSync(SHOP, 'utf8'), SHOP);

describe('the load scenario', () => {
  it('admits what the route\'s token bucket admits: the burst, then the rate (200 rps, burst 400 on POST /orders)', () => {
    const result = simulateLoad({ model, api: 'shop-orders', route: 'POST /orders', ratePerSecond: 1000, durationSeconds: 20, seed: 3 });
    // Offered about 20,000; admitted about 400 + 200 x 20 = 4,400 (a token bucket with burst 400 refilled at 200/s).
    assert.ok(Math.abs(result.requests - 20_000) < 600, `offered ${result.requests}`);
    assert.ok(Math.abs(result.succeeded - 4_400) <= 2, `admitted ${result.succeeded}`);
    assert.equal(result.succeeded + result.throttled.stage + result.throttled.account, result.requests);
    assert.equal(result.throttled.account, 0);
  });

  it('throttles at the account level past 10,000 rps when the route has no limit of its own', () => {
    const result = simulateLoad({ model, api: 'shop-products', route: 'GET /products/{productId}', ratePerSecond: 20_000, durationSeconds: 5, seed: 3 });
    // The stage allows 1,000 rps (burst 2,000) on shop-products, so the stage throttles first here.
    assert.ok(result.throttled.stage > 0);
    const open = simulateLoad({ model, api: 'shop-orders', route: 'GET /orders/{orderId}', ratePerSecond: 20_000, durationSeconds: 5, seed: 3 });
    // 5,000 burst + 10,000/s x 5 s = 55,000 admitted of about 100,000.
    assert.ok(Math.abs(open.succeeded - 55_000) <= 2, `admitted ${open.succeeded}`);
    assert.ok(open.throttled.account > 40_000);
  });

  it('starts new Lambda environments, with their cold starts, when a burst outruns the warm ones', () => {
    const calm = simulateLoad({ model, api: 'shop-orders', route: 'GET /orders/{orderId}', ratePerSecond: 50, durationSeconds: 10, seed: 1 });
    const spiky = simulateLoad({ model, api: 'shop-orders', route: 'GET /orders/{orderId}', ratePerSecond: 50, durationSeconds: 10, seed: 1, burst: { atSeconds: 5, requests: 2000 } });
    assert.ok(spiky.coldStarts > calm.coldStarts + 1000, `${calm.coldStarts} vs ${spiky.coldStarts}`);
    assert.ok(spiky.latencyMs.p95 > calm.latencyMs.p95 + 200, `${calm.latencyMs.p95} vs ${spiky.latencyMs.p95}`);
    assert.ok(calm.coldStarts < 20, `steady traffic keeps environments warm: ${calm.coldStarts} cold starts`);
    assert.ok(calm.latencyMs.p50 >= calm.baseLatencyMs * 0.8 && calm.latencyMs.p50 <= calm.baseLatencyMs * 1.2);
  });

  it('gives the same result for the same seed', () => {
    const run = () => simulateLoad({ model, api: 'shop-orders', route: 'POST /orders', ratePerSecond: 500, durationSeconds: 5, seed: 9, burst: { atSeconds: 1, requests: 300 } });
    assert.deepEqual(run(), run());
  });

  it('refuses a fan-out of more @connections calls than a run may hold, before allocating them (10 million x 200 was killed at 24 GB)', () => {
    const before = process.memoryUsage().arrayBuffers;
    assert.throws(() => simulateLoad({ model, api: 'shop-order-status', route: '$connect', ratePerSecond: 1, durationSeconds: 1, fanOut: { connections: 10_000_000, pushes: 200 } }), (error: unknown) => {
      assert.ok(error instanceof ParameterError);
      assert.match(error.message, /fanOut: expected at most 20,000,000 @connections calls in a run \(asked 2000000000\)/);
      return true;
    });
    assert.ok(process.memoryUsage().arrayBuffers - before < 64 * 1024 * 1024, 'nothing of the size was allocated');
  });

  it('fans a push out to 100,000 connections at the pace of the account throttle', () => {
    const result = simulateLoad({ model, api: 'shop-order-status', route: '$connect', ratePerSecond: 1, durationSeconds: 1, fanOut: { connections: 100_000, pushes: 3 } });
    const fan = result.fanOut!;
    // 5,000 calls at once from the burst, then 10,000 per second: the last of 100,000 after 9.5 s.
    assert.ok(Math.abs(fan.fanOutSecondsPerPush - 9.5) < 0.2, `${fan.fanOutSecondsPerPush} s`);
    assert.equal(fan.connectSeconds, 200, '100,000 connections at 500 per second');
    assert.equal(fan.messages, 300_000);
    assert.ok(Math.abs(fan.costUsd - 0.3) < 1e-9, '300,000 messages at $1.00 per million');
  });

  it('reports its percentiles with their accuracy, within it of the exact nearest-rank latencies of the same run', () => {
    const result = simulateLoad({ model, api: 'shop-orders', route: 'GET /orders/{orderId}', ratePerSecond: 2000, durationSeconds: 5, seed: 9 });
    assert.equal(result.latencyMs.relativeAccuracy, PERCENTILE_RELATIVE_ACCURACY);
    // The median of a run sits near the warm base: within the accuracy of p50 <= p95 <= p99 <= max.
    const { p50, p95, p99, max, mean } = result.latencyMs;
    assert.ok(p50 <= p95 && p95 <= p99 && p99 <= max, `${p50} ${p95} ${p99} ${max}`);
    assert.ok(mean > 0 && mean <= max);
  });

  it('throttles a load on a stage other than the first with that stage\'s limits', () => {
    // shop-orders with a second stage, canary, that allows 50 rps (burst 100) on every route; $default sets no limit for GET /orders/{orderId}.
    const orders = model.apis.find((api) => api.name === 'shop-orders')!;
    const twoStages = { ...model, apis: model.apis.map((api) => (api === orders ? { ...api, stages: [...api.stages, { name: 'canary', throttle: { rateLimit: 50, burstLimit: 100 } }] } : api)) };
    const options = { model: twoStages, api: 'shop-orders', route: 'GET /orders/{orderId}', ratePerSecond: 1000, durationSeconds: 10, seed: 5 };
    const first = simulateLoad(options);
    assert.equal(first.succeeded, first.requests, 'the first stage admits all 1,000 rps');
    const canary = simulateLoad({ ...options, stage: 'canary' });
    // 100 burst + 50/s x 10 s = 600 admitted.
    assert.ok(Math.abs(canary.succeeded - 600) <= 2, `admitted ${canary.succeeded}`);
    assert.equal(canary.throttled.stage, canary.requests - canary.succeeded);
    assert.throws(() => simulateLoad({ ...options, stage: 'beta' }), (error: ParameterError) => error.parameter === 'stage' && error.code === 'UNKNOWN_OPTION' && /\$default, canary/.test(error.message));
  });

  it('throttles at the usage plan when the route needs an API key, as the gateway does for the key its client sends', () => {
    // GET /products requires a key of the partners plan: 50 rps, burst 100, before the stage's 1,000 rps.
    const result = simulateLoad({ model, api: 'shop-products', route: 'GET /products', ratePerSecond: 200, durationSeconds: 5, seed: 3 });
    assert.ok(Math.abs(result.succeeded - 350) <= 2, `admitted ${result.succeeded}`);
    assert.equal(result.throttled.usagePlan, result.requests - result.succeeded);
    assert.equal(result.throttled.stage + result.throttled.account, 0);
  });

  it('refuses a run too big to be meaningful, naming the parameter', () => {
    assert.throws(() => simulateLoad({ model, api: 'shop-orders', route: 'POST /orders', ratePerSecond: 1e6, durationSeconds: 100 }), (error: ParameterError) => error.parameter === 'ratePerSecond');
    assert.throws(() => simulateLoad({ model, api: 'shop-orders', route: 'POST /orders', ratePerSecond: -1, durationSeconds: 1 }), (error: ParameterError) => error.parameter === 'ratePerSecond');
  });
});
