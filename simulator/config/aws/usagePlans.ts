import type { Api, UsagePlan } from '../../model/gateway';

/*
 * Usage plans and API keys (REST APIs only): quota periods (UsagePlan quota `period`) and
 * where a method's API key comes from (RestApi `apiKeySource`).
 */

export const QUOTA_PERIODS: readonly NonNullable<UsagePlan['quota']>['period'][] = ['DAY', 'WEEK', 'MONTH'];

/** A quota period as written, in any case, or undefined when it is not DAY, WEEK or MONTH. */
export function parseQuotaPeriod(text: string | undefined): NonNullable<UsagePlan['quota']>['period'] | undefined {
  const upper = text?.toUpperCase();
  return (QUOTA_PERIODS as readonly string[]).includes(upper ?? '') ? upper as NonNullable<UsagePlan['quota']>['period'] : undefined;
}

/** "HEADER to read the API key from the X-API-Key header of a request; AUTHORIZER to read the API key from the UsageIdentifierKey from a custom authorizer" (RestApi apiKeySource; HEADER is the default). */
export const DEFAULT_API_KEY_SOURCE: NonNullable<Api['apiKeySource']> = 'HEADER';

export function parseApiKeySource(text: string | undefined): Api['apiKeySource'] | undefined {
  const upper = text?.toUpperCase();
  return upper === 'HEADER' || upper === 'AUTHORIZER' ? upper : undefined;
}
