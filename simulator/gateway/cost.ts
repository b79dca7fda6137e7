import { isDataMessageFrame } from '../trace/eventQueries';
import type { ApiType } from '../model/gateway';
import type { Trace } from '../trace/trace';
import { firstTierPerMillion, meteredUnits, WEBSOCKET_MINUTE_USD_PER_MILLION } from './pricing';
import { httpMessageSize } from '../trace/httpMessage';

/**
 * What a simulated scenario costs in API Gateway charges, at first-tier us-east-1 prices:
 * REST per request; HTTP per request in 512 KB units; WebSocket per message (both
 * directions, 32 KB units) plus connection minutes. Lambda, DynamoDB and data transfer
 * are other services' bills and are not included.
 */
export interface ScenarioCost {
  apiType: ApiType;
  billableUnits: number;
  connectionMinutes: number;
  usd: number;
}

export function scenarioCost(apiType: ApiType, trace: Trace): ScenarioCost {
  const perUnit = firstTierPerMillion(apiType) / 1e6;
  if (apiType === 'WEBSOCKET') {
    // Data frames from and to the client are messages; control frames (close, ping) are not metered.
    const frames = trace.events.filter((event) => (event.from === 'client' || event.to === 'client') && isDataMessageFrame(event));
    const units = frames.reduce((sum, event) => sum + meteredUnits('WEBSOCKET', Number(event.detail?.messageBytes ?? event.bytes)), 0);
    const upgrade = trace.summary.exchanges.find((exchange) => exchange.kind === 'upgrade');
    const open = upgrade ? trace.summary.totalTimeMs - upgrade.firstByte : 0;
    const connectionMinutes = upgrade ? Math.ceil(open / 60000) : 0;
    return { apiType, billableUnits: units, connectionMinutes, usd: units * perUnit + (connectionMinutes / 1e6) * WEBSOCKET_MINUTE_USD_PER_MILLION };
  }
  const requests = trace.events.filter((event) => event.kind === 'http.request' && event.from === 'client');
  // Metered by the request's size: over HTTP/2, its frames (HEADERS and DATA) together.
  const units = requests.reduce((sum, event) => sum + meteredUnits(apiType, httpMessageSize(trace.events, event).bytes), 0);
  return { apiType, billableUnits: units, connectionMinutes: 0, usd: units * perUnit };
}
