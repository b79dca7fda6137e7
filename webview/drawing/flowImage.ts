import { wrapLabel } from './textFit';
import { xmlText } from './xml';

/*
 * A route's flow as a small image, for the editor's hover: the hops as boxes joined by arrows.
 * A hover renders images, not scripts, and an image cannot read the theme, so each label sits
 * on its own light box with dark text, legible on every theme (about 15:1), and the arrows are
 * a mid-grey that keeps 3:1 on light and dark hovers alike. A long hop name wraps onto a
 * second line at a space.
 */

const PAPER = '#f3f3f3';
const INK = '#1f1f1f';
const LINE = '#8a8a8a';
const BOX = { width: 118, height: 34, gap: 22 };
/** Characters of an 11px label that fit a box. */
const LINE_CHARS = 16;

/** The SVG document (text) of the flow through `hops`, left to right. */
export function flowImageSvg(hops: readonly string[]): string {
  const width = hops.length * BOX.width + (hops.length - 1) * BOX.gap + 2;
  const text = (x: number, y: number, line: string): string =>
    `<text x="${x}" y="${y}" text-anchor="middle" font-family="sans-serif" font-size="11" fill="${INK}">${xmlText(line)}</text>`;
  const parts = hops.map((hop, index) => {
    const x = 1 + index * (BOX.width + BOX.gap);
    const arrow = index === 0 ? '' : `<path d="M${x - BOX.gap + 2} 18 H${x - 4}" stroke="${LINE}" stroke-width="1.5" marker-end="url(#a)"/>`;
    const lines = wrapLabel(hop, LINE_CHARS);
    const centre = x + BOX.width / 2;
    const label = lines.length === 1 ? text(centre, 22, lines[0]) : text(centre, 15, lines[0]) + text(centre, 28, lines[1]);
    return `${arrow}<rect x="${x}" y="1" width="${BOX.width}" height="${BOX.height}" rx="5" fill="${PAPER}" stroke="${LINE}"/>${label}`;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${BOX.height + 2}" viewBox="0 0 ${width} ${BOX.height + 2}"><defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0 0 L8 4 L0 8 z" fill="${LINE}"/></marker></defs>${parts.join('')}</svg>`;
}
