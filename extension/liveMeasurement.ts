import { TIME_TOLERANCE, type ConnectionMeasures } from '../simulator/fidelity/connectionComparison';
import type { RouteMeasurement } from '../simulator/fidelity/routeMeasurement';
import type { LiveMeasurement, MeasuredFigure } from '../webview/protocol/messages';

/*
 * A live run's result as the plain data the webview shows beside the model: per connection, the
 * model's and the real figures the harness compared (connectionComparison.ts ConnectionMeasures)
 * with whether they differ, and every difference in the harness's own words. The verdicts are
 * the comparison's: counts exact, the time to the first response within TIME_TOLERANCE. No
 * vscode here, so it is tested in plain Node.
 */

/** JSON has no NaN: a figure not measured on a side is sent as null. */
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

function figures(model: ConnectionMeasures, real: ConnectionMeasures): MeasuredFigure[] {
  const count = (name: string, unit: MeasuredFigure['unit'], modelValue: number, realValue: number): MeasuredFigure => ({ name, unit, model: modelValue, real: realValue, differs: modelValue !== realValue });
  const time = { model: finite(model.timeToFirstResponseMs), real: finite(real.timeToFirstResponseMs) };
  return [
    count('Client packets', 'count', model.packets.client, real.packets.client),
    count('Server packets', 'count', model.packets.server, real.packets.server),
    count('Client IP bytes', 'bytes', model.ipBytes.client, real.ipBytes.client),
    count('Server IP bytes', 'bytes', model.ipBytes.server, real.ipBytes.server),
    count('Client TLS records', 'count', model.records.client, real.records.client),
    count('Server TLS records', 'count', model.records.server, real.records.server),
    count('HTTP/1.1 messages', 'count', model.messages, real.messages),
    count('WebSocket frames', 'count', model.webSocketFrames, real.webSocketFrames),
    count('HTTP/2 frames', 'count', model.http2Frames, real.http2Frames),
    {
      name: 'ClientHello to first response', unit: 'ms', ...time,
      differs: time.model === null || time.real === null ? time.model !== time.real : !(Math.abs(time.model - time.real) <= TIME_TOLERANCE * time.real),
    },
  ];
}

/** Everything the webview shows of a live run. */
export function liveMeasurement(result: RouteMeasurement, conditions: string): LiveMeasurement {
  const negotiated = result.measurement.negotiated;
  return {
    client: result.target.profile, conditions,
    connections: result.comparison.connections.map((connection, index) => ({
      negotiated: negotiated[index] ? `${negotiated[index].alpn} ${negotiated[index].tlsVersion} ${negotiated[index].cipher}` : '',
      // What the model was told after the run (when the page closed) concerns the last connection.
      figures: figures(connection.model, connection.real), notes: [...connection.notes, ...(index === result.comparison.connections.length - 1 ? result.measurement.aligned : [])],
    })),
    differences: [...result.comparison.differences],
    instrument: result.instrument,
  };
}
