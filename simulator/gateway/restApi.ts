import { executeApiId } from '../model/gateway';
import type { HeaderList, HttpRequest, HttpResponse } from '../net/http';
import { authorize } from './authorizers';
import { restGatewayError, type GatewayResponseType } from './gatewayResponses';
import { callIntegration } from './integration';
import { mapRequest, mapResponse, type MappingRequestInfo, type MethodResponse } from './mappingSteps';
import type { RequestIdentity } from './lambdaEvent';
import { epochMs, errorResponse, GATEWAY, httpDateAt, integrationTimeoutMs, requestId, shortId, traceId, unsampledTraceHeader, work, type GatewayEnvironment } from './pipeline';
import { MAX_PAYLOAD_BYTES, REST_INTEGRATION_TIMEOUT_MS } from './quotas';
import { matchRoute } from './routeMatch';
import { checkThrottles } from './throttling';
import { wafInspect } from './waf';

/*
 * A REST API request, stage by stage:
 *
 *   resource match ─▶ WAF ─▶ authorizer (IAM | Cognito | Lambda, cached) ─▶ API key and
 *   usage plan ─▶ stage/method and account throttles ─▶ request validation ─▶ request
 *   mapping (VTL) ─▶ integration ─▶ response mapping ─▶ method response
 *
 * Every stop on the way is a gateway response with its documented status and body, and
 * the x-amzn-RequestId / x-amz-apigw-id / x-amzn-ErrorType headers API Gateway adds.
 */

function header(request: HttpRequest, name: string): string | undefined {
  return request.headers.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

export function handleRestRequest(env: GatewayEnvironment, request: HttpRequest, respond: (response: HttpResponse) => void): void {
  const id = requestId(env.random);
  const apigwId = shortId(env.random);
  const trace = traceId(env.random, epochMs(env));
  env.state.requestCount++;
  const standard = (): HeaderList => [['Connection', 'keep-alive'], ['x-amzn-RequestId', id], ['x-amz-apigw-id', apigwId]];
  const fail = (type: GatewayResponseType, message?: string): void => {
    const error = restGatewayError(type);
    const body = message ? JSON.stringify({ message }) : error.body;
    const response = errorResponse(env, { ...error, body }, [...standard(), ...(error.errorType ? [['x-amzn-ErrorType', error.errorType] as const] : [])]);
    respond(response);
  };
  const stagePrefix = `/${env.stage.name}`;
  const [pathWithStage] = request.target.split('?');
  const path = pathWithStage === stagePrefix ? '/' : pathWithStage.startsWith(`${stagePrefix}/`) ? pathWithStage.slice(stagePrefix.length) : undefined;
  const match = path === undefined ? undefined : matchRoute(env.api, request.method, path);
  work(env, GATEWAY, match ? `resource match ${match.route.key}` : `no resource for ${request.method} ${request.target}`, env.latency.routingMs, () => {
    // The 10 MB payload limit is enforced before any route is looked at.
    if ((request.body?.length ?? 0) > MAX_PAYLOAD_BYTES) {
      fail('REQUEST_TOO_LARGE');
      return;
    }
    if (!match) {
      // Unknown resources and methods answer 403 Missing Authentication Token (DG supported-gateway-response-types).
      fail('MISSING_AUTHENTICATION_TOKEN');
      return;
    }
    const { route } = match;
    wafInspect(env, request, (blocked) => {
      if (blocked) return fail('WAF_FILTERED');
      authorize(env, env.api, route, request, (auth) => {
        if (auth.kind === 'deny') {
          const response = errorResponse(env, auth.error, [...standard(), ...(auth.error.errorType ? [['x-amzn-ErrorType', auth.error.errorType] as const] : [])]);
          respond(response);
          return;
        }
        const apiKey = header(request, 'x-api-key');
        const plan = apiKey ? env.api.usagePlans?.find((candidate) => candidate.apiKeys.includes(apiKey)) : undefined;
        if (route.apiKeyRequired && (!apiKey || !plan)) {
          work(env, GATEWAY, apiKey ? 'API key not in any usage plan' : 'no x-api-key header', 0, () => fail('INVALID_API_KEY'));
          return;
        }
        checkThrottles(env, route, plan, apiKey, (throttle) => {
          if (throttle.rejected) return fail(throttle.rejected);
          validate(env, route, request, (invalid) => {
            if (invalid) return fail(invalid.type, invalid.message);
            const integration = env.api.integrations.find((candidate) => candidate.id === route.integrationId);
            const nonProxy = integration && (integration.type === 'AWS' || integration.type === 'HTTP' || integration.type === 'MOCK');
            const identity: RequestIdentity = {
              accountId: env.accountId, apiId: executeApiId(env.api), stage: env.stage.name, requestId: id, timeEpoch: epochMs(env),
              sourceIp: '198.51.100.23', domainName: header(request, 'Host') ?? '', resourcePath: route.key.split(' ')[1] ?? '/',
              routeKey: route.key, pathParameters: match.pathParameters, ...(auth.context ? { authorizer: auth.context } : {}), traceId: trace,
            };
            const below: HttpRequest = { ...request, target: request.target.slice(stagePrefix.length) || '/' };
            const mappingInfo: MappingRequestInfo = { identity };
            // Non-proxy integrations run the request mapping template (VTL): its output is the integration request.
            const mapIn = (then: (integrationRequest: HttpRequest) => void): void => (nonProxy ? mapRequest(env, route, below, mappingInfo, (mapping) => {
              if (mapping.kind === 'unsupported-media-type') return fail('UNSUPPORTED_MEDIA_TYPE');
              if (mapping.kind === 'failed') return fail('API_CONFIGURATION_ERROR');
              then(mapping.request);
            }) : then(below));
            mapIn((integrationRequest) => {
              const timeoutMs = integrationTimeoutMs(env, integration, REST_INTEGRATION_TIMEOUT_MS.default, 504);
              callIntegration(env, { integration, request: integrationRequest, identity, payloadFormat: '1.0', timeoutMs, userAgent: header(request, 'User-Agent') ?? '' }, (outcome) => {
                if (outcome.kind === 'timeout') return fail('INTEGRATION_TIMEOUT');
                if (outcome.kind === 'malformed' || outcome.kind === 'function-error') {
                  // "If the function output is of a different format, API Gateway returns a 502" (DG set-up-lambda-proxy-integrations).
                  return respond(errorResponse(env, restGatewayError('MALFORMED_PROXY_RESPONSE'), [...standard(), ['x-amzn-ErrorType', 'InternalServerErrorException']]));
                }
                const integrationResponse: MethodResponse = { status: outcome.status, headers: outcome.headers, body: outcome.body };
                // ... and the response mapping template shapes what the client gets.
                const mapOut = (then: (response: MethodResponse) => void): void => (nonProxy ? mapResponse(env, route, below, mappingInfo, integrationResponse, (mapping) => {
                  if (mapping.kind === 'failed') return fail('API_CONFIGURATION_ERROR');
                  then(mapping.response);
                }) : then(integrationResponse));
                mapOut((response) => {
                  const headers: HeaderList = [
                    ['Date', httpDateAt(env)],
                    ...response.headers.filter(([name]) => name.toLowerCase() !== 'date'),
                    ...standard(),
                    ['X-Amzn-Trace-Id', unsampledTraceHeader(trace)],
                  ];
                  respond({ status: response.status, headers, body: Buffer.from(response.body, 'utf8') });
                });
              });
            });
          });
        });
      });
    });
  });
}

interface ValidationFailure {
  type: GatewayResponseType;
  message: string;
}

/** Request validation (DG api-gateway-method-request-validation): required parameters, then the body model's required properties. */
function validate(env: GatewayEnvironment, route: import('../model/gateway').Route, request: HttpRequest, done: (failure: ValidationFailure | undefined) => void): void {
  if (!route.validateBody && !route.validateParameters) {
    done(undefined);
    return;
  }
  let failure: ValidationFailure | undefined;
  if (route.validateParameters && route.requiredParameters) {
    // Names as API Gateway writes them: method.request.header.X, method.request.querystring.X, method.request.path.X.
    const query = new URLSearchParams(request.target.split('?')[1] ?? '');
    const missing = route.requiredParameters.filter((name) => {
      const [, where, key] = /^method\.request\.(header|querystring|path)\.(.+)$/.exec(name) ?? [undefined, 'header', name];
      if (where === 'querystring') return !query.has(key);
      if (where === 'path') return false; // a route with a path parameter only matches when it is present
      return !header(request, key);
    });
    if (missing.length > 0) failure = { type: 'BAD_REQUEST_PARAMETERS', message: `Missing required request parameters: [${missing.join(', ')}]` };
  }
  if (!failure && route.validateBody && route.requestModel) {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.from(request.body ?? new Uint8Array()).toString('utf8') || 'null');
    } catch {
      body = undefined;
    }
    const missing = route.requestModel.required.filter((property) => typeof body !== 'object' || body === null || !(property in body));
    if (env.faults.has('validation-failed') || missing.length > 0) failure = { type: 'BAD_REQUEST_BODY', message: 'Invalid request body' };
  }
  work(env, GATEWAY, failure ? `request validation failed: ${failure.message}` : 'request validation passed', env.latency.validationMs, () => done(failure),
    undefined, failure ? { code: failure.type, status: 400, message: failure.message } : undefined);
}
