import { executeApiId, type Route } from '../model/gateway';
import { headerValue, type HeaderList, type HttpRequest, type HttpResponse } from '../net/http';
import { authorize } from './authorizers';
import { customizedRestError, restGatewayError, type GatewayError, type GatewayErrorDetail, type GatewayResponseType } from './gatewayResponses';
import { callIntegration } from './integration';
import { integrationResponseHeaders, selectedIntegrationResponse } from './integrationResponses';
import { mapRequest, mapResponse, type MappingRequestInfo, type MethodResponse } from './mappingSteps';
import type { RequestIdentity } from './lambdaEvent';
import { epochMs, errorResponse, GATEWAY, httpDateAt, integrationTimeoutMs, requestId, shortId, traceId, unsampledTraceHeader, work, type GatewayEnvironment } from './pipeline';
import { MAX_PAYLOAD_BYTES, REST_INTEGRATION_TIMEOUT_MS } from './quotas';
import { requestValidationFailure, type ValidationFailure } from './requestValidation';
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

export function handleRestRequest(env: GatewayEnvironment, request: HttpRequest, respond: (response: HttpResponse) => void): void {
  const id = requestId(env.random);
  const apigwId = shortId(env.random);
  const trace = traceId(env.random, epochMs(env));
  env.state.requestCount++;
  const standard = (): HeaderList => [['Connection', 'keep-alive'], ['x-amzn-RequestId', id], ['x-amz-apigw-id', apigwId]];
  // Every error the gateway answers itself goes through the API's gateway responses (DG api-gateway-gatewayResponse-definition).
  const failWith = (defaultError: GatewayError, detail: GatewayErrorDetail = {}): void => {
    const [pathWithStage, query = ''] = request.target.split('?');
    const context = {
      requestId: id, extendedRequestId: apigwId, apiId: executeApiId(env.api), stage: env.stage.name, accountId: env.accountId,
      httpMethod: request.method, path: pathWithStage, resourcePath: match?.route.key.split(' ')[1] ?? '', domainName: headerValue(request.headers, 'Host') ?? '',
      requestTimeEpoch: epochMs(env),
    };
    const { error, headers } = customizedRestError(env.api.gatewayResponses, defaultError, detail, { context },
      { headers: request.headers, query: new URLSearchParams(query), pathParameters: match?.pathParameters ?? {} });
    respond(errorResponse(env, error, [...standard(), ...(error.errorType ? [['x-amzn-ErrorType', error.errorType] as const] : []), ...headers]));
  };
  const fail = (type: GatewayResponseType, detail?: GatewayErrorDetail): void => failWith(restGatewayError(type), detail);
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
      const apiKeyValue = headerValue(request.headers, 'x-api-key');
      const identity: RequestIdentity = {
        accountId: env.accountId, apiId: executeApiId(env.api), stage: env.stage.name, requestId: id, extendedRequestId: apigwId, timeEpoch: epochMs(env),
        sourceIp: '198.51.100.23', domainName: headerValue(request.headers, 'Host') ?? '', resourcePath: route.key.split(' ')[1] ?? '/',
        routeKey: route.key, pathParameters: match.pathParameters, traceId: trace,
        // The key's id is the one API Gateway gives the key; the config names only the value, so an id is derived from it (an assumption).
        ...(route.apiKeyRequired && apiKeyValue ? { apiKey: { value: apiKeyValue, id: Buffer.from(apiKeyValue).toString('hex').slice(0, 10) } } : {}),
      };
      const userAgent = headerValue(request.headers, 'User-Agent') ?? '';
      authorize(env, env.api, route, request, { identity, userAgent }, (auth) => {
        if (auth.kind === 'deny') return failWith(auth.error);
        const apiKey = headerValue(request.headers, 'x-api-key');
        const plan = apiKey ? env.api.usagePlans?.find((candidate) => candidate.apiKeys.includes(apiKey)) : undefined;
        if (route.apiKeyRequired && (!apiKey || !plan)) {
          work(env, GATEWAY, apiKey ? 'API key not in any usage plan' : 'no x-api-key header', 0, () => fail('INVALID_API_KEY'));
          return;
        }
        checkThrottles(env, route, plan, apiKey, (throttle) => {
          if (throttle.rejected) return fail(throttle.rejected);
          validate(env, route, request, (invalid) => {
            if (invalid) return fail(invalid.type, invalid);
            const integration = env.api.integrations.find((candidate) => candidate.id === route.integrationId);
            const nonProxy = integration && (integration.type === 'AWS' || integration.type === 'HTTP' || integration.type === 'MOCK');
            const below: HttpRequest = { ...request, target: request.target.slice(stagePrefix.length) || '/' };
            const integrationIdentity: RequestIdentity = { ...identity, ...(auth.context ? { authorizer: auth.context } : {}) };
            const mappingInfo: MappingRequestInfo = { identity: integrationIdentity };
            // Non-proxy integrations run the request mapping template (VTL): its output is the integration request.
            const mapIn = (then: (integrationRequest: HttpRequest) => void): void => (nonProxy ? mapRequest(env, route, below, mappingInfo, (mapping) => {
              if (mapping.kind === 'unsupported-media-type') return fail('UNSUPPORTED_MEDIA_TYPE');
              if (mapping.kind === 'failed') return fail('API_CONFIGURATION_ERROR');
              then(mapping.request);
            }) : then(below));
            mapIn((integrationRequest) => {
              const timeoutMs = integrationTimeoutMs(env, integration, REST_INTEGRATION_TIMEOUT_MS.default, 504);
              callIntegration(env, { integration, request: integrationRequest, identity: integrationIdentity, payloadFormat: '1.0', apiType: 'REST', timeoutMs, userAgent }, (outcome) => {
                if (outcome.kind === 'timeout') return fail('INTEGRATION_TIMEOUT');
                if (outcome.kind === 'malformed' || outcome.kind === 'function-error') {
                  // "If the function output is of a different format, API Gateway returns a 502" (DG set-up-lambda-proxy-integrations).
                  return fail('MALFORMED_PROXY_RESPONSE');
                }
                // A custom integration's answer takes the status of the integration response it selects.
                const selected = nonProxy && integration ? selectedIntegrationResponse(route.integrationResponses, integration.type, outcome.status) : undefined;
                const status = selected?.statusCode ?? outcome.status;
                // ... and its response parameters set the method response's headers (a MOCK preflight's Access-Control-Allow-*).
                const mapped = integrationResponseHeaders(selected, outcome.headers);
                const integrationResponse: MethodResponse = { status, headers: nonProxy ? [...outcome.headers.filter(([name]) => !mapped.some(([other]) => other.toLowerCase() === name.toLowerCase())), ...mapped] : outcome.headers, body: outcome.body };
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

/** Request validation (DG api-gateway-method-request-validation): required parameters, then the body against its model (requestValidation.ts). */
function validate(env: GatewayEnvironment, route: Route, request: HttpRequest, done: (failure: ValidationFailure | undefined) => void): void {
  if (!route.validateBody && !route.validateParameters) {
    done(undefined);
    return;
  }
  const failure = requestValidationFailure(route, request, env.faults.has('validation-failed'));
  // The reason in words is the validator's detail, as the execution log writes it.
  const reason = failure && (failure.type === 'BAD_REQUEST_BODY' ? `${failure.message}: ${failure.validationErrorString}` : failure.message);
  work(env, GATEWAY, failure ? `request validation failed: ${reason}` : 'request validation passed', env.latency.validationMs, () => done(failure),
    { pipelineStage: 'validation' }, failure ? { code: failure.type, status: 400, message: reason! } : undefined);
}
