import type { RouteView } from '../protocol';
import type { TimeScale } from '../sequence/layout';
import { SCENARIOS, type ScenarioId } from '../state';

/*
 * What the toolbar says about the shown route, worked out without the DOM: the scenarios it
 * can simulate again, the caption beside its title, the time scales on offer.
 */

export const SCENARIO_TITLES: Readonly<Record<ScenarioId, string>> = { request: 'One request', series: 'A series of requests', 'ws-session': 'WebSocket session' };

export const TIME_SCALES: readonly (readonly [TimeScale, string])[] = [['compact', 'Compact'], ['proportional', 'Proportional']];

/** The scenarios a route can be simulated with: a WebSocket API runs a session, the others one request or a series. */
export function scenariosFor(view: RouteView): ScenarioId[] {
  return view.apiType === 'WEBSOCKET' ? ['ws-session'] : ['request', 'series'];
}

/** The scenario select's options for `view`, with `saved` chosen when the route has it (else its first scenario). */
export function scenarioOptions(view: RouteView, saved: ScenarioId | undefined): { options: { label: string; value: ScenarioId; selected: boolean }[]; chosen: ScenarioId } {
  const scenarios = scenariosFor(view);
  const chosen = saved && scenarios.includes(saved) ? saved : scenarios[0];
  return { options: scenarios.map((scenario) => ({ label: SCENARIO_TITLES[scenario], value: scenario, selected: scenario === chosen })), chosen };
}

/** The scenario to simulate again: the select's value when it names one, else the route's first. */
export function scenarioToSimulate(selected: string, view: RouteView): ScenarioId {
  return (SCENARIOS as readonly string[]).includes(selected) ? (selected as ScenarioId) : scenariosFor(view)[0];
}

/** The caption beside the route's title, and its tooltip: after a live run, the model ran again under the run's conditions. */
export function scenarioCaption(view: RouteView): { text: string; title: string } {
  if (!view.measured) return { text: view.scenario, title: '' };
  return {
    text: `${view.scenario} · model under the live run's conditions`,
    title: `The model was run again under the live run's conditions (${view.measured.conditions}, node client) so that it is compared with like`,
  };
}
