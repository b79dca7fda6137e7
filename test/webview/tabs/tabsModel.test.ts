import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TABS } from '../../../webview/state';
import { hasDetails, ROUTE_TABS, TAB_TITLES } from '../../../webview/tabs/tabsModel';

describe('the tabs model', () => {
  it('titles every tab, and shows a route on all but Compare', () => {
    assert.deepEqual(TABS.map((tab) => TAB_TITLES[tab]), ['Sequence', 'Flow', 'Summary', 'Table', 'Compare']);
    assert.deepEqual(ROUTE_TABS, ['sequence', 'flow', 'summary', 'table']);
  });

  it('puts the details panel beside the sequence diagram and the table only', () => {
    assert.deepEqual(TABS.filter(hasDetails), ['sequence', 'table']);
  });
});
