import type { Integration } from '../model/gateway';
import type { HeaderList, HttpRequest } from '../net/http';
import { proxyEventV1, proxyEventV2, proxyResult, type RequestIdentity } from './lambdaEvent';
import { declare, epochMs, GATEWAY, hop, httpHop, httpResponseHop, traceId, work, type GatewayEnvironment } from './pipeline';

/*
 * The integration call: API Gateway -> Lambda, an HTTP endpoint, a private load balancer
 * through a VPC link, an AWS service, or a MOCK; then the answer back, or a timeout.
 *
 *   gateway ──Invoke──▶ Lambda            gateway ──HTTP──▶ NLB/ALB ──▶ EC2/EKS target
 *   gateway ◀─result─── Lambda            gateway ◀─HTTP─── NLB/ALB ◀── target
 */

export type IntegrationOutcome =
  | { kind: 'response'; status: number; headers: HeaderList; body: string }
  | { kind: 'timeout' }
  | { kind: 'malformed' }
  | { kind: 'function-error' };

export interface IntegrationCall {
  integration: Integration | undefined;
  request: HttpRequest;
  identity: RequestIdentity;
  /** Lambda proxy payload format: REST always 1.0; HTTP APIs 2.0 by default. */
  payloadFormat: '1.0' | '2.0';
  /** Which API's payload 1.0: REST's has no `version` field, the HTTP API's does. */
  apiType?: 'REST' | 'HTTP';
  timeoutMs: number;
  userAgent: string;
  /** The Lambda event to send as is, instead of one built from `request` (WebSocket routes). */
  event?: string;
  /** Work the function does with other services before it returns (e.g. a DynamoDB write). */
  sideEffect?: (functionId: string, then: () => void) => void;
}

function lambdaId(functionName: string): string {
  return `lambda:${functionName}`;
}

/** Calls the integration; `done` runs once, with the answer or the timeout, whichever comes first. */
export function callIntegration(env: GatewayEnvironment, call: IntegrationCall, done: (outcome: IntegrationOutcome) => void): void {
  const start = env.simulation.now;
  let settled = false;
  const finish = (outcome: IntegrationOutcome): void => {
    if (settled) return;
    settled = true;
    done(outcome);
  };
  env.simulation.schedule(call.timeoutMs, () => {
    if (settled) return;
    work(env, GATEWAY, `integration timeout after ${call.timeoutMs} ms`, 0, () => finish({ kind: 'timeout' }), undefined,
      { code: 'INTEGRATION_TIMEOUT', message: `no answer from the integration within ${call.timeoutMs} ms` });
  });
  // A backend slower than the timeout, for the integration-timeout fault.
  const duration = env.faults.has('integration-timeout') ? call.timeoutMs + 1000 : env.backend.durationMs;
  const integration = call.integration;
  if (!integration || integration.type === 'MOCK') {
    const status = integration ? mockStatus(call.request.body) ?? env.backend.status : env.backend.status;
    work(env, GATEWAY, 'MOCK integration', 1, () => finish({ kind: 'response', status, headers: headerList(env.backend.headers), body: env.backend.body }));
    return;
  }
  if ((integration.type === 'AWS_PROXY' || integration.type === 'AWS') && integration.functionName) {
    invokeLambda(env, call, integration, integration.functionName, duration, finish, start);
    return;
  }
  // An AWS service action: a REST AWS integration, or an HTTP API first-class integration (EventBridge, SQS, ...).
  if ((integration.type === 'AWS' || integration.type === 'AWS_PROXY') && integration.serviceAction && !integration.functionName) {
    const service = declare(env, `aws:${integration.serviceAction.split(':')[0]}`, integration.serviceAction.split(':')[0], 'backend');
    const body = call.request.body ? Buffer.from(call.request.body).toString('utf8') : '{}';
    hop(env, GATEWAY, service, integration.serviceAction, body.length, () => {
      work(env, service, integration.serviceAction!, env.latency.dynamoDbMs, () => {
        hop(env, service, GATEWAY, `${integration.serviceAction} result`, env.backend.body.length, () => finish({ kind: 'response', status: 200, headers: [], body: env.backend.body }), { layer: 'backend' });
      });
    }, { layer: 'backend' });
    return;
  }
  callHttpBackend(env, call, integration, duration, finish);
}

/**
 * A MOCK integration answers with the status its integration request names: "For a method with
 * the mock integration to return a 200 response, configure the integration request body mapping
 * template to return {"statusCode": 200}" (DG how-to-mock-integration). None named: the default.
 */
function mockStatus(body: Uint8Array | undefined): number | undefined {
  if (!body || body.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body).toString('utf8'));
    const status = typeof parsed === 'object' && parsed !== null ? (parsed as { statusCode?: unknown }).statusCode : undefined;
    return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : undefined;
  } catch {
    return undefined;
  }
}

function headerList(headers: Record<string, string> | undefined): HeaderList {
  return Object.entries(headers ?? {});
}

function invokeLambda(
  env: GatewayEnvironment, call: IntegrationCall, integration: Integration, functionName: string, duration: number,
  finish: (outcome: IntegrationOutcome) => void, start: number,
): void {
  const fn = declare(env, lambdaId(functionName), `Lambda ${functionName}`, 'backend');
  const proxy = integration.type === 'AWS_PROXY';
  const event = call.event ?? (proxy
    ? call.payloadFormat === '2.0' ? proxyEventV2(call.request, call.identity, call.userAgent) : proxyEventV1(call.request, call.identity, call.userAgent)
    : call.request.body ? Buffer.from(call.request.body).toString('utf8') : '{}');
  // Warm by default, as in steady traffic; the cold-start fault starts a new execution environment.
  const cold = env.faults.has('cold-start') && !env.state.warmFunctions.has(functionName);
  env.state.warmFunctions.add(functionName);
  hop(env, GATEWAY, fn, `Invoke ${functionName}${proxy && !call.event ? ` (payload ${call.payloadFormat})` : ''}`, Buffer.byteLength(event), () => {
    const runtime = env.latency.lambdaInvokeOverheadMs + (cold ? env.latency.lambdaColdStartMs : 0) + duration;
    work(env, fn, cold ? `cold start + handler (${Math.round(runtime)} ms)` : `handler (${Math.round(runtime)} ms)`, runtime, () => (call.sideEffect ?? ((_id, then) => then()))(fn, () => {
      let result: string;
      let outcome: IntegrationOutcome;
      if (env.faults.has('lambda-error')) {
        result = JSON.stringify({ errorMessage: 'Cannot read properties of undefined (reading \'orderId\')', errorType: 'TypeError', trace: [] });
        outcome = { kind: 'function-error' };
      } else if (env.faults.has('malformed-proxy-response') && proxy) {
        // A handler that returns its data instead of {statusCode, body}: API Gateway cannot map it.
        result = env.backend.body;
        outcome = { kind: 'malformed' };
      } else if (proxy) {
        result = proxyResult(env.backend.status, { 'Content-Type': 'application/json', ...env.backend.headers }, env.backend.body);
        outcome = { kind: 'response', status: env.backend.status, headers: [['Content-Type', 'application/json'], ...headerList(env.backend.headers)], body: env.backend.body };
      } else {
        result = env.backend.body;
        outcome = { kind: 'response', status: 200, headers: [['Content-Type', 'application/json']], body: env.backend.body };
      }
      const late = env.simulation.now - start >= call.timeoutMs;
      hop(env, fn, GATEWAY, `${functionName} result`, Buffer.byteLength(result), () => finish(outcome), {
        layer: 'backend', payload: Buffer.from(result, 'utf8'),
        detail: { coldStart: cold, ...(late ? { discarded: 'arrived after the integration timeout' } : {}) },
      });
    }), { coldStart: cold, durationMs: duration, ...(cold ? { coldStartMs: env.latency.lambdaColdStartMs } : {}) }, undefined, 'backend');
  }, { layer: 'backend', kind: 'backend.invoke', payload: Buffer.from(event, 'utf8'), detail: { payloadFormat: call.event ? 'WebSocket event' : proxy ? call.payloadFormat : 'non-proxy', routeKey: call.identity.routeKey } });
}

/** The backend URL, or a stand-in when the config holds an ARN, a placeholder or nothing (a VPC link's listener). */
function backendUrl(uri: string | undefined): URL {
  try {
    if (uri && /^https?:\/\//.test(uri)) return new URL(uri);
  } catch {
    // fall through: not a usable URL
  }
  return new URL('http://backend.internal/');
}

function callHttpBackend(env: GatewayEnvironment, call: IntegrationCall, integration: Integration, duration: number, finish: (outcome: IntegrationOutcome) => void): void {
  const uri = backendUrl(integration.uri);
  const secure = uri.protocol === 'https:';
  // A custom (non-proxy) HTTP integration calls its URI with its own method, the query string its
  // parameters map (DG setup-http-integrations); a proxy integration appends the client's path.
  const custom = integration.type === 'HTTP';
  const query = call.request.target.split('?').slice(1).join('?');
  const forwarded: HttpRequest = {
    method: (custom ? integration.httpMethod : undefined) ?? call.request.method,
    target: custom ? `${uri.pathname}${uri.search || (query ? `?${query}` : '')}` : `${uri.pathname.replace(/\/$/, '')}${call.request.target}`,
    headers: [['Host', uri.host], ...call.request.headers.filter(([name]) => name.toLowerCase() !== 'host'), ['X-Amzn-Trace-Id', call.identity.traceId ?? traceId(env.random, epochMs(env))]],
    ...(call.request.body ? { body: call.request.body } : {}),
  };
  // JSON unless the backend says what it answers (a SOAP service: text/xml).
  const backendHeaders = headerList(env.backend.headers);
  const answerHeaders: HeaderList = backendHeaders.some(([name]) => name.toLowerCase() === 'content-type') ? backendHeaders : [['Content-Type', 'application/json'], ...backendHeaders];
  const respond = (status: number): void => finish({ kind: 'response', status, headers: answerHeaders, body: env.backend.body });
  const answer = (from: string, to: string, then: () => void): void => httpResponseHop(env, from, to, {
    status: env.backend.status, headers: answerHeaders, body: Buffer.from(env.backend.body, 'utf8'),
  }, secure, then);
  if (integration.connectionType === 'VPC_LINK') {
    const link = env.model.vpcLinks.find((candidate) => candidate.id === integration.vpcLinkId);
    const balancerKind = link?.target === 'ALB' ? 'ALB' : link?.target === 'CLOUD_MAP' ? 'Cloud Map' : 'NLB';
    const balancer = declare(env, 'loadbalancer', `${balancerKind} (VPC link ${link?.name ?? integration.vpcLinkId})`, 'loadbalancer');
    const target = declare(env, 'target', `${link?.targetKind ?? 'EC2'} target`, 'backend');
    httpHop(env, GATEWAY, balancer, forwarded, secure, () => {
      work(env, balancer, `${balancerKind} forwards to a target`, env.latency.loadBalancerMs, () => {
        httpHop(env, balancer, target, forwarded, secure, () => {
          work(env, target, `service handles ${call.request.method} ${call.request.target}`, duration, () => {
            answer(target, balancer, () => answer(balancer, GATEWAY, () => respond(env.backend.status)));
          });
        });
      });
    });
    return;
  }
  const backend = declare(env, 'http-backend', uri.host, 'backend');
  httpHop(env, GATEWAY, backend, forwarded, secure, () => {
    work(env, backend, `${uri.host} handles ${call.request.method} ${call.request.target}`, duration, () => {
      answer(backend, GATEWAY, () => respond(env.backend.status));
    });
  });
}
