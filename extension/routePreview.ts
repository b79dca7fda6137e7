import type { Api, Route } from '../simulator/model/gateway';
import type { ScenarioRun } from '../simulator/scenario/registry';
import type { Trace } from '../simulator/trace/trace';
import { flowImageSvg } from '../webview/drawing/flowImage';
import { routeHops } from '../webview/drawing/routeHops';

/*
 * A route's predicted flow, for hovers and CodeLens: the hops in order and the latencies of
 * the run the panel would show first (the route's default scenario). Pure (no vscode
 * import); the host caches the run per document version.
 */

export interface RoutePreview {
  hops: string[];
  auth: string;
  integration: string;
  coldMs: number;
  /** A kept-alive request's latency (a series), or a push's for a WebSocket session; absent when the run has none. */
  warmMs: number | undefined;
  bytesUp: number;
  bytesDown: number;
  /** The browser refused the fetch (CORS): Chromium's reason, which is why the flow stops short. */
  blockedBy?: string;
  /** What the client and the gateway spoke, as ALPN settled it: `h2`, or `HTTP/1.1` (always, for a WebSocket's Upgrade). */
  protocol: string;
  costPerMillionUsd: number;
  trace: Trace;
}

const AUTH: Record<Route['authorizationType'], string> = {
  NONE: 'none', AWS_IAM: 'IAM (SigV4)', COGNITO_USER_POOLS: 'Cognito user pool', JWT: 'JWT', CUSTOM: 'Lambda authorizer',
};

export function previewRoute(run: ScenarioRun): RoutePreview {
  const { api, route, trace } = run;
  // The route's own requests; a browser's CORS preflight is part of the first one's time to first byte, not a request of its own.
  const requests = trace.summary.exchanges.filter((exchange) => exchange.kind !== 'preflight');
  const [cold, warm] = requests;
  const integration = api.integrations.find((candidate) => candidate.id === route.integrationId);
  const integrationText = !integration ? 'none'
    : integration.functionName ? `Lambda ${integration.functionName}${integration.type === 'AWS_PROXY' ? ' (proxy)' : ''}`
    : integration.connectionType === 'VPC_LINK' ? `${integration.type} via VPC link ${integration.vpcLinkId ?? ''}`.trim()
    : `${integration.type}${integration.uri ? ` ${integration.uri}` : ''}`;
  // Warm: a kept-alive request; for a WebSocket, a push reaching the open connection.
  const push = trace.summary.exchanges.find((exchange) => exchange.kind === 'push');
  const warmMs = api.type === 'WEBSOCKET' ? (push ? push.firstByte - push.start : undefined) : warm ? warm.firstByte - warm.start : undefined;
  return {
    hops: routeHops(trace),
    auth: AUTH[route.authorizationType] + (route.apiKeyRequired ? ' + API key' : ''),
    integration: integrationText,
    coldMs: cold ? cold.firstByte - cold.start : trace.summary.timeToFirstByteMs,
    warmMs,
    bytesUp: trace.summary.bytesUp,
    bytesDown: trace.summary.bytesDown,
    costPerMillionUsd: (run.costUsd / Math.max(1, requests.length)) * 1e6,
    trace,
    protocol: trace.events.some((event) => event.from === 'client' && event.detail?.httpVersion === '2') ? 'h2' : 'HTTP/1.1',
    ...blocked(trace),
  };
}

/** Chromium's reason for blocking the route's fetch, if the browser blocked it. */
function blocked(trace: Trace): Pick<RoutePreview, 'blockedBy'> {
  const refused = trace.events.find((event) => event.kind === 'http.cors_check' && event.error);
  return refused?.error ? { blockedBy: refused.error.message.replace(/^.*has been blocked by CORS policy: /, '') } : {};
}

/** The flow image as a data URI, the form a hover's Markdown takes an image in. */
export function flowImageUri(hops: readonly string[]): string {
  return `data:image/svg+xml;base64,${Buffer.from(flowImageSvg(hops), 'utf8').toString('base64')}`;
}

/** Markdown for a hover: the flow, predictions, and command links (the host supplies their URIs). */
export function previewMarkdown(api: Api, route: Route, preview: RoutePreview, links: { simulate: string; showFlow: string; tryTemplate?: string }): string {
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  const escape = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (character) => `\\${character}`);
  return [
    `**${escape(api.name)}** · ${api.type} · ${escape(route.key)}`,
    '',
    // The diagram's alt text carries the full hop names, for screen readers and when images are off.
    `![${preview.hops.map(escape).join(' → ')}](${flowImageUri(preview.hops)})`,
    '',
    `| | |`,
    `|---|---|`,
    `| Auth | ${escape(preview.auth)} |`,
    `| Integration | ${escape(preview.integration)} |`,
    `| Protocol | ${escape(preview.protocol)}${api.type === 'WEBSOCKET' ? ' (the Upgrade; then WebSocket frames)' : ''} |`,
    // A browser on another origin is refused before the route runs: say so, or the short flow reads as the route's.
    ...(preview.blockedBy !== undefined ? [`| Browser | blocked by CORS: ${escape(preview.blockedBy)} |`] : []),
    `| Cold | ${ms(preview.coldMs)} (DNS, TCP, TLS and the pipeline) |`,
    ...(preview.warmMs !== undefined ? [`| ${api.type === 'WEBSOCKET' ? 'Push' : 'Warm'} | ${ms(preview.warmMs)} |`] : []),
    `| Bytes | ${preview.bytesUp} up · ${preview.bytesDown} down |`,
    `| Cost | $${preview.costPerMillionUsd.toFixed(2)} per million |`,
    '',
    `[Simulate](${links.simulate}) · [Show flow](${links.showFlow})${links.tryTemplate ? ` · [Try this template…](${links.tryTemplate})` : ''}`,
  ].join('\n');
}
