import { scenarioCost } from '../gateway/cost';
import { monthlyCost, meteredUnits } from '../gateway/pricing';
import type { GatewayModel } from '../model/gateway';
import { ParameterError } from '../errors';
import type { Trace } from '../trace/trace';
import { PARAMETER_RANGES } from '../parameterRanges';
import { inRange, positive } from '../validate';
import { findApi, simulateRouteRequest } from './routeRequest';
import type { ScenarioOptions } from './topology';
import { simulateWebSocketApiSession } from './websocketApiSession';
import { httpMessageSize } from '../trace/httpMessage';

/*
 * The same order-status updates learned two ways: a client polling a REST or HTTP route
 * every `pollIntervalMs`, or the backend pushing each update over a WebSocket. Both runs go
 * through the full protocol and gateway model; the comparison is requests or messages,
 * bytes, how long after a change the client knows, and what it costs.
 */

export interface PollingVsPushOptions extends ScenarioOptions {
  model: GatewayModel;
  pollApi: string;
  pollRoute: string;
  pushApi: string;
  /** When each update happens, in ms after the session starts. */
  updateTimesMs?: readonly number[];
  pollIntervalMs?: number;
  /** For the monthly figures: clients following orders at any moment, all month. */
  concurrentClients?: number;
  /** For the monthly figures: status updates per client per hour (default 3). */
  updatesPerClientPerHour?: number;
}

export interface ApproachResult {
  approach: 'polling' | 'push';
  api: string;
  /** Billable requests (polling) or messages (push) in the session. */
  billableUnits: number;
  bytesUp: number;
  bytesDown: number;
  /** Delay from each update to the client learning it (ms). */
  noticeDelaysMs: number[];
  meanNoticeMs: number;
  maxNoticeMs: number;
  sessionCostUsd: number;
  monthlyCostUsd: number;
  trace: Trace;
}

export interface PollingVsPushResult {
  polling: ApproachResult;
  push: ApproachResult;
  /** Poll interval (ms) above which polling costs less per month than push, for this update pattern. */
  breakEvenPollIntervalMs: number | undefined;
}

const MONTH_MS = 30 * 24 * 3600 * 1000;

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function simulatePollingVsPush(options: PollingVsPushOptions): PollingVsPushResult {
  const updates = [...(options.updateTimesMs ?? [2000, 5000, 9000])].sort((a, b) => a - b);
  if (updates.length === 0) throw new ParameterError('updateTimesMs', updates, 'at least one update time');
  const interval = inRange('pollIntervalMs', options.pollIntervalMs ?? 5000, PARAMETER_RANGES.pollIntervalMs);
  const clients = inRange('concurrentClients', options.concurrentClients ?? 1000, PARAMETER_RANGES.concurrentClients);
  const updatesPerHour = positive('updatesPerClientPerHour', options.updatesPerClientPerHour ?? 3);
  const pollApi = findApi(options.model, options.pollApi);
  const pushApi = findApi(options.model, options.pushApi);
  if (pollApi.type === 'WEBSOCKET') throw new ParameterError('pollApi', options.pollApi, 'a REST or HTTP API');
  if (pushApi.type !== 'WEBSOCKET') throw new ParameterError('pushApi', options.pushApi, 'a WEBSOCKET API');
  const last = updates[updates.length - 1];

  // Polling: keep asking until a poll sent after the last update has answered.
  const polls = Math.ceil(last / interval) + 2;
  const pollTrace = simulateRouteRequest({ ...options, model: options.model, api: pollApi.id, route: options.pollRoute, requests: polls, keepAlive: true, intervalMs: interval });
  const answers = pollTrace.summary.exchanges;
  // A poll sees an update when it was sent after the update happened (the backend reads current state).
  const pollNotice = updates.map((update) => {
    const seen = answers.find((exchange) => exchange.start >= update);
    return seen ? seen.firstByte - update : Infinity;
  });
  const pollCost = scenarioCost(pollApi.type, pollTrace);
  const poll = pollTrace.events.find((event) => event.kind === 'http.request' && event.from === 'client');
  const requestBytes = poll ? httpMessageSize(pollTrace.events, poll).bytes : 0;
  const pollsPerMonth = (MONTH_MS / interval) * clients;
  const pollingMonthly = monthlyCost(pollApi.type, { units: pollsPerMonth * meteredUnits(pollApi.type, requestBytes) }).totalUsd;

  // Push: the same updates as @connections posts over one WebSocket.
  const pushTrace = simulateWebSocketApiSession({
    ...options, model: options.model, api: pushApi.id,
    pushes: updates.map((update, index) => ({ afterMs: update - (index === 0 ? 0 : updates[index - 1]), data: JSON.stringify({ orderId: 'o-1001', status: ['packed', 'shipped', 'delivered', 'returned'][index % 4] }) })),
  });
  const pushes = pushTrace.summary.exchanges.filter((exchange) => exchange.kind === 'push');
  const pushNotice = pushes.map((exchange) => exchange.firstByte - exchange.start);
  const pushCost = scenarioCost('WEBSOCKET', pushTrace);
  // Per month: every client stays connected (reconnecting at the 2-hour limit and subscribing again),
  // receives its updates, and pays connection minutes all month.
  const hours = MONTH_MS / 3600000;
  const pushBytes = pushTrace.events.find((event) => event.layer === 'ws' && event.to === 'client' && event.detail?.pushed === true)?.bytes ?? 0;
  const reconnects = hours / 2;
  const pushUnits = clients * (hours * updatesPerHour * meteredUnits('WEBSOCKET', pushBytes) + reconnects);
  const pushMonthly = monthlyCost('WEBSOCKET', { units: pushUnits, connectionMinutes: (MONTH_MS / 60000) * clients }).totalUsd;

  const polling: ApproachResult = {
    approach: 'polling', api: pollApi.name, billableUnits: pollCost.billableUnits, bytesUp: pollTrace.summary.bytesUp, bytesDown: pollTrace.summary.bytesDown,
    noticeDelaysMs: pollNotice, meanNoticeMs: mean(pollNotice), maxNoticeMs: Math.max(...pollNotice), sessionCostUsd: pollCost.usd, monthlyCostUsd: pollingMonthly, trace: pollTrace,
  };
  const push: ApproachResult = {
    approach: 'push', api: pushApi.name, billableUnits: pushCost.billableUnits, bytesUp: pushTrace.summary.bytesUp, bytesDown: pushTrace.summary.bytesDown,
    noticeDelaysMs: pushNotice, meanNoticeMs: mean(pushNotice), maxNoticeMs: Math.max(...pushNotice), sessionCostUsd: pushCost.usd, monthlyCostUsd: pushMonthly, trace: pushTrace,
  };
  // Polling cost falls as 1/interval: it matches push where (MONTH/interval)·clients·price = push monthly.
  const pollUnitPrice = monthlyCost(pollApi.type, { units: 1e6 }).totalUsd / 1e6;
  const breakEvenPollIntervalMs = pushMonthly > 0 ? (MONTH_MS * clients * pollUnitPrice * meteredUnits(pollApi.type, requestBytes)) / pushMonthly : undefined;
  return { polling, push, breakEvenPollIntervalMs };
}
