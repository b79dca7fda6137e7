import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowImageSvg } from '../../../webview/drawing/flowImage';

describe('the inline flow diagram', () => {
  it('draws one box per hop, escapes labels as XML text, and wraps long names onto two lines before cutting', () => {
    const svg = flowImageSvg(['Client', 'A<b>&"c', 'Lambda createOrder', 'Lambda a-very-long-function-name']);
    assert.equal((svg.match(/<rect /g) ?? []).length, 4);
    assert.equal((svg.match(/marker-end/g) ?? []).length, 3);
    assert.match(svg, />A&lt;b&gt;&amp;"c</);
    assert.doesNotMatch(svg, /<b>/);
    assert.match(svg, />Lambda<\/text><text [^>]*>createOrder</, 'a long name wraps whole at its space');
    assert.match(svg, />a-very-long-fun…</, 'a word longer than a line is cut');
  });

  it('puts dark labels on light boxes, so they read on any theme the hover takes', () => {
    const svg = flowImageSvg(['Client', 'API Gateway shop-orders']);
    const boxes = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"/g)].map((match) => match[1]);
    const inks = [...svg.matchAll(/<text [^>]*fill="(#[0-9a-f]{6})"/g)].map((match) => match[1]);
    assert.equal(boxes.length, 2);
    for (const box of boxes) for (const ink of inks) assert.ok(contrast(box, ink) >= 4.5, `${ink} on ${box}`);
  });
});

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string): number => {
    const [red, green, blue] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

