import { scenarioCost } from '../simulator/gateway/cost';
import type { Api, GatewayModel, Route } from '../simulator/model/gateway';
import { simulateRouteRequest } from '../simulator/scenario/routeRequest';
import type { ScenarioOptions } from '../simulator/scenario/topology';
import { simulateWebSocketApiSession } from '../simulator/scenario/websocketApiSession';
import type { Trace } from '../simulator/trace/trace';

/*
 * A route's predicted flow, for hovers and CodeLens: the hops in order and the cold and warm
 * latency, from two simulations (a cold request, then a kept-alive one). Pure (no vscode
 * import); the host caches it per document version.
 */

export interface RoutePreview {
  hops: string[];
  auth: string;
  integration: string;
  coldMs: number;
  warmMs: number | undefined;
  bytesUp: number;
  bytesDown: number;
  costPerMillionUsd: number;
  trace: Trace;
}

const AUTH: Record<Route['authorizationType'], string> = {
  NONE: 'none', AWS_IAM: 'IAM (SigV4)', COGNITO_USER_POOLS: 'Cognito user pool', JWT: 'JWT', CUSTOM: 'Lambda authorizer',
};

export function previewRoute(model: GatewayModel, api: Api, route: Route, options: ScenarioOptions = {}): RoutePreview {
  const trace = api.type === 'WEBSOCKET'
    ? simulateWebSocketApiSession({ ...options, model, api: api.name, pushes: [{ afterMs: 1000, data: '{"status":"shipped"}' }] })
    : simulateRouteRequest({ ...options, model, api: api.name, route: route.key, requests: 2, keepAlive: true });
  const [cold, warm] = trace.summary.exchanges;
  const labels = new Map(trace.participants.map((participant) => [participant.id, participant.label]));
  const hops: string[] = [];
  for (const event of trace.events) {
    if (event.layer === 'tcp' || event.layer === 'tls' || event.layer === 'dns' || event.from === event.to) continue;
    const hop = labels.get(event.to) ?? event.to;
    if (hops[hops.length - 1] !== hop && !hops.includes(hop)) hops.push(hop);
  }
  const integration = api.integrations.find((candidate) => candidate.id === route.integrationId);
  const integrationText = !integration ? 'none'
    : integration.functionName ? `Lambda ${integration.functionName}${integration.type === 'AWS_PROXY' ? ' (proxy)' : ''}`
    : integration.connectionType === 'VPC_LINK' ? `${integration.type} via VPC link ${integration.vpcLinkId ?? ''}`.trim()
    : `${integration.type}${integration.uri ? ` ${integration.uri}` : ''}`;
  const cost = scenarioCost(api.type, trace);
  // Warm: a kept-alive request; for a WebSocket, a push reaching the open connection.
  const push = trace.summary.exchanges.find((exchange) => exchange.name.startsWith('push'));
  const warmMs = api.type === 'WEBSOCKET' ? (push ? push.firstByte - push.start : undefined) : warm ? warm.firstByte - warm.start : undefined;
  return {
    hops: ['Client', ...hops.filter((hop) => hop !== 'Client')],
    auth: AUTH[route.authorizationType] + (route.apiKeyRequired ? ' + API key' : ''),
    integration: integrationText,
    coldMs: cold ? cold.firstByte - cold.start : trace.summary.timeToFirstByteMs,
    warmMs,
    bytesUp: trace.summary.bytesUp,
    bytesDown: trace.summary.bytesDown,
    costPerMillionUsd: (cost.usd / Math.max(1, trace.summary.exchanges.length)) * 1e6,
    trace,
  };
}

/**
 * A small flow diagram for the hover: the hops as boxes joined by arrows, as an SVG data
 * URI (a hover renders images, not scripts). Mid-grey strokes and text read on light and
 * dark themes alike; labels are XML-escaped and cut to fit their box.
 */
export function flowSvg(hops: readonly string[]): string {
  const box = { width: 118, height: 34, gap: 22 };
  const width = hops.length * box.width + (hops.length - 1) * box.gap + 2;
  const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
  const shorten = (text: string): string => (text.length > 17 ? `${text.slice(0, 16)}…` : text);
  const parts = hops.map((hop, index) => {
    const x = 1 + index * (box.width + box.gap);
    const arrow = index === 0 ? '' : `<path d="M${x - box.gap + 2} 18 H${x - 4}" stroke="#8a8a8a" stroke-width="1.5" marker-end="url(#a)"/>`;
    return `${arrow}<rect x="${x}" y="1" width="${box.width}" height="${box.height}" rx="5" fill="none" stroke="#8a8a8a"/><text x="${x + box.width / 2}" y="22" text-anchor="middle" font-family="sans-serif" font-size="11" fill="#8a8a8a">${escapeXml(shorten(hop))}</text>`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${box.height + 2}" viewBox="0 0 ${width} ${box.height + 2}"><defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0 0 L8 4 L0 8 z" fill="#8a8a8a"/></marker></defs>${parts.join('')}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

/** Markdown for a hover: the flow, predictions, and command links (the host supplies their URIs). */
export function previewMarkdown(api: Api, route: Route, preview: RoutePreview, links: { simulate: string; showFlow: string }): string {
  const ms = (value: number): string => `${value.toFixed(0)} ms`;
  const escape = (text: string): string => text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (character) => `\\${character}`);
  return [
    `**${escape(api.name)}** · ${api.type} · ${escape(route.key)}`,
    '',
    // The diagram's alt text carries the full hop names, for screen readers and when images are off.
    `![${preview.hops.map(escape).join(' → ')}](${flowSvg(preview.hops)})`,
    '',
    `| | |`,
    `|---|---|`,
    `| Auth | ${escape(preview.auth)} |`,
    `| Integration | ${escape(preview.integration)} |`,
    `| Cold | ${ms(preview.coldMs)} (DNS, TCP, TLS and the pipeline) |`,
    ...(preview.warmMs !== undefined ? [`| ${api.type === 'WEBSOCKET' ? 'Push' : 'Warm'} | ${ms(preview.warmMs)} |`] : []),
    `| Bytes | ${preview.bytesUp} up · ${preview.bytesDown} down |`,
    `| Cost | $${preview.costPerMillionUsd.toFixed(2)} per million |`,
    '',
    `[Simulate](${links.simulate}) · [Show flow](${links.showFlow})`,
  ].join('\n');
}
