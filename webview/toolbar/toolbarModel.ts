import type { RouteView } from '../protocol/messages';
import type { TimeScale } from '../drawing/sequenceLayout';

/*
 * What the toolbar says about the shown route, worked out without the DOM: the scenarios it
 * can simulate again (the host's registry lists them in the view), the caption beside its
 * title, the time scales on offer.
 */

export const TIME_SCALES: readonly (readonly [TimeScale, string])[] = [['compact', 'Compact'], ['proportional', 'Proportional']];

/** The scenario ids a route can be simulated with, as the host offers them, its default first. */
export function scenariosFor(view: RouteView): string[] {
  return view.scenarios.map((option) => option.id);
}

/** The scenario select's options for `view`, with `saved` chosen when the route has it (else the scenario shown). */
export function scenarioOptions(view: RouteView, saved: string | undefined): { options: { label: string; value: string; selected: boolean }[]; chosen: string } {
  const ids = scenariosFor(view);
  const chosen = saved && ids.includes(saved) ? saved : ids.includes(view.scenario) ? view.scenario : ids[0] ?? '';
  return { options: view.scenarios.map((option) => ({ label: option.title, value: option.id, selected: option.id === chosen })), chosen };
}

/** The scenario to simulate again: the select's value when the route offers it, else the scenario shown. */
export function scenarioToSimulate(selected: string, view: RouteView): string {
  return scenariosFor(view).includes(selected) ? selected : view.scenario;
}

/** The caption beside the route's title, and its tooltip: after a live run, the model ran again under the run's conditions. */
export function scenarioCaption(view: RouteView): { text: string; title: string } {
  if (!view.measured) return { text: view.scenario, title: '' };
  return {
    text: `${view.scenario} · model under the live run's conditions`,
    title: `The model was run again under the live run's conditions (${view.measured.conditions}) so that it is compared with like`,
  };
}
