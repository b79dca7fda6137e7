/*
 * Fitting text into SVG by an estimate rather than a measurement: measuring (getBBox,
 * getComputedTextLength) forces a layout per label, and the layouts must stay pure (testable
 * in Node). Used by the sequence diagram, the flow diagram, the summary's waterfall and the
 * hover's flow image.
 */

/** Average advance of a 12px sans-serif character; labels are cut to fit by this estimate. */
export const CHAR_WIDTH = 6.6;

/** Cuts `text` to `maxChars` characters, ending in an ellipsis when cut. */
export function fitText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  if (maxChars <= 1) return '…';
  return `${text.slice(0, maxChars - 1)}…`;
}

/**
 * Breaks a participant label into at most two lines of `maxChars`, at spaces where possible:
 * as many words as fit on the first line, the rest on the second, each cut with an ellipsis.
 * A first word too long for a line is cut rather than hiding the words after it.
 */
export function wrapLabel(label: string, maxChars: number): string[] {
  if (label.length <= maxChars) return [label];
  const words = label.split(/\s+/);
  let first = '';
  let rest = 0;
  for (; rest < words.length; rest++) {
    const candidate = first ? `${first} ${words[rest]}` : words[rest];
    if (candidate.length > maxChars) break;
    first = candidate;
  }
  if (!first) return words.length === 1 ? [fitText(label, maxChars)] : [fitText(words[0], maxChars), fitText(words.slice(1).join(' '), maxChars)];
  return [first, fitText(words.slice(rest).join(' '), maxChars)];
}
