import { isMap } from './javaValues';

/**
 * `$context` as mapping templates see it (DG api-gateway-mapping-template-reference, "$context
 * variables for data models, authorizers, mapping templates, and access logging"), and the
 * overrides a template writes into it (DG apigateway-override-request-response-parameters):
 * `requestOverride.header|querystring|path.NAME` in a request template change the integration
 * request; `responseOverride.status` and `responseOverride.header.NAME` in a response template
 * change the method response.
 *
 * Assumption, named: a documented identity field the request does not have (`caller`, `user`,
 * the Cognito fields without Cognito credentials..., null in the proxy event) renders as the empty
 * string, as seen in Lambda non-proxy events, rather than as the literal reference.
 */

export type ContextFields = Record<string, unknown>;

/** The identity fields the DG lists, empty unless the request has them. */
const IDENTITY_FIELDS = [
  'accountId', 'apiKey', 'apiKeyId', 'caller', 'cognitoAuthenticationProvider', 'cognitoAuthenticationType', 'cognitoIdentityId',
  'cognitoIdentityPoolId', 'principalOrgId', 'sourceIp', 'user', 'userAgent', 'userArn',
] as const;

/**
 * The `$context` object for one evaluation: `fields` (what the request and the stage give, or
 * what a context.json names) deep-copied, the identity fields completed, and empty override maps
 * for the template to fill.
 */
export function contextVariable(fields: ContextFields): Record<string, unknown> {
  const context = structuredClone(fields) as Record<string, unknown>;
  const identity = isMap(context.identity) ? context.identity : {};
  for (const name of IDENTITY_FIELDS) if (identity[name] === undefined || identity[name] === null) identity[name] = '';
  context.identity = identity;
  context.requestOverride = { header: {}, querystring: {}, path: {} };
  context.responseOverride = { header: {} };
  return context;
}

/** What a request template asked to change in the integration request. */
export interface RequestOverrides {
  header: Record<string, string>;
  querystring: Record<string, string>;
  path: Record<string, string>;
}

/** What a response template asked to change in the method response. */
export interface ResponseOverrides {
  status?: number;
  header: Record<string, string>;
}

function stringMap(value: unknown): Record<string, string> {
  if (!isMap(value)) return {};
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) if (item !== undefined && item !== null) out[name] = String(item);
  return out;
}

export function requestOverrides(context: Record<string, unknown>): RequestOverrides {
  const override = isMap(context.requestOverride) ? context.requestOverride : {};
  return { header: stringMap(override.header), querystring: stringMap(override.querystring), path: stringMap(override.path) };
}

export function responseOverrides(context: Record<string, unknown>): ResponseOverrides {
  const override = isMap(context.responseOverride) ? context.responseOverride : {};
  const status = override.status === undefined || override.status === null ? undefined : Number(override.status);
  return { ...(status !== undefined && Number.isInteger(status) ? { status } : {}), header: stringMap(override.header) };
}
