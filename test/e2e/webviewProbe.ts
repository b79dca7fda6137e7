/*
 * Runs inside the simulation webview's frame (workbench.ts bundles this file and evaluates
 * it there): reads the shown diagram through the DOM as a user would see it, scrolling
 * the sequence diagram through to its end since it only draws the messages in view.
 * DOM only: it has its own tsconfig (test/e2e/tsconfig.json).
 */
import { contrastRatio, parseColor, type Rgb } from './contrast';
import type { LabelContrast, WebviewReading } from './reading';

/** The first opaque background behind an element (SVG shapes do not count: labels sit on the page). */
function backgroundOf(element: Element): Rgb {
  for (let node: Element | null = element; node; node = node.parentElement) {
    const fill = node instanceof HTMLElement ? parseColor(getComputedStyle(node).backgroundColor) : undefined;
    if (fill) return fill;
  }
  return parseColor(getComputedStyle(document.body).backgroundColor) ?? [255, 255, 255];
}

function visibleLabels(): SVGTextElement[] {
  return Array.from(document.querySelectorAll<SVGTextElement>('svg text')).filter((text) => {
    const box = text.getBoundingClientRect();
    const style = getComputedStyle(text);
    return (text.textContent ?? '').trim() !== '' && box.width > 0 && box.height > 0 && style.visibility !== 'hidden' && style.display !== 'none'
      && Number(style.opacity) > 0 && box.bottom > 0 && box.top < innerHeight && text.closest('[hidden]') === null;
  });
}

/**
 * How a label sits against the containers that clip it: `cut` when one that cannot scroll
 * hides part of it, `scroll` when the one hiding part of it scrolls sideways, `ok` when it is
 * whole or scrolled away entirely.
 */
function clipping(text: SVGTextElement): 'ok' | 'scroll' | 'cut' {
  const box = text.getBoundingClientRect();
  const svg = text.closest('svg');
  if (!svg) return 'ok';
  const outside = (left: number, right: number): boolean => (box.left < left - 1 || box.right > right + 1) && box.right > left && box.left < right;
  // A scrollable container hiding part of it first: scrolling shows the rest.
  for (let node: Element | null = svg.parentElement; node; node = node.parentElement) {
    if (!(node instanceof HTMLElement) || getComputedStyle(node).overflowX === 'visible') continue;
    const edge = node.getBoundingClientRect();
    if (outside(edge.left, edge.right)) return node.scrollWidth > node.clientWidth && getComputedStyle(node).overflowX !== 'hidden' ? 'scroll' : 'cut';
  }
  return 'ok';
}

/** Labels drawn over a box of the flow diagram they do not belong to (a hop's label under a node). */
function labelsUnderBoxes(labels: readonly SVGTextElement[]): string[] {
  const boxes = Array.from(document.querySelectorAll<SVGRectElement>('svg.flow-diagram g.node rect.box'));
  return labels.filter((text) => !text.closest('g.node')).flatMap((text) => {
    const box = text.getBoundingClientRect();
    return boxes.some((rect) => {
      const other = rect.getBoundingClientRect();
      return Math.min(box.right, other.right) - Math.max(box.left, other.left) > 2 && Math.min(box.bottom, other.bottom) - Math.max(box.top, other.top) > 2;
    }) ? [text.textContent!.trim()] : [];
  });
}

function frames(count: number): Promise<void> {
  return new Promise((done) => {
    const step = (left: number): void => {
      if (left === 0) done();
      else requestAnimationFrame(() => step(left - 1));
    };
    step(count);
  });
}

/** Scrolls the sequence diagram from the top until a message whose aria-label matches `pattern` is in view. */
export async function scrollToMessage(pattern: string): Promise<boolean> {
  const body = document.querySelector<SVGSVGElement>('svg.sequence-body');
  if (!body) return false;
  const wheel = (deltaY: number): boolean => body.dispatchEvent(new WheelEvent('wheel', { deltaY, bubbles: true, cancelable: true }));
  const matcher = new RegExp(pattern);
  const inView = (): boolean => Array.from(body.querySelectorAll('.item')).some((item) => {
    const box = item.getBoundingClientRect();
    const frame = body.getBoundingClientRect();
    return matcher.test(item.getAttribute('aria-label') ?? '') && box.top >= frame.top && box.bottom <= frame.top + frame.height * 0.5;
  });
  // From the top left, as a user reading the diagram from its start.
  wheel(-1e7);
  const scroller = document.querySelector<HTMLElement>('.sequence-scroller');
  if (scroller) scroller.scrollLeft = 0;
  await frames(2);
  for (let step = 0; step < 500; step++) {
    if (inView()) return true;
    wheel(40);
    await frames(2);
  }
  return false;
}

/** Clicks the first message in view whose aria-label matches `pattern`, and returns the details pane's text. */
export async function selectMessage(pattern: string): Promise<string> {
  const matcher = new RegExp(pattern);
  const item = Array.from(document.querySelectorAll('.sequence-body .item')).find((candidate) => matcher.test(candidate.getAttribute('aria-label') ?? ''));
  if (!item) return '';
  item.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  await frames(2);
  return document.querySelector<HTMLElement>('.details')?.innerText ?? '';
}

/** Scrolls the shown diagram's sideways scroller to its right end (what a user does to see the last participants). */
export async function scrollToRightEnd(): Promise<number> {
  const scroller = Array.from(document.querySelectorAll<HTMLElement>('.sequence-scroller, .flow-view *')).find((element) => element.getBoundingClientRect().width > 0 && element.scrollWidth > element.clientWidth);
  if (!scroller) return 0;
  scroller.scrollLeft = scroller.scrollWidth;
  await frames(2);
  return scroller.scrollLeft;
}

/** Every message of the sequence diagram: scrolls it through with the wheel, as a user would, then back to the top. */
async function allMessages(): Promise<string[]> {
  const body = document.querySelector<SVGSVGElement>('svg.sequence-body');
  if (!body) return [];
  const seen = new Set<string>();
  const wheel = (deltaY: number): boolean => body.dispatchEvent(new WheelEvent('wheel', { deltaY, bubbles: true, cancelable: true }));
  const collect = (): number => {
    const before = seen.size;
    for (const item of Array.from(body.querySelectorAll('.item'))) seen.add(item.getAttribute('aria-label') ?? '');
    return seen.size - before;
  };
  collect();
  for (let quiet = 0, step = 0; quiet < 4 && step < 500; step++) {
    wheel(body.clientHeight * 0.6);
    await frames(2);
    quiet = collect() === 0 ? quiet + 1 : 0;
  }
  wheel(-1e7);
  await frames(2);
  return [...seen];
}

/** What the simulation webview shows now; `scroll` reads the whole sequence diagram. */
export async function readSimulation(scroll: boolean): Promise<WebviewReading> {
  const labels = visibleLabels();
  const contrast: LabelContrast[] = labels.map((text) => ({
    text: text.textContent!.trim(),
    ratio: contrastRatio(parseColor(getComputedStyle(text).fill) ?? [0, 0, 0], backgroundOf(text)),
  }));
  const boxes = labels.map((text) => ({ text: text.textContent!.trim(), box: text.getBoundingClientRect(), svg: text.closest('svg') }));
  const overlaps: string[] = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const overlapX = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
      const overlapY = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
      if (a.svg === b.svg && overlapX > 2 && overlapY > 2) overlaps.push(`"${a.text}" / "${b.text}"`);
    }
  }
  const flow = document.querySelector('svg.flow-diagram');
  const flowShown = flow !== null && flow.getBoundingClientRect().width > 0;
  return {
    title: document.querySelector('.route-title h1')?.textContent ?? '',
    participants: Array.from(document.querySelectorAll('.sequence-header .participant title')).map((title) => title.textContent ?? ''),
    messages: scroll ? await allMessages() : Array.from(document.querySelectorAll('.sequence-body .item')).map((item) => item.getAttribute('aria-label') ?? ''),
    contrast,
    overlaps,
    clipped: labels.filter((text) => clipping(text) === 'cut').map((text) => text.textContent!.trim()),
    scrolledOff: labels.filter((text) => clipping(text) === 'scroll').map((text) => text.textContent!.trim()),
    underBoxes: labelsUnderBoxes(labels),
    ...(flowShown ? { flow: { nodes: Array.from(flow.querySelectorAll('g.node title')).map((title) => title.textContent ?? ''), hops: flow.querySelectorAll('g.hop').length } } : {}),
  };
}

/** The Summary's DevTools phases chart: each request row's label and phases, as its accessible name says them. */
export function readRequestPhases(): string[] {
  return Array.from(document.querySelectorAll('.request-phases g.phase-row')).map((row) => row.getAttribute('aria-label') ?? '');
}

/**
 * The route hover's flow diagram (an SVG data URI in an <img>): the colour of its labels
 * against the hover's background. Runs in the workbench page.
 */
export function hoverImageContrast(): { labels: number; ratio: number } | undefined {
  const image = Array.from(document.querySelectorAll<HTMLImageElement>('.monaco-hover img[src^="data:image/svg+xml;base64,"]')).find((element) => element.getBoundingClientRect().height > 0);
  const hover = image?.closest('.monaco-hover');
  if (!hover || !image) return undefined;
  const svg = atob(image.src.slice('data:image/svg+xml;base64,'.length));
  // A label is read against the box it sits on when that box is filled, else against the hover.
  const hoverBackground = backgroundOf(image);
  const ratios: number[] = [];
  let paper: Rgb = hoverBackground;
  for (const [, name, attributes] of svg.matchAll(/<(rect|text)\b([^>]*)>/g)) {
    const fill = /\sfill="([^"]+)"/.exec(attributes)?.[1];
    if (name === 'rect') paper = (fill && fill !== 'none' && parseColor(fill)) || hoverBackground;
    else ratios.push(contrastRatio(parseColor(fill ?? '') ?? [0, 0, 0], paper));
  }
  return { labels: ratios.length, ratio: Math.min(...ratios) };
}
