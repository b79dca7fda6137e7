import type { RulerBlock } from './compactRuler';

/*
 * Draws the compact ruler's blocks (compactRuler.ts) in the sticky ruler: HTML text in a
 * <foreignObject>, one absolutely placed <div> per block, right-aligned at the ruler's edge.
 *
 * A block's lines are `lineHeight` apart, the rows' height on screen. The browser puts a line's
 * baseline at half the line height plus half the font's ascent minus its descent; that last
 * part is the font's, so it is measured once, in a probe line of height 0, and a block is
 * placed so that each baseline falls where an SVG <text y> would put it: 4 px below the row's middle.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

interface DrawnBlock {
  node: HTMLDivElement;
  text?: string;
  top?: number;
  lineHeight?: number;
}

export class RulerTimes {
  /** The blocks' container, `width` wide so that its right edge is where the times end; empty in proportional time. */
  readonly element = document.createElementNS(SVG_NS, 'foreignObject');
  private readonly probe = document.createElement('div');
  private readonly blocks: DrawnBlock[] = [];
  /** Where a line's baseline is below its middle, for the ruler's font. */
  private baselineShift: number | undefined;
  private height: number | undefined;

  constructor(width: number) {
    this.element.setAttribute('class', 'compact-times');
    this.element.setAttribute('width', String(width));
    this.probe.className = 'baseline-probe';
    this.probe.append(document.createElement('span'), document.createTextNode('0'));
    this.element.append(this.probe);
  }

  /**
   * Reads where the ruler font's baseline sits in a line, once the ruler is laid out (a read of
   * layout: call it where the page was just laid out anyway). Until then lines sit on their middles.
   */
  measure(): void {
    if (this.baselineShift !== undefined || !this.element.isConnected) return;
    const line = this.probe.getBoundingClientRect();
    // offsetTop would round: the rectangles keep the fraction.
    if (line.width > 0) this.baselineShift = (this.probe.firstChild as HTMLElement).getBoundingClientRect().top - line.top;
  }

  /**
   * Shows `blocks` in a ruler `height` tall; `baseline(row)` is the screen y where the time of
   * row `row` stands (its baseline), `lineHeight` the rows' height on screen.
   */
  update(blocks: readonly RulerBlock[], baseline: (row: number) => number, lineHeight: number, height: number): void {
    if (this.height !== height) this.element.setAttribute('height', String((this.height = height)));
    const shift = this.baselineShift ?? 0;
    blocks.forEach((block, index) => {
      let drawn = this.blocks[index];
      if (!drawn) {
        drawn = { node: document.createElement('div') };
        this.blocks.push(drawn);
        this.element.append(drawn.node);
      }
      const text = block.lines.join('\n');
      if (drawn.text !== text) drawn.node.textContent = drawn.text = text;
      if (drawn.lineHeight !== lineHeight) drawn.node.style.lineHeight = `${(drawn.lineHeight = lineHeight)}px`;
      const top = baseline(block.firstRow) - lineHeight / 2 - shift;
      if (drawn.top !== top) drawn.node.style.top = `${(drawn.top = top)}px`;
    });
    for (const extra of this.blocks.splice(blocks.length)) extra.node.remove();
  }

  /** Removes the times (proportional time has an axis instead). */
  clear(): void {
    for (const block of this.blocks.splice(0)) block.node.remove();
  }
}
