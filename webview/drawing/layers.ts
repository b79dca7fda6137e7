import type { Layer } from '../../simulator/trace/trace';

/*
 * The protocol layers the toolbar toggles, in stack order. Each layer has one CSS class
 * (`layer-tcp`, ...) that style.css maps to a --vscode-* colour, so every view colours a
 * layer the same way and a theme change needs no re-render.
 */

export const LAYERS: readonly Layer[] = ['dns', 'tcp', 'tls', 'http', 'ws', 'gateway', 'backend'];

export const LAYER_LABELS: Readonly<Record<Layer, string>> = {
  dns: 'DNS',
  tcp: 'TCP',
  tls: 'TLS',
  http: 'HTTP',
  ws: 'WebSocket',
  gateway: 'Gateway',
  backend: 'Backend',
};

export function isLayer(value: unknown): value is Layer {
  return typeof value === 'string' && (LAYERS as readonly string[]).includes(value);
}

/** The CSS class that colours an element by its layer. */
export function layerClass(layer: Layer): string {
  return `layer-${layer}`;
}
