import type { Layer } from '../../simulator/trace/trace';
import { LAYERS } from '../../webview/drawing/layers';
import type { SequenceOptions } from '../../webview/drawing/sequenceLayout';

/** Every layer shown. */
export const ALL_LAYERS: ReadonlySet<Layer> = new Set(LAYERS);

/** The options the sequence tests start from: compact time, every layer, a 900 px panel. */
export function sequenceOptions(overrides: Partial<SequenceOptions> = {}): SequenceOptions {
  return { timeScale: 'compact', layers: ALL_LAYERS, width: 900, ...overrides };
}
