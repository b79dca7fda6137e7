import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TraceJson } from '../../../simulator/trace/trace';
import { layoutSequence, type SequenceItem } from '../../../webview/drawing/sequenceLayout';
import { itemLook, itemMarkup, type ItemFrame } from '../../../webview/sequence/itemMarkup';
import { sequenceOptions as options } from '../sequenceOptions';
import { faultTrace, productTrace, seriesTrace } from '../traces';

/** A frame at zoom 1 with every label kept and nothing hovered, selected or focused, unless `overrides` says so. */
function frame(items: readonly SequenceItem[], overrides: Partial<ItemFrame> = {}): ItemFrame {
  return { toY: (y) => y, labelled: new Set(items.map((item) => item.key)), compact: true, selectedKey: undefined, focusKey: undefined, hoveredKey: undefined, ...overrides };
}

/** The tags in `markup`, as a parser would find them: `<` always opens one, since text never holds a raw `<`. */
function tags(markup: string): string[] {
  return [...markup.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((match) => match[1]);
}

/** Undoes xml.ts's escapes. */
function unescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#9;/g, '\t').replace(/&#10;/g, '\n').replace(/&#13;/g, '\r').replace(/&amp;/g, '&');
}

/** The value of attribute `name` on the item's element (the first tag). */
function itemAttribute(markup: string, name: string): string | undefined {
  const value = /^<text [^>]*/.exec(markup)?.[0].match(new RegExp(` ${name}="([^"]*)"`))?.[1];
  return value === undefined ? undefined : unescape(value);
}

describe('sequence item markup', () => {
  it('writes names from the config as text: a participant or message called <img onerror> stays a label and an accessible name', () => {
    const hostile = '<img src=x onerror="alert(1)"> & </text><script>alert(2)</script>';
    const trace: TraceJson = productTrace();
    const hostileTrace: TraceJson = {
      ...trace,
      participants: trace.participants.map((participant) => ({ ...participant, label: `${participant.label} ${hostile}` })),
      // An HTTP/2 stream's group shows its request's target from the details, so the target is hostile too.
      events: trace.events.map((event) => ({ ...event, name: `${event.name} ${hostile}`, ...(event.detail?.target !== undefined ? { detail: { ...event.detail, target: `${String(event.detail.target)} ${hostile}` } } : {}) })),
    };
    const layout = layoutSequence(hostileTrace, options({ width: 4000 }));
    const shown = frame(layout.items);
    for (const item of layout.items) {
      const markup = itemMarkup(item, itemLook(item, shown));
      assert.deepEqual(tags(markup), ['text', 'text'], `${item.key}: the item's one element, its label`);
      assert.equal(unescape(/<text [^>]*>([^<]*)<\/text>/.exec(markup)?.[1] ?? ''), item.label, `${item.key}: the label's text`);
      assert.equal(itemAttribute(markup, 'aria-label'), item.ariaLabel, `${item.key}: the accessible name`);
      // An HTTP/2 group is named by its request's target (a response's status and a connection's frame types come from no config).
      const named = item.kind !== 'group' || item.stream === undefined || item.eventIds.some((id) => hostileTrace.events.find((event) => event.id === id)?.kind === 'http.request');
      if (named) assert.match(item.ariaLabel, /<img src=x onerror="alert\(1\)">/, `${item.key}: the name is in the accessible name as written`);
    }
  });

  it('writes one element per item with its role, id, state and classes, and the label the culling dropped as an empty option that keeps its accessible name', () => {
    const layout = layoutSequence(faultTrace('throttled'), options());
    const error = layout.items.find((item) => item.error);
    assert.ok(error, 'the throttled trace has an error item');
    const [first, second] = layout.items;
    const shown = frame(layout.items, { labelled: new Set([first.key]), selectedKey: second.key });
    const markupOf = (item: SequenceItem): string => itemMarkup(item, itemLook(item, shown));
    assert.equal(itemAttribute(markupOf(first), 'role'), 'option');
    assert.equal(itemAttribute(markupOf(first), 'id'), `seq-${first.key}`);
    assert.equal(itemAttribute(markupOf(first), 'aria-selected'), 'false');
    assert.equal(unescape(/<text [^>]*>([^<]*)<\/text>/.exec(markupOf(first))?.[1] ?? ''), first.label);
    // Culled: no text to shape or paint, and no `visibility`, which would take the option out of the accessibility tree.
    assert.match(markupOf(second), /^<text [^>]*><\/text>$/);
    assert.doesNotMatch(markupOf(second), /visibility/);
    assert.equal(itemAttribute(markupOf(second), 'aria-label'), second.ariaLabel);
    assert.equal(itemAttribute(markupOf(second), 'role'), 'option');
    assert.equal(itemAttribute(markupOf(second), 'aria-selected'), 'true');
    assert.match(itemAttribute(markupOf(second), 'class') ?? '', /\bselected\b/);
    // Only the selected, hovered or focused item has a highlight (drawn with the marks, markGroups.ts).
    assert.ok(itemLook(second, shown).hit);
    assert.equal(itemLook(first, shown).hit, undefined);
    assert.match(itemAttribute(markupOf(error), 'class') ?? '', /^item \w+ layer-\w+ error\b/);
  });

  it('draws each kind of item with its mark: arrows and self loops as paths, collapsed groups as a thick line with a head or a box, expanded ones as a bracket', () => {
    const trace = seriesTrace(6);
    const collapsed = layoutSequence(trace, options());
    const marks = (items: readonly SequenceItem[]): Set<string> => new Set(items.map((item) => {
      const look = itemLook(item, frame(items));
      return `${item.kind}:${look.mark.tag}.${look.mark.className}${look.head ? '+head' : ''}`;
    }));
    const drawn = marks(collapsed.items);
    assert.ok(drawn.has('arrow:path.arrow'));
    assert.ok(drawn.has('self:path.arrow'));
    assert.ok([...drawn].some((mark) => /^group:(line\.stroke double\+head|rect\.box)$/.test(mark)), [...drawn].join(', '));
    const groups = collapsed.items.filter((item) => item.kind === 'group').map((item) => item.groupKey);
    const expanded = layoutSequence(trace, options({ expanded: new Set(groups) }));
    assert.ok(marks(expanded.items).has('group:path.bracket'));
    // Proportional time draws a self-event as an activation bar.
    const proportional = layoutSequence(trace, options({ timeScale: 'proportional' }));
    const self = proportional.items.find((item) => item.kind === 'self');
    assert.ok(self);
    assert.equal(itemLook(self, frame(proportional.items, { compact: false })).mark.className, 'bar');
  });
});
