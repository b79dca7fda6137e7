import type { TraceJson } from '../../simulator/trace/trace';
import { traceScenarioOptions } from '../../simulator/scenario/registry';
import type { LiveMeasurement, RouteView } from '../../webview/protocol/messages';
import { seriesTrace } from './traces';

/*
 * A live measurement as the host sends it, its figures and sentences those of a real run of the
 * harness (`apigw-sim live examples/shop/template.yaml --api shop-orders --route 'GET
 * /orders/{orderId}'`, node client, on this machine): one connection where the model's client
 * ends with a close_notify Node's does not send, the server's segments split differently, and the
 * time to the first response beyond 10%. The host builds the real thing from simulator/fidelity;
 * test/extension/liveRunner.test.ts runs that.
 */

export interface MeasuredFixture {
  trace: TraceJson;
  measurement: LiveMeasurement;
}

export function measuredSeries(): MeasuredFixture {
  const trace = seriesTrace(2);
  const figure = (name: string, unit: 'count' | 'bytes' | 'ms', model: number | null, real: number | null, differs = model !== real): LiveMeasurement['connections'][number]['figures'][number] => ({ name, unit, model, real, differs });
  const measurement: LiveMeasurement = {
    client: 'node',
    conditions: 'node client, TLS 1.3, 20 ms each way through a relay on 127.0.0.1, captured on lo (MTU 65535)',
    connections: [{
      negotiated: 'none TLSv1.3 TLS_AES_128_GCM_SHA256',
      figures: [
        figure('Client packets', 'count', 10, 9), figure('Server packets', 'count', 7, 8),
        figure('Client IP bytes', 'bytes', 2248, 2160), figure('Server IP bytes', 'bytes', 6622, 6674),
        figure('Client TLS records', 'count', 5, 4), figure('Server TLS records', 'count', 10, 10),
        figure('HTTP/1.1 messages', 'count', 2, 2), figure('WebSocket frames', 'count', 0, 0), figure('HTTP/2 frames', 'count', 0, 0),
        figure('ClientHello to first response', 'ms', 128.8, 216.5, true),
      ],
      notes: [],
    }],
    differences: [
      'client packets: model 10 packets (3 with data: 404, 1292, 24; 7 without), real 9 packets (2 with data: 404, 1292; 7 without)',
      'client TLS records: model 5, real 4',
      'client TLS records #5: model application_data 19 B, real none',
      'server packets: model 7 packets (4 with data: 5484, 542, 200, 24; 3 without), real 8 packets (4 with data: 5484, 542, 200, 24; 4 without)',
      'ClientHello to first response: model 128.8 ms, real 216.5 ms (-41%, allowed 10%)',
    ],
    instrument: 'the capture shows the relay passing segments on 3.8 ms late (median; max 43.4), the stand-in\'s waits ended up to 7.3 ms late: both only add to the real time',
  };
  return { trace, measurement };
}

/** The shown view after a live run of `fixture`. */
export function measuredView(fixture: MeasuredFixture = measuredSeries()): RouteView {
  return {
    routeId: 'shop-orders POST /orders', title: 'shop-orders · POST /orders', apiType: 'HTTP', scenario: 'series', scenarios: traceScenarioOptions('HTTP'), trace: fixture.trace, costUsd: 0.000002,
    live: { supported: true }, measured: fixture.measurement,
  };
}
