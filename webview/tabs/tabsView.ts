import { element } from '../dom';
import { TABS, type TabId } from '../state';
import { TAB_TITLES } from './tabsModel';

/*
 * The tab headers and one panel per tab, with the toolbar's addons right of the headers. The
 * tab row cannot wrap: in a narrow panel the addons go to the toolbar row instead.
 */

export class Tabs {
  readonly element = element('vscode-tabs', 'tabs');
  private readonly panels = new Map<TabId, HTMLElement>();
  private readonly narrow = window.matchMedia('(max-width: 640px)');

  /** `addons` sit right of the headers, or in `narrowHome` when the panel is narrow. */
  constructor(selected: TabId, private readonly addons: HTMLElement, private readonly narrowHome: HTMLElement, onSelect: (tab: TabId) => void) {
    this.element.hidden = true;
    for (const tab of TABS) {
      const header = element('vscode-tab-header', undefined, TAB_TITLES[tab]);
      header.slot = 'header';
      this.element.append(header);
    }
    for (const tab of TABS) {
      const panel = element('vscode-tab-panel', `panel panel-${tab}`);
      const body = element('div', `panel-body ${tab}-panel`);
      panel.append(body);
      this.element.append(panel);
      this.panels.set(tab, body);
    }
    this.element.append(addons);
    this.narrow.addEventListener('change', () => this.placeAddons());
    this.element.setAttribute('selected-index', String(TABS.indexOf(selected)));
    this.element.addEventListener('vsc-tabs-select', (event) => onSelect(TABS[event.detail.selectedIndex] ?? 'sequence'));
  }

  /** Puts the addons right of the headers, or in the toolbar row when the panel is narrow. */
  placeAddons(): void {
    if (this.narrow.matches) {
      this.addons.removeAttribute('slot');
      this.narrowHome.append(this.addons);
    } else {
      this.addons.slot = 'addons';
      this.element.append(this.addons);
    }
  }

  /** Selects `tab` (no 'vsc-tabs-select' event: the caller already knows). */
  select(tab: TabId): void {
    this.element.selectedIndex = TABS.indexOf(tab);
    this.element.setAttribute('selected-index', String(TABS.indexOf(tab)));
  }

  /** The body of `tab`'s panel. */
  panel(tab: TabId): HTMLElement {
    return this.panels.get(tab)!;
  }

  /** A new element for `tab`'s view, first in its panel (the details panel may follow it). */
  viewRoot(tab: TabId): HTMLElement {
    const root = element('div', `${tab}-main`);
    this.panel(tab).append(root);
    return root;
  }

  /** The width of `tab`'s panel; 0 while it is hidden. */
  width(tab: TabId): number {
    return this.panel(tab).clientWidth;
  }

  /** Says `text` in the empty panels of `tabs` (undefined: they are no longer empty). */
  setEmpty(tabs: readonly TabId[], text: string | undefined): void {
    for (const tab of tabs) {
      if (text === undefined) delete this.panel(tab).dataset.empty;
      else this.panel(tab).dataset.empty = text;
    }
  }
}
