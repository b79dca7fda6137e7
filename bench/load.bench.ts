/**
 * The load scenario at scale: a 1,000,000-request run (goal: under 1 s), and 100,000
 * WebSocket connections each receiving 3 pushes (goal: under 2 s and under 1 GB).
 * Each figure is the median of 3 runs after a warm-up; memory is the process's peak RSS.
 */
import { join } from 'node:path';
import { readConfig } from '../simulator/config/configFile';
import { simulateLoad } from '../simulator/scenario/load';

const model = readConfig(join(__dirname, '..', '..', 'examples', 'shop', 'gateway.json')).model;

function median(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[1];
}

const million = median(() => simulateLoad({ model, api: 'shop-orders', route: 'GET /orders/{orderId}', ratePerSecond: 10_000, durationSeconds: 100 }));
console.log(`load: 1,000,000 requests in ${million.toFixed(0)} ms (goal < 1000 ms)`);
const fanOut = median(() => simulateLoad({ model, api: 'shop-order-status', route: '$connect', ratePerSecond: 1, durationSeconds: 1, fanOut: { connections: 100_000, pushes: 3 } }));
console.log(`fan-out: 100,000 connections x 3 pushes in ${fanOut.toFixed(0)} ms (goal < 2000 ms), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (goal < 1024 MB)`);
