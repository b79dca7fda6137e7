/*
 * SVG path data for the sequence diagram's marks, shared by the view (itemElements.ts) and the
 * SVG export. The view calls these with screen coordinates on every draw; the export with layout ones.
 */

/** Rounds a coordinate to hundredths: shorter path and attribute strings, the same pixels. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** SVG path of an arrowhead at (x2, y2) pointing away from (x1, y1), in whatever units the points are. */
export function arrowHead(x1: number, y1: number, x2: number, y2: number, size = 8): string {
  const length = Math.hypot(x2 - x1, y2 - y1) || 1;
  const ux = (x2 - x1) / length;
  const uy = (y2 - y1) / length;
  const baseX = x2 - ux * size;
  const baseY = y2 - uy * size;
  const px = -uy * size / 2;
  const py = ux * size / 2;
  const point = (x: number, y: number): string => `${round(x)},${round(y)}`;
  return `M${point(x2, y2)}L${point(baseX + px, baseY + py)}L${point(baseX - px, baseY - py)}Z`;
}

/**
 * One path for a whole arrow: the line from (x1, y1), stopped 6 px before the tip so that the
 * head's point stays sharp, then the head as a closed subpath. Drawn with one fill and one
 * stroke in the same colour: the open line encloses no area, so only the head is filled.
 */
export function arrowPath(x1: number, y1: number, x2: number, y2: number, size = 8): string {
  const length = Math.hypot(x2 - x1, y2 - y1) || 1;
  const endX = x2 - ((x2 - x1) / length) * 6;
  const endY = y2 - ((y2 - y1) / length) * 6;
  return `M${round(x1)},${round(y1)}L${round(endX)},${round(endY)}${arrowHead(x1, y1, x2, y2, size)}`;
}

/**
 * A self-event's loop beside its lifeline at x (compact time): out `direction` 16 px, down 12,
 * back towards the lifeline with an arrowhead, as one path like arrowPath. The loop is walked
 * out and back along itself, so that it encloses no area and the fill only paints the head.
 */
export function selfLoopPath(x: number, y: number, direction: 1 | -1): string {
  const out = direction * 16;
  const back = direction * 10;
  return `M${round(x)},${round(y - 6)}h${out}v12h${-back}h${back}v-12h${-out}${arrowHead(x + out, y + 6, x, y + 6, 7)}`;
}
