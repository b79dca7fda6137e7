import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { layoutSequence, type SequenceItem } from '../../../webview/drawing/sequenceLayout';
import { itemLook, type ItemFrame } from '../../../webview/sequence/itemMarkup';
import { highlights, markGroups } from '../../../webview/sequence/markGroups';
import { sequenceOptions as options } from '../sequenceOptions';
import { criticalEventIds, criticalPaths } from '../../../simulator/trace/criticalPath';
import { faultTrace, seriesTrace } from '../traces';

function frame(items: readonly SequenceItem[], overrides: Partial<ItemFrame> = {}): ItemFrame {
  return { toY: (y) => y, labelled: new Set(items.map((item) => item.key)), compact: true, selectedKey: undefined, focusKey: undefined, hoveredKey: undefined, ...overrides };
}

describe('sequence marks drawn by look', () => {
  it('draws every arrow of a 1,000-row series in a few paths, each arrow once as a subpath', () => {
    const layout = layoutSequence(seriesTrace(110), options({ collapseRepeats: false }));
    const items = layout.items.slice(0, 1000);
    const looks = items.map((item) => itemLook(item, frame(items)));
    const groups = markGroups(looks);
    assert.ok(groups.length < 30, `${groups.length} groups for ${items.length} items`);
    // An arrow is its line and its head (arrowPath): two subpaths, each kept once.
    const moves = (d: string): number => (d.match(/M/g) ?? []).length;
    const subpaths = groups.reduce((sum, group) => sum + moves(group.d), 0);
    const marked = looks.reduce((sum, look) => sum + (look.mark.tag === 'path' ? moves(String(look.mark.attributes.d)) : look.mark.tag === 'line' ? 1 : 0), 0);
    assert.equal(subpaths, marked, 'every path or line mark drawn once');
    for (const look of looks.filter((candidate) => candidate.mark.tag === 'path')) {
      assert.ok(groups.some((group) => group.d.includes(String(look.mark.attributes.d))), 'each arrow is in a group');
    }
  });

  it('keeps what styles a mark in its group\'s classes: an error or a selected arrow is drawn apart, a hovered one is not', () => {
    const layout = layoutSequence(faultTrace('throttled'), options());
    const error = layout.items.find((item) => item.error)!;
    const plain = layout.items.find((item) => !item.error && item.kind === 'arrow')!;
    const groupOf = (key: string, overrides: Partial<ItemFrame>): string => {
      const looks = layout.items.map((item) => itemLook(item, frame(layout.items, overrides)));
      const look = looks[layout.items.findIndex((item) => item.key === key)];
      return markGroups(looks).find((group) => group.d.includes(String(look.mark.attributes.d)))!.className;
    };
    assert.match(groupOf(error.key, {}), /^item-marks .*\berror\b/);
    const classes = (className: string): string[] => className.split(' ');
    assert.ok(!classes(groupOf(plain.key, {})).some((name) => ['error', 'selected', 'item'].includes(name)));
    assert.ok(classes(groupOf(plain.key, { selectedKey: plain.key })).includes('selected'));
    assert.ok(!classes(groupOf(plain.key, { hoveredKey: plain.key })).includes('hovered'), 'hover shows the highlight only');
  });

  it('draws the critical path\'s marks apart, with the critical class, a group when one of its messages is on it', () => {
    const trace = seriesTrace(3);
    const [path] = criticalPaths(trace);
    const critical = criticalEventIds(path);
    const layout = layoutSequence(trace, options());
    const looks = layout.items.map((item) => itemLook(item, frame(layout.items, { critical })));
    layout.items.forEach((item, index) => {
      const on = item.kind === 'group' ? item.eventIds.some((id) => critical.has(id)) : critical.has(item.eventId);
      assert.equal(/\bcritical\b/.test(looks[index].className), on, item.key);
    });
    const groups = markGroups(looks);
    const criticalGroups = groups.filter((group) => /\bcritical\b/.test(group.className));
    assert.ok(criticalGroups.length > 0 && criticalGroups.length < groups.length);
    // Off: no item is marked.
    assert.ok(!layout.items.some((item) => /\bcritical\b/.test(itemLook(item, frame(layout.items)).className)));
  });

  it('has a highlight for the hovered, the selected and the focused item only, with the state that colours it', () => {
    const layout = layoutSequence(faultTrace('throttled'), options());
    const [first, second, third] = layout.items;
    const shown = frame(layout.items, { hoveredKey: first.key, selectedKey: second.key, focusKey: third.key });
    const looks = new Map(layout.items.map((item) => [item.key, itemLook(item, shown)]));
    assert.deepEqual(highlights(looks).map((highlight) => [highlight.key, /\bhovered\b/.test(highlight.className), /\bselected\b/.test(highlight.className), /\bfocused\b/.test(highlight.className)]), [
      [first.key, true, false, false], [second.key, false, true, false], [third.key, false, false, true],
    ]);
  });
});
