import type { Api, Route } from '../simulator/model/gateway';
import type { ScenarioRun } from '../simulator/scenario/registry';
import type { Trace } from '../simulator/trace/trace';

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
  costPerMillionUsd: number;
  trace: Trace;
}

const AUTH: Record<Route['authorizationType'], string> = {
  NONE: 'none', AWS_IAM: 'IAM (SigV4)', COGNITO_USER_POOLS: 'Cognito user pool', JWT: 'JWT', CUSTOM: 'Lambda authorizer',
};

export function previewRoute(run: ScenarioRun): RoutePreview {
  const { api, route, trace } = run;
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
  // Warm: a kept-alive request; for a WebSocket, a push reaching the open connection.
  const push = trace.summary.exchanges.find((exchange) => exchange.kind === 'push');
  const warmMs = api.type === 'WEBSOCKET' ? (push ? push.firstByte - push.start : undefined) : warm ? warm.firstByte - warm.start : undefined;
  return {
    hops: ['Client', ...hops.filter((hop) => hop !== 'Client')],
    auth: AUTH[route.authorizationType] + (route.apiKeyRequired ? ' + API key' : ''),
    integration: integrationText,
    coldMs: cold ? cold.firstByte - cold.start : trace.summary.timeToFirstByteMs,
    warmMs,
    bytesUp: trace.summary.bytesUp,
    bytesDown: trace.summary.bytesDown,
    costPerMillionUsd: (run.costUsd / Math.max(1, trace.summary.exchanges.length)) * 1e6,
    trace,
  };
}

/**
 * A small flow diagram for the hover: the hops as boxes joined by arrows, as an SVG data
 * URI (a hover renders images, not scripts, and an image cannot read the theme). So each
 * label sits on its own light box with dark text, legible on every theme (about 15:1),
 * and the arrows are a mid-grey that keeps 3:1 on light and dark hovers alike. A long hop
 * name wraps onto a second line at a space; labels are XML-escaped.
 */
export function flowSvg(hops: readonly string[]): string {
  const box = { width: 118, height: 34, gap: 22 };
  const width = hops.length * box.width + (hops.length - 1) * box.gap + 2;
  const escapeXml = (text: string): string => text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
  const text = (x: number, y: number, line: string): string =>
    `<text x="${x}" y="${y}" text-anchor="middle" font-family="sans-serif" font-size="11" fill="${HOVER_INK}">${escapeXml(line)}</text>`;
  const parts = hops.map((hop, index) => {
    const x = 1 + index * (box.width + box.gap);
    const arrow = index === 0 ? '' : `<path d="M${x - box.gap + 2} 18 H${x - 4}" stroke="${HOVER_LINE}" stroke-width="1.5" marker-end="url(#a)"/>`;
    const lines = labelLines(hop, 16);
    const centre = x + box.width / 2;
    const label = lines.length === 1 ? text(centre, 22, lines[0]) : text(centre, 15, lines[0]) + text(centre, 28, lines[1]);
    return `${arrow}<rect x="${x}" y="1" width="${box.width}" height="${box.height}" rx="5" fill="${HOVER_PAPER}" stroke="${HOVER_LINE}"/>${label}`;
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${box.height + 2}" viewBox="0 0 ${width} ${box.height + 2}"><defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0 0 L8 4 L0 8 z" fill="${HOVER_LINE}"/></marker></defs>${parts.join('')}</svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}

const HOVER_PAPER = '#f3f3f3';
const HOVER_INK = '#1f1f1f';
const HOVER_LINE = '#8a8a8a';

/** One line, or two split at the space nearest the middle; each cut with an ellipsis past `max` characters. */
export function labelLines(label: string, max: number): string[] {
  const cut = (line: string): string => (line.length > max ? `${line.slice(0, max - 1)}…` : line);
  if (label.length <= max) return [label];
  const spaces = [...label.matchAll(/ /g)].map((match) => match.index);
  if (spaces.length === 0) return [cut(label)];
  const split = spaces.reduce((best, at) => (Math.abs(at - label.length / 2) < Math.abs(best - label.length / 2) ? at : best));
  return [cut(label.slice(0, split)), cut(label.slice(split + 1))];
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
