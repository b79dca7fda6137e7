import type { TraceJson, TraceEventJson } from '../../simulator/trace/trace';
import { traceScenarioOptions } from '../../simulator/scenario/registry';
import type { LiveMeasurement, RouteView } from '../../webview/protocol/messages';
import { seriesTrace } from './traces';

/*
 * A live measurement of a real simulated trace (two POST /orders on one connection), made by
 * hand so that each case the views distinguish is there once: messages measured as modelled
 * (half a millisecond later), the first response measured 3 bytes longer, the last TLS record
 * not sent at all, and one message the live run sent that the model has none of. The host
 * builds the real thing from simulator/live; test/extension/liveRunner.test.ts runs that.
 */

const onClientConnection = (event: TraceEventJson): boolean => (event.layer === 'http' || event.layer === 'tls') && (event.from === 'client' || event.to === 'client');

export interface MeasuredFixture {
  trace: TraceJson;
  measurement: LiveMeasurement;
  /** The ids of the events measured differently: the longer response, the missing TLS record. */
  longer: number;
  missing: number;
}

export function measuredSeries(): MeasuredFixture {
  const trace = seriesTrace(2);
  const compared = trace.events.filter(onClientConnection);
  const longer = compared.find((event) => event.layer === 'http' && event.to === 'client')!.id;
  const missing = compared.filter((event) => event.layer === 'tls').at(-1)!.id;
  const events = compared.map((event) => (event.id === missing ? { eventId: event.id, ok: false }
    : { eventId: event.id, timeMs: event.time + 0.5, bytes: event.bytes + (event.id === longer ? 3 : 0), ok: event.id !== longer }));
  const measurement: LiveMeasurement = {
    conditions: 'TLS 1.3 (node:tls), 20 ms injected each way, 127.0.0.1',
    events,
    unmatched: [{ layer: 'tls', direction: 'server → client', name: 'NewSessionTicket', bytes: 287 }],
    types: [
      { layer: 'http', direction: 'client → server', type: 'POST /orders', count: 2, modelBytes: 2000, liveBytes: 2000, ok: true },
      { layer: 'http', direction: 'server → client', type: '200 OK', count: 2, modelBytes: 356, liveBytes: 359, ok: false },
      { layer: 'tls', direction: 'server → client', type: 'Certificate', count: 1, modelBytes: 861, liveBytes: 866, ok: true },
    ],
    exchanges: trace.summary.exchanges.map((exchange, index) => ({
      name: exchange.name, modelRoundTrips: exchange.roundTrips, liveRoundTrips: exchange.roundTrips + (index === 1 ? 1 : 0),
      modelTimeToFirstByteMs: exchange.firstByte - exchange.start, liveTimeToFirstByteMs: exchange.firstByte - exchange.start + 4.25,
    })),
    differences: ['http server → client: 200 OK modelled 178 B, measured 181 B', 'POST /orders #2: 0 round trips modelled, 1 measured'],
    notMeasured: ['DNS (live runs connect to 127.0.0.1)'],
    relayLatenessMs: 0.4,
  };
  return { trace, measurement, longer, missing };
}

/** The shown view after a live run of `fixture`. */
export function measuredView(fixture: MeasuredFixture = measuredSeries()): RouteView {
  return {
    routeId: 'shop-orders POST /orders', title: 'shop-orders · POST /orders', apiType: 'HTTP', scenario: 'series', scenarios: traceScenarioOptions('HTTP'), trace: fixture.trace, costUsd: 0.000002,
    live: { supported: true }, measured: fixture.measurement,
  };
}
