import type { TimeScale } from '../drawing/sequenceLayout';

/*
 * Where the sequence diagram starts when it is shown again. Another route has other columns:
 * a sideways scroll kept from the previous route can leave the Client column off-screen, so
 * both scrolls go back to the start. The same route again (the host re-simulates on save, a
 * layer is toggled, a group expanded) keeps the zoom, the vertical position and the sideways
 * scroll the user had.
 */

/** What the view showed last, or is about to show. */
export interface ShownSequence {
  routeId: string;
  timeScale: TimeScale;
}

export interface StartPosition {
  /** `saved`: a zoom restored from the panel's state; `kept`: where the user was; `initial`: the top. */
  vertical: 'saved' | 'kept' | 'initial';
  /** Scroll the columns back to the left edge. */
  resetHorizontal: boolean;
}

/**
 * The start position for showing `next` after `previous` (undefined: nothing shown yet).
 * `savedZoom`: the panel's state has a zoom for this route; `keepPosition`: the caller asks
 * to stay where the user was (a layer toggled, a group expanded, a re-simulation).
 */
export function startPosition(previous: ShownSequence | undefined, next: ShownSequence, options: { savedZoom: boolean; keepPosition: boolean }): StartPosition {
  const routeChanged = previous !== undefined && previous.routeId !== next.routeId;
  if (routeChanged) return { vertical: options.savedZoom ? 'saved' : 'initial', resetHorizontal: true };
  if (options.savedZoom) return { vertical: 'saved', resetHorizontal: false };
  // A new time scale has another height: the old offset means nothing in it.
  const kept = options.keepPosition && previous !== undefined && previous.timeScale === next.timeScale;
  return { vertical: kept ? 'kept' : 'initial', resetHorizontal: false };
}
