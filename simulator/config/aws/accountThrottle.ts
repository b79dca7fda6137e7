import type { Throttle } from '../../model/gateway';

/*
 * The account-level throttle: the ceiling every stage, route and usage plan limit sits
 * under, and the value a limit takes when only one half of it is set. DG = API Gateway
 * Developer Guide, https://docs.aws.amazon.com/apigateway/latest/developerguide/<page>.html.
 */

/**
 * Account-level throttle per Region, shared by REST, HTTP, WebSocket and @connections:
 * "10,000 requests per second (RPS) with an additional burst capacity ... maximum bucket
 * capacity of 5,000 requests" (DG limits, "API Gateway quotas").
 */
export const ACCOUNT_THROTTLE = { rateLimit: 10_000, burstLimit: 5_000 } as const;

/**
 * Regions whose default account throttle is "2500 RPS and ... burst quota is 1250 RPS"
 * (DG limits): Cape Town, Milan, Jakarta, UAE, Hyderabad, Melbourne, Spain, Zurich,
 * Tel Aviv, Calgary, Malaysia, Thailand, Mexico (Central).
 */
export const LOWER_THROTTLE_REGIONS: readonly string[] = [
  'af-south-1', 'eu-south-1', 'ap-southeast-3', 'me-central-1', 'ap-south-2', 'ap-southeast-4', 'eu-south-2',
  'eu-central-2', 'il-central-1', 'ca-west-1', 'ap-southeast-5', 'ap-southeast-7', 'mx-central-1',
];
export const LOWER_ACCOUNT_THROTTLE = { rateLimit: 2_500, burstLimit: 1_250 } as const;

/** The account throttle of a Region. */
export function accountThrottle(region: string): { rateLimit: number; burstLimit: number } {
  return LOWER_THROTTLE_REGIONS.includes(region) ? LOWER_ACCOUNT_THROTTLE : ACCOUNT_THROTTLE;
}

/**
 * The throttle a stage, route or usage plan sets, from its rate and burst as written.
 * Undefined when neither is set. A half left unset, or negative (the API's -1, "throttling
 * disabled", which the Terraform provider writes as its default), is the account's limit in
 * that Region: without a stage or plan limit, the account-level limit applies (DG "Throttle
 * requests to your REST APIs for better throughput").
 */
export function throttleOrAccountLimit(rate: number | undefined, burst: number | undefined, region: string): Throttle | undefined {
  const rateLimit = rate !== undefined && rate >= 0 ? rate : undefined;
  const burstLimit = burst !== undefined && burst >= 0 ? burst : undefined;
  if (rateLimit === undefined && burstLimit === undefined) return undefined;
  const account = accountThrottle(region);
  return { rateLimit: rateLimit ?? account.rateLimit, burstLimit: burstLimit ?? account.burstLimit };
}
