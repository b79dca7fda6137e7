import { SimulatorError } from '../errors';
import type { Api, GatewayModel, Route } from '../model/gateway';
import type { EventKind } from '../trace/trace';
import { resolveRoute, runScenario, type RouteRef, type RunOptions } from './registry';

/*
 * The exact event a route's Lambda function (or its Lambda authorizer) receives: a
 * route-specific `sam local generate-event`. It is not built a second time here: the route's
 * scenario runs, and the event is the payload of the trace's invoke hop, so what is printed
 * and what the trace counts are the same bytes by construction.
 */

/** What the route's request scenario takes (seed, client, network, stage, faults...), and which function's event. */
export interface RouteEventOptions extends RunOptions {
  /** The route's Lambda authorizer's input instead of the integration's. */
  authorizer?: boolean;
}

export interface RouteEvent {
  api: Api;
  route: Route;
  /** The function that receives the event. */
  functionName: string;
  /** The event as the function receives it: the bytes of the invoke hop. */
  event: string;
}

function noEvent(message: string): SimulatorError {
  return new SimulatorError('NO_LAMBDA_EVENT', message);
}

/** The Lambda function a route's integration (or authorizer) invokes, or a NO_LAMBDA_EVENT error saying why there is none. */
function receiver(api: Api, route: Route, authorizer: boolean): string {
  const name = `${api.name} ${route.key}`;
  if (authorizer) {
    const found = api.authorizers.find((candidate) => candidate.id === route.authorizerId);
    if (route.authorizationType !== 'CUSTOM' || !found) {
      throw noEvent(`${name} has no Lambda authorizer (authorization ${route.authorizationType}${found ? `, ${found.type} authorizer ${found.name}` : ''}): no authorizer event to show`);
    }
    // A WebSocket API runs its authorizer on $connect only (DG apigateway-websocket-api-lambda-auth).
    if (api.type === 'WEBSOCKET' && route.key !== '$connect') throw noEvent(`${name}: a WebSocket API's authorizer runs on $connect only; use --route '$connect'`);
    return found.functionName ?? found.name;
  }
  const integration = api.integrations.find((candidate) => candidate.id === route.integrationId);
  if (!integration || !(integration.type === 'AWS_PROXY' || integration.type === 'AWS') || !integration.functionName) {
    const what = !integration ? 'no integration' : integration.serviceAction ? `an ${integration.type} integration with ${integration.serviceAction}` : `an ${integration.type} integration`;
    throw noEvent(`${name} has ${what}, not a Lambda function: no Lambda event to show`);
  }
  return integration.functionName;
}

/** Runs the route's scenario once and returns the event its Lambda function (or authorizer) receives. */
export function routeLambdaEvent(model: GatewayModel, ref: RouteRef, options: RouteEventOptions = {}): RouteEvent {
  const { api, route } = resolveRoute(model, ref);
  const authorizer = options.authorizer ?? false;
  const functionName = receiver(api, route, authorizer);
  const run: RunOptions = { ...options, requests: 1 };
  delete (run as RouteEventOptions).authorizer;
  const { trace } = runScenario(model, ref, api.type === 'WEBSOCKET' ? 'ws-session' : 'request', run);
  const kind: EventKind = authorizer ? 'gateway.authorize' : 'backend.invoke';
  const hop = trace.events.find((event) => event.kind === kind && event.detail?.routeKey === route.key && event.payload);
  if (!hop?.payload) throw noEvent(`the simulated request to ${api.name} ${route.key} did not reach ${functionName}`);
  return { api, route, functionName, event: Buffer.from(hop.payload).toString('utf8') };
}
