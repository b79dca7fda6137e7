/*
 * Issue 12: no code decides anything from the display name. Each demo flow is renamed event by
 * event and exchange by exchange, as another protocol analyser might name things; its cost and its
 * capture must not notice.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportPcapng } from '../../../simulator/export/capture';
import { scenarioCost } from '../../../simulator/gateway/cost';
import { simulateDemo } from '../../../simulator/scenario/demo';
import type { Trace } from '../../../simulator/trace/trace';

function renamed(trace: Trace): Trace {
  return {
    ...trace,
    events: trace.events.map((event) => ({ ...event, name: `event ${event.id}` })),
    summary: { ...trace.summary, exchanges: trace.summary.exchanges.map((exchange, index) => ({ ...exchange, name: `exchange ${index}` })) },
  };
}

describe('display names', () => {
  for (const tlsVersion of ['1.3', '1.2'] as const) {
    for (const flow of simulateDemo({ tlsVersion })) {
      const copy = renamed(flow.trace);

      it(`leave the cost of the ${flow.name} flow (TLS ${tlsVersion}) as it is`, () => {
        assert.deepEqual(scenarioCost(flow.apiType, copy), flow.cost);
        if (flow.apiType === 'WEBSOCKET') assert.ok(flow.cost.connectionMinutes > 0, 'the upgrade is found and starts the connection minutes');
      });

      it(`leave the capture of the ${flow.name} flow (TLS ${tlsVersion}) byte for byte as it is`, () => {
        assert.deepEqual(exportPcapng(copy), exportPcapng(flow.trace));
      });
    }
  }
});
