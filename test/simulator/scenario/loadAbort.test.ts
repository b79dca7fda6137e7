import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { modelFromJson } from '../../../simulator/config/modelJson/modelFromJson';
import { simulateLoad, simulateLoadAsync, type LoadOptions, type LoadProgress } from '../../../simulator/scenario/load';

const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop', 'gateway.json');
const model = modelFromJson(readFileSync(SHOP, 'utf8'), SHOP);

// About 1,000,000 requests plus a 200,000-request burst: a run long enough for many chunks.
const BIG: LoadOptions = { model, api: 'shop-orders', route: 'GET /orders/{orderId}', ratePerSecond: 10_000, durationSeconds: 100, seed: 4, burst: { atSeconds: 30, requests: 200_000 } };

describe('the load scenario with progress and abort', () => {
  it('gives exactly the synchronous result when nobody aborts, reporting progress that only grows', async () => {
    const reports: LoadProgress[] = [];
    const result = await simulateLoadAsync(BIG, { signal: new AbortController().signal, onProgress: (progress) => reports.push(progress) });
    assert.deepEqual(result, simulateLoad(BIG));
    assert.ok(reports.length >= 15, `${reports.length} reports for ${result.requests} requests`);
    for (let index = 1; index < reports.length; index++) assert.ok(reports[index].done > reports[index - 1].done);
    const last = reports[reports.length - 1];
    assert.ok(last.done <= result.requests && result.requests - last.done < 70_000, `last report at ${last.done} of ${result.requests}`);
    assert.ok(Math.abs(last.total - 1_200_000) < 1, `expected units ${last.total}`);
  });

  it('gives the synchronous result for a WebSocket fan-out too, reporting through the deliveries', async () => {
    const fan: LoadOptions = { model, api: 'shop-order-status', route: '$connect', ratePerSecond: 1, durationSeconds: 1, seed: 2, fanOut: { connections: 100_000, pushes: 2 } };
    const reports: LoadProgress[] = [];
    assert.deepEqual(await simulateLoadAsync(fan, { onProgress: (progress) => reports.push(progress) }), simulateLoad(fan));
    assert.equal(reports.length, 3, '200,000 deliveries in chunks of 65,536');
  });

  it('stops early when aborted: the promise rejects with the abort reason and no further work is done', async () => {
    const controller = new AbortController();
    const reports: LoadProgress[] = [];
    const run = simulateLoadAsync(BIG, {
      signal: controller.signal,
      onProgress: (progress) => {
        reports.push(progress);
        if (reports.length === 2) controller.abort();
      },
    });
    await assert.rejects(run, (error: Error) => error.name === 'AbortError');
    assert.equal(reports.length, 2);
    assert.ok(reports[1].done < 200_000, `stopped after ${reports[1].done} of about 1,200,000 requests`);
    // Nothing keeps running in the background after the rejection.
    for (let turn = 0; turn < 5; turn++) await nextTurn();
    assert.equal(reports.length, 2);
  });

  it('does no work at all when the signal is already aborted', async () => {
    const reports: LoadProgress[] = [];
    await assert.rejects(simulateLoadAsync(BIG, { signal: AbortSignal.abort(), onProgress: (progress) => reports.push(progress) }), (error: Error) => error.name === 'AbortError');
    assert.equal(reports.length, 0);
  });
});
