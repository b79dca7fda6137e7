import { executeApiId } from '../model/gateway';
import { headerValue, type HeaderList, type HttpRequest, type HttpResponse } from '../net/http';
import { authorize } from './authorizers';
import { httpApiError, type HttpApiErrorKind } from './gatewayResponses';
import { callIntegration } from './integration';
import type { RequestIdentity } from './lambdaEvent';
import { epochMs, errorResponse, GATEWAY, httpDateAt, integrationTimeoutMs, shortId, traceId, work, type GatewayEnvironment } from './pipeline';
import { HTTP_INTEGRATION_TIMEOUT_MS, MAX_PAYLOAD_BYTES } from './quotas';
import { matchRoute } from './routeMatch';
import { checkThrottles } from './throttling';
import { gatewayAnswersPreflight, preflightAnswer, withCorsHeaders } from './httpApiCors';

/*
 * An HTTP API request: fewer stages than REST, by design (DG "Choose between REST APIs and
 * HTTP APIs"): no WAF, no API keys or usage plans, no request validation or mapping
 * templates.
 *
 *   route match ($default as fallback) ─▶ authorizer (JWT | Lambda | IAM) ─▶ stage/route
 *   and account throttles ─▶ integration (Lambda payload 2.0 or 1.0, HTTP proxy, VPC link)
 *
 * Responses carry `apigw-requestid`; errors are plain {"message": ...} bodies.
 */

export function handleHttpApiRequest(env: GatewayEnvironment, request: HttpRequest, respond: (response: HttpResponse) => void): void {
  const apigwId = shortId(env.random);
  env.state.requestCount++;
  const standard = (): HeaderList => [['Connection', 'keep-alive'], ['apigw-requestid', apigwId]];
  const fail = (kind: HttpApiErrorKind, extra: HeaderList = []): void => respond(errorResponse(env, httpApiError(kind), [...standard(), ...extra]));
  const stagePrefix = env.stage.name === '$default' ? '' : `/${env.stage.name}`;
  const [pathWithStage] = request.target.split('?');
  const path = stagePrefix === '' ? pathWithStage : pathWithStage.startsWith(`${stagePrefix}/`) || pathWithStage === stagePrefix ? pathWithStage.slice(stagePrefix.length) || '/' : undefined;
  const match = path === undefined ? undefined : matchRoute(env.api, request.method, path);
  const cors = env.api.cors;
  if (gatewayAnswersPreflight(cors, request, match?.route)) {
    // The gateway answers the preflight itself: no route, authorizer or integration (DG http-api-cors).
    const answer = preflightAnswer(cors, request);
    work(env, GATEWAY, answer.reason, env.latency.routingMs, () => respond({ status: answer.status, headers: [['Date', httpDateAt(env)], ...standard(), ...answer.headers] }));
    return;
  }
  // Every answer to a CORS request carries the configured CORS headers in place of the backend's.
  const reply = respond;
  respond = (response) => reply({ ...response, headers: withCorsHeaders(cors, request, response.headers) });
  work(env, GATEWAY, match ? `route match ${match.route.key}` : `no route for ${request.method} ${request.target}`, env.latency.routingMs, () => {
    if ((request.body?.length ?? 0) > MAX_PAYLOAD_BYTES) return fail('REQUEST_TOO_LARGE');
    if (!match) return fail('NOT_FOUND');
    const { route } = match;
    const identity: RequestIdentity = {
      accountId: env.accountId, apiId: executeApiId(env.api), stage: env.stage.name, requestId: apigwId, extendedRequestId: apigwId, timeEpoch: epochMs(env),
      sourceIp: '198.51.100.23', domainName: headerValue(request.headers, 'Host') ?? '', resourcePath: route.key.split(' ')[1] ?? '/',
      routeKey: route.key, pathParameters: match.pathParameters, traceId: traceId(env.random, epochMs(env)),
    };
    const userAgent = headerValue(request.headers, 'User-Agent') ?? '';
    authorize(env, env.api, route, request, { identity, userAgent }, (auth) => {
      if (auth.kind === 'deny') {
        respond(errorResponse(env, auth.error, [...standard(), ...(auth.headers ?? [])]));
        return;
      }
      checkThrottles(env, route, undefined, undefined, (throttle) => {
        if (throttle.rejected) return fail('THROTTLED');
        const integration = env.api.integrations.find((candidate) => candidate.id === route.integrationId);
        const timeoutMs = integrationTimeoutMs(env, integration, HTTP_INTEGRATION_TIMEOUT_MS.default, 503);
        const below: HttpRequest = { ...request, target: request.target.slice(stagePrefix.length) || '/' };
        callIntegration(env, { integration, request: below, identity: { ...identity, ...(auth.context ? { authorizer: auth.context } : {}) }, payloadFormat: integration?.payloadFormatVersion ?? '2.0', apiType: 'HTTP', timeoutMs, userAgent }, (outcome) => {
          // An HTTP API integration timeout answers 503 Service Unavailable (observed; not stated by AWS).
          if (outcome.kind === 'timeout') return fail('TIMEOUT');
          // A Lambda error or an unusable result: 500 {"message":"Internal Server Error"} (DG http-api-troubleshooting-lambda).
          const format = integration?.payloadFormatVersion ?? '2.0';
          if (outcome.kind === 'malformed' && format === '2.0') {
            // Format 2.0 infers a response from plain JSON: status 200, content-type application/json (DG http-api-develop-integrations-lambda).
            respond({ status: 200, headers: [['Date', httpDateAt(env)], ['Content-Type', 'application/json'], ...standard()], body: Buffer.from(env.backend.body, 'utf8') });
            return;
          }
          if (outcome.kind !== 'response') return fail('INTERNAL_ERROR');
          respond({
            status: outcome.status,
            headers: [['Date', httpDateAt(env)], ...outcome.headers.filter(([name]) => name.toLowerCase() !== 'date'), ...standard()],
            body: Buffer.from(outcome.body, 'utf8'),
          });
        });
      });
    });
  });
}
