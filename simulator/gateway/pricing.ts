import type { ApiType } from '../model/gateway';
import { nonNegative } from '../validate';

/**
 * API Gateway prices for us-east-1, from the AWS Price List (pricing date October 2025,
 * effective 1 July 2025; usage types USE1-ApiGatewayRequest, USE1-ApiGatewayHttpRequest,
 * USE1-ApiGatewayMessage, USE1-ApiGatewayMinute), matching https://aws.amazon.com/api-gateway/pricing/.
 * Tiers apply to monthly volume per account and Region. Other Regions price differently.
 */
export const PRICING_SOURCE = 'AWS Price List, us-east-1, effective 2025-07-01 (https://aws.amazon.com/api-gateway/pricing/)';
export const PRICING_REGION = 'us-east-1';

export interface Tier {
  /** Units (requests, messages, minutes) in this tier; Infinity for the last. */
  upTo: number;
  usdPerMillion: number;
}

/** REST: $3.50 first 333 M, $2.80 next 667 M, $2.38 next 19 B, $1.51 over 20 B per million requests. */
export const REST_REQUEST_TIERS: readonly Tier[] = [
  { upTo: 333e6, usdPerMillion: 3.5 },
  { upTo: 1e9, usdPerMillion: 2.8 },
  { upTo: 20e9, usdPerMillion: 2.38 },
  { upTo: Infinity, usdPerMillion: 1.51 },
];
/** HTTP: $1.00 first 300 M, $0.90 after, per million requests, metered in 512 KB increments. */
export const HTTP_REQUEST_TIERS: readonly Tier[] = [
  { upTo: 300e6, usdPerMillion: 1.0 },
  { upTo: Infinity, usdPerMillion: 0.9 },
];
/** WebSocket: $1.00 first 1 B, $0.80 after, per million messages, metered in 32 KB increments. */
export const WEBSOCKET_MESSAGE_TIERS: readonly Tier[] = [
  { upTo: 1e9, usdPerMillion: 1.0 },
  { upTo: Infinity, usdPerMillion: 0.8 },
];
/** WebSocket connection minutes: $0.25 per million. */
export const WEBSOCKET_MINUTE_USD_PER_MILLION = 0.25;

/** "HTTP APIs calls are metered in 512 KB increments" (stated by third parties, e.g. stormit.cloud; the official wording was not found). */
export const HTTP_METERING_BYTES = 512 * 1024;
/** "Messages are metered in 32 KB increments. So, a 33 KB message is metered as two messages." (pricing page). */
export const WEBSOCKET_METERING_BYTES = 32 * 1024;

/**
 * Free tier for new customers, 12 months: "one million API calls received for REST APIs, one million
 * API calls received for HTTP APIs, and one million messages and 750,000 connection minutes for
 * WebSocket APIs per month" (pricing page). Off by default: most production accounts are past it.
 */
export const FREE_TIER = { restRequests: 1e6, httpRequests: 1e6, websocketMessages: 1e6, websocketMinutes: 750_000 } as const;

/** Cost of `units` at tiered prices. */
export function tieredCost(units: number, tiers: readonly Tier[]): number {
  nonNegative('units', units);
  let cost = 0;
  let previous = 0;
  for (const tier of tiers) {
    if (units <= previous) break;
    const inTier = Math.min(units, tier.upTo) - previous;
    cost += (inTier / 1e6) * tier.usdPerMillion;
    previous = tier.upTo;
  }
  return cost;
}

/** Billable units for one request or message of `bytes`: 512 KB (HTTP) or 32 KB (WebSocket) increments; REST per request. */
export function meteredUnits(apiType: ApiType, bytes: number): number {
  nonNegative('bytes', bytes);
  if (apiType === 'REST') return 1;
  const increment = apiType === 'HTTP' ? HTTP_METERING_BYTES : WEBSOCKET_METERING_BYTES;
  return Math.max(1, Math.ceil(bytes / increment));
}

export interface MonthlyUsage {
  /** REST or HTTP: requests (already metered); WebSocket: messages (already metered). */
  units: number;
  /** WebSocket only: connection minutes. */
  connectionMinutes?: number;
  freeTier?: boolean;
}

export interface CostBreakdown {
  requestsOrMessagesUsd: number;
  connectionMinutesUsd: number;
  totalUsd: number;
}

/** Monthly cost for one API type's usage. */
export function monthlyCost(apiType: ApiType, usage: MonthlyUsage): CostBreakdown {
  const free = usage.freeTier ?? false;
  const units = nonNegative('units', usage.units);
  let requestsOrMessagesUsd: number;
  let connectionMinutesUsd = 0;
  if (apiType === 'REST') requestsOrMessagesUsd = tieredCost(Math.max(0, units - (free ? FREE_TIER.restRequests : 0)), REST_REQUEST_TIERS);
  else if (apiType === 'HTTP') requestsOrMessagesUsd = tieredCost(Math.max(0, units - (free ? FREE_TIER.httpRequests : 0)), HTTP_REQUEST_TIERS);
  else {
    requestsOrMessagesUsd = tieredCost(Math.max(0, units - (free ? FREE_TIER.websocketMessages : 0)), WEBSOCKET_MESSAGE_TIERS);
    const minutes = nonNegative('connectionMinutes', usage.connectionMinutes ?? 0);
    connectionMinutesUsd = (Math.max(0, minutes - (free ? FREE_TIER.websocketMinutes : 0)) / 1e6) * WEBSOCKET_MINUTE_USD_PER_MILLION;
  }
  return { requestsOrMessagesUsd, connectionMinutesUsd, totalUsd: requestsOrMessagesUsd + connectionMinutesUsd };
}

/** Price of one million requests or messages in the first tier: the "cost per million" people quote. */
export function firstTierPerMillion(apiType: ApiType): number {
  return (apiType === 'REST' ? REST_REQUEST_TIERS : apiType === 'HTTP' ? HTTP_REQUEST_TIERS : WEBSOCKET_MESSAGE_TIERS)[0].usdPerMillion;
}
