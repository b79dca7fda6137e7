import type { Layer, Participant, TraceJson } from '../../simulator/trace/trace';
import { formatMs } from './format';
import { LAYERS, LAYER_LABELS } from './layers';
import { CHAR_WIDTH } from './textFit';
import { layoutSequence, type ArrowItem, type GroupItem, type SelfItem, type SequenceLayout } from './sequenceLayout';
import { arrowHead } from './arrowPaths';
import { xmlAttribute, xmlText } from './xml';

/*
 * A standalone SVG sequence diagram of a trace, written as a string (no DOM), for
 * `API Gateway: Export Trace...` and, later, the CLI. It draws the webview's own layout
 * (sequenceLayout.ts is pure: positions only), in compact time, one row per message
 * and no collapsed groups, so the file shows every message of the trace; an HTTP/2 stream's
 * frames sit under a bracket with the stream's header (streamGroups.ts), as the webview shows an
 * expanded stream:
 *
 *    title, layer legend
 *   ┌──────┬──────────────────────────────────────────┐
 *   │ ruler│  [Client]      [API Gateway]    [Lambda] │  participant boxes
 *   │ 0 ms │     │──── SYN ──────▶│              │    │  one <g class="message"> per event
 *   │ 20 ms│     │◀─ SYN, ACK ────│              │    │
 *   │ 30 ms│  ┌ stream 1 · GET /orders → 200 (4 frames, 1,212 B)   <g class="stream">
 *   │ 30 ms│  │  │── HEADERS [1] ─▶│              │    │
 *
 * Colours are concrete (no --vscode-* variables: the file leaves the editor), taken from VS
 * Code's Light Modern theme, the same values the webview shows in a light theme, on a white
 * background: exported diagrams end up in documents, tickets and slides, where white is the
 * norm. Every text from the config (API, route, participant and message names) goes through
 * xmlText/xmlAttribute (xml.ts), so a route called `<script>` stays text.
 */

export interface SequenceSvgOptions {
  /** Shown above the diagram, e.g. `shop-orders · POST /orders (request)`. */
  title?: string;
  /** Layers to draw (default: all). */
  layers?: ReadonlySet<Layer>;
}

/** VS Code Light Modern: charts-*, terminal-ansiCyan, foreground, descriptionForeground, editorWidget-background. */
const LIGHT = {
  background: '#ffffff',
  foreground: '#3b3b3b',
  muted: '#717171',
  widget: '#f8f8f8',
  error: '#e51400',
  layers: { dns: '#0598bc', tcp: '#717171', tls: '#bf8803', http: '#1a85ff', ws: '#388a34', gateway: '#d18616', backend: '#652d90' } satisfies Record<Layer, string>,
  kinds: {
    client: '#3b3b3b', dns: '#0598bc', edge: '#bf8803', gateway: '#d18616', waf: '#d18616', authorizer: '#d18616',
    integration: '#652d90', vpclink: '#652d90', loadbalancer: '#652d90', backend: '#652d90', server: '#652d90', database: '#388a34',
  } satisfies Record<Participant['kind'], string>,
};

const FONT = `-apple-system, BlinkMacSystemFont, 'Segoe UI', Ubuntu, 'DejaVu Sans', sans-serif`;
const RULER_WIDTH = 78;
const HEADER_HEIGHT = 54;
const ROW_HEIGHT = 30;
const COLUMN_SPACING = 180;
const MARGIN = 12;
const LABEL_SLACK = 24;

function number(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** The SVG document for `trace` (see the file comment). Deterministic: the same trace gives the same bytes. */
export function toSequenceSvg(trace: TraceJson, options: SequenceSvgOptions = {}): string {
  const layers = options.layers ?? new Set(LAYERS);
  const layout = layoutSequence(trace, { timeScale: 'compact', layers, width: 0, minColumnSpacing: COLUMN_SPACING, rowHeight: ROW_HEIGHT, collapseRepeats: false, expanded: 'all' });
  const shownLayers = LAYERS.filter((layer) => layout.items.some((item) => item.layer === layer));
  const titleHeight = options.title ? 26 : 0;
  const legendHeight = 22;
  const headerTop = MARGIN + titleHeight + legendHeight;
  const bodyTop = headerTop + HEADER_HEIGHT;
  // The layout fits labels by an average character width; bold (error) labels in a wide font run a little past it.
  const width = Math.max(RULER_WIDTH + layout.width, 420) + 2 * MARGIN + LABEL_SLACK;
  const height = bodyTop + layout.height + MARGIN;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<svg xmlns="http://www.w3.org/2000/svg" width="${number(width)}" height="${number(height)}" viewBox="0 0 ${number(width)} ${number(height)}" font-family="${xmlAttribute(FONT)}" font-size="12" fill="${LIGHT.foreground}">`,
    `<title>${xmlText(options.title ?? `Sequence of ${trace.scenario}`)}: ${layout.eventCount} messages</title>`,
    `<rect width="100%" height="100%" fill="${LIGHT.background}"/>`,
  ];
  if (options.title) out.push(`<text x="${MARGIN}" y="${MARGIN + 16}" font-size="15" font-weight="600">${xmlText(options.title)}</text>`);
  out.push(legend(shownLayers, MARGIN, MARGIN + titleHeight + 14));
  out.push(`<g transform="translate(${MARGIN},${headerTop})">`, participants(layout), '</g>');
  out.push(`<g transform="translate(${MARGIN},${bodyTop})">`, ruler(layout));
  out.push(`<g class="lifelines" transform="translate(${RULER_WIDTH},0)" stroke="${LIGHT.muted}" stroke-opacity="0.45" stroke-dasharray="3 4">`);
  for (const column of layout.columns) out.push(`<line x1="${column.x}" y1="0" x2="${column.x}" y2="${number(layout.height)}"/>`);
  out.push('</g>', `<g class="messages" transform="translate(${RULER_WIDTH},0)">`);
  for (const item of layout.items) {
    if (item.kind === 'arrow') out.push(arrow(item));
    else if (item.kind === 'self') out.push(selfStep(item));
    else out.push(streamHeader(item));
  }
  out.push('</g>', '</g>', '</svg>', '');
  return out.join('\n');
}

function legend(layers: readonly Layer[], x: number, y: number): string {
  const parts = ['<g class="legend">'];
  let offset = x;
  for (const layer of layers) {
    parts.push(`<line x1="${offset}" y1="${y - 4}" x2="${offset + 18}" y2="${y - 4}" stroke="${LIGHT.layers[layer]}" stroke-width="3"/>`,
      `<text x="${offset + 23}" y="${y}" font-size="11">${LAYER_LABELS[layer]}</text>`);
    offset += 31 + LAYER_LABELS[layer].length * CHAR_WIDTH;
  }
  parts.push('</g>');
  return parts.join('\n');
}

function participants(layout: SequenceLayout): string {
  const boxWidth = Math.min(layout.spacing - 14, 190);
  const parts = ['<g class="participants" font-weight="600" text-anchor="middle">'];
  for (const column of layout.columns) {
    const x = RULER_WIDTH + column.x;
    parts.push(`<g><title>${xmlText(column.label)}</title>`,
      `<rect x="${number(x - boxWidth / 2)}" y="6" width="${number(boxWidth)}" height="${HEADER_HEIGHT - 12}" rx="3" fill="${LIGHT.widget}" stroke="${LIGHT.kinds[column.kind]}"/>`);
    column.labelLines.forEach((line, index) => {
      parts.push(`<text x="${number(x)}" y="${number(HEADER_HEIGHT / 2 + 4 + (index - (column.labelLines.length - 1) / 2) * 15)}">${xmlText(line)}</text>`);
    });
    parts.push('</g>');
  }
  parts.push('</g>');
  return parts.join('\n');
}

/** The time of every row, right-aligned against the ruler's edge: compact time has no linear axis. */
function ruler(layout: SequenceLayout): string {
  const parts = [`<g class="ruler" font-size="11" fill="${LIGHT.muted}" text-anchor="end">`,
    `<line x1="${RULER_WIDTH - 4}" y1="0" x2="${RULER_WIDTH - 4}" y2="${number(layout.height)}" stroke="${LIGHT.muted}" stroke-opacity="0.6"/>`];
  for (const item of layout.items) parts.push(`<text x="${RULER_WIDTH - 10}" y="${number(item.y1 + 4)}">${xmlText(formatMs(item.time))}</text>`);
  parts.push('</g>');
  return parts.join('\n');
}

function colour(item: ArrowItem | SelfItem): string {
  return item.error ? LIGHT.error : LIGHT.layers[item.layer];
}

/** The label, with a halo in the background colour so that it stays readable across lifelines. */
function label(item: ArrowItem | SelfItem): string {
  const error = item.error ? ` fill="${LIGHT.error}" font-weight="600"` : '';
  return `<text x="${number(item.labelX)}" y="${number(item.labelY + item.labelDy)}" text-anchor="${item.labelAnchor}" paint-order="stroke" stroke="${LIGHT.background}" stroke-width="4" stroke-linejoin="round"${error}>${xmlText(item.label)}</text>`;
}

function open(item: ArrowItem | SelfItem): string {
  return `<g class="message layer-${item.layer}${item.error ? ' error' : ''}" data-event="${item.eventId}"><title>${xmlText(item.ariaLabel)}</title>`;
}

function arrow(item: ArrowItem): string {
  // The line stops at the arrowhead's base, so the head's point stays sharp (as in sequenceView.ts).
  const length = Math.hypot(item.x2 - item.x1, item.y2 - item.y1) || 1;
  const endX = item.x2 - ((item.x2 - item.x1) / length) * 6;
  const endY = item.y2 - ((item.y2 - item.y1) / length) * 6;
  const stroke = colour(item);
  const dash = item.error ? ' stroke-dasharray="6 3" stroke-width="2.2"' : ' stroke-width="1.6"';
  return `${open(item)}<line x1="${number(item.x1)}" y1="${number(item.y1)}" x2="${number(endX)}" y2="${number(endY)}" stroke="${stroke}"${dash}/>` +
    `<path d="${arrowHead(item.x1, item.y1, item.x2, item.y2)}" fill="${stroke}"/>${label(item)}</g>`;
}

/** An HTTP/2 stream's header and the bracket down to its last frame, as the webview draws an expanded group. */
function streamHeader(item: GroupItem): string {
  const x = item.x1 - 18;
  const bottom = Math.max(item.y2, item.y1 + 8) + 6;
  const stroke = item.error ? LIGHT.error : LIGHT.muted;
  const text = `<text x="${number(item.labelX)}" y="${number(item.labelY + item.labelDy)}" text-anchor="${item.labelAnchor}" fill="${item.error ? LIGHT.error : LIGHT.muted}" paint-order="stroke" stroke="${LIGHT.background}" stroke-width="4" stroke-linejoin="round">${xmlText(item.label.replace(/^▾ /, ''))}</text>`;
  return `<g class="stream"><title>${xmlText(item.ariaLabel.replace(/, expanded$/, ''))}</title><path d="M${number(x + 6)},${number(item.y1 - 8)}h-6V${number(bottom)}h6" fill="none" stroke="${stroke}" stroke-width="1.2"/>${text}</g>`;
}

/** A step inside one participant: a small loop beside its lifeline, as the webview draws it in compact time. */
function selfStep(item: SelfItem): string {
  const direction = item.labelAnchor === 'end' ? -1 : 1;
  const y = item.y1;
  const stroke = colour(item);
  return `${open(item)}<path d="M${number(item.x)},${number(y - 6)}h${direction * 16}v12h${-direction * 10}" fill="none" stroke="${stroke}" stroke-width="1.4"/>` +
    `<path d="${arrowHead(item.x + direction * 16, y + 6, item.x, y + 6, 7)}" fill="${stroke}"/>${label(item)}</g>`;
}
