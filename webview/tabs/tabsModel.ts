import { TABS, type TabId } from '../state';

/*
 * The panel's tabs: their titles, which of them show a simulated route, and which have the
 * details panel beside them.
 */

export const TAB_TITLES: Readonly<Record<TabId, string>> = { sequence: 'Sequence', flow: 'Flow', summary: 'Summary', table: 'Table', compare: 'Compare' };

/** The tabs that show a simulated route (all but Compare). */
export const ROUTE_TABS: readonly TabId[] = TABS.filter((tab) => tab !== 'compare');

/** What a route tab says before any route was simulated (the comparison came first). */
export const NO_ROUTE_YET = 'No route simulated yet: use the “Simulate” CodeLens above a route, or API Gateway: Simulate Route…';

/** The details panel sits beside the sequence diagram and the table (the flow diagram and the summary need the width). */
export function hasDetails(tab: TabId): boolean {
  return tab === 'sequence' || tab === 'table';
}
