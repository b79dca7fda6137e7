/* WCAG 2.x contrast of text against its background, for the readability checks. Pure: runs in Node and in the webview frame. */

export type Rgb = [number, number, number];

/** `rgb(…)`, `rgba(…)` (opaque enough to count) or `#rrggbb`; undefined for transparent or unknown. */
export function parseColor(color: string): Rgb | undefined {
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color.trim());
  if (hex) return [parseInt(hex[1], 16), parseInt(hex[2], 16), parseInt(hex[3], 16)];
  const match = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/.exec(color);
  return match && (match[4] === undefined || Number(match[4]) > 0.5) ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Relative luminance, WCAG 2.x §1.4.3 definitions. */
function luminance([red, green, blue]: Rgb): number {
  const channel = (value: number): number => {
    const c = value / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue);
}

/** Contrast ratio, 1 to 21, rounded to two decimals. */
export function contrastRatio(a: Rgb, b: Rgb): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return Math.round(((light + 0.05) / (dark + 0.05)) * 100) / 100;
}
