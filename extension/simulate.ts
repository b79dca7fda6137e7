import * as vscode from 'vscode';
import { formatLoad } from '../simulator/cli/textReport';
import type { GatewayModel } from '../simulator/model/gateway';
import type { LoadControl, LoadResult } from '../simulator/scenario/load';
import { defaultTraceScenario, isTraceScenarioId, runLoadAsync, runScenario, scenarioDefinition, traceScenarioOptions, traceScenariosFor, type LoadPreset, type RunOptions, type ScenarioRun, type TraceScenarioId } from '../simulator/scenario/registry';
import type { ScenarioOptions } from '../simulator/scenario/topology';
import { parsePageOrigin } from '../simulator/scenario/cors/browserOrigin';
import { calibrationSetting } from './calibrationSetting';
import type { ShownRoute } from './panel';
import type { IndexedRoute } from './routeIndex';

/*
 * The editor's side of the scenario registry: the user's settings as options, the quick
 * pick's choices, and the view the panel draws from a run. Which scenarios exist, and how
 * one runs on a route, is the registry's (simulator/scenario/registry.ts).
 */

/** One choice in the scenario quick pick: a trace scenario, or a load preset. */
export type ScenarioChoice =
  | { label: string; detail: string; scenario: TraceScenarioId }
  | { label: string; detail: string; scenario: 'load'; preset: LoadPreset };

/** What the simulate flow offers for a route, its default first. */
export function scenarioChoices(entry: IndexedRoute): ScenarioChoice[] {
  const traces = traceScenariosFor(entry.api.type, preferredScenario()).map((id): ScenarioChoice => {
    const { title, detail } = scenarioDefinition(id);
    return { label: title, detail, scenario: id };
  });
  const presets = scenarioDefinition('load').presets?.[entry.api.type] ?? [];
  return [...traces, ...presets.map((preset): ScenarioChoice => ({ label: preset.title, detail: preset.detail, scenario: 'load', preset }))];
}

/** Runs a load preset on a route, giving the event loop a turn between chunks (progress, cancel). */
export function simulateRouteLoad(model: GatewayModel, entry: IndexedRoute, preset: LoadPreset, options: ScenarioOptions, control: LoadControl): Promise<LoadResult> {
  return runLoadAsync(model, entry.ref, { ...options, ...preset.load }, control).then((run) => run.result);
}

/** The user's settings as scenario options (contributes.configuration in package.json). */
export function settingsOptions(): ScenarioOptions {
  const settings = vscode.workspace.getConfiguration('apigwSim');
  const rtt = settings.get<number | null>('rttMs', null);
  return {
    tlsVersion: settings.get<'1.2' | '1.3'>('tlsVersion', '1.3'),
    clientProfile: settings.get<string>('clientProfile', 'browser'),
    network: settings.get<string>('networkProfile', 'broadband'),
    ...(typeof rtt === 'number' ? { networkOverrides: { clientToRegionRttMs: rtt } } : {}),
    ...httpVersionSetting(settings.get<string>('httpVersion', 'auto')),
  };
}

/** `auto` lets ALPN decide per client profile (browser, mobile and curl get h2; node speaks HTTP/1.1). */
function httpVersionSetting(value: string | undefined): Pick<ScenarioOptions, 'httpVersion'> {
  return value === '1.1' || value === '2' ? { httpVersion: value } : {};
}

let warnedOrigin: string | undefined;

/**
 * The `apigwSim.origin` setting: the browser page's origin, or nothing for the default
 * (`https://www.` plus the API's domain). One that is not an origin is said once and not used,
 * so a typo does not break every hover.
 */
function originSetting(): Pick<RunOptions, 'origin'> {
  const value = vscode.workspace.getConfiguration('apigwSim').get<string>('origin', '').trim();
  if (!value) return {};
  const origin = parsePageOrigin(value);
  if (origin !== undefined) return { origin };
  if (warnedOrigin !== value) {
    warnedOrigin = value;
    void vscode.window.showWarningMessage(`The apigwSim.origin setting is not used: "${value}" is not an origin such as https://www.shop.com (scheme, host and optional port, no path).`);
  }
  return {};
}

/** The options of a trace run: the settings, and the calibration the `apigwSim.calibrationFile` setting names. */
export function traceRunOptions(): RunOptions {
  const calibration = calibrationSetting();
  return { ...settingsOptions(), ...originSetting(), ...(calibration ? { calibration } : {}) };
}

/** The `apigwSim.defaultScenario` setting, where it names a trace scenario. */
function preferredScenario(): TraceScenarioId | undefined {
  const value = vscode.workspace.getConfiguration('apigwSim').get<string>('defaultScenario');
  return isTraceScenarioId(value) ? value : undefined;
}

/** The scenario the hover, the CodeLens and a click run on a route: the setting's, where it applies. */
export function defaultScenario(entry: IndexedRoute): TraceScenarioId {
  // A page load calls several routes: the hover and the CodeLens preview the route itself, so they never run one.
  const preferred = preferredScenario();
  return defaultTraceScenario(entry.api.type, preferred === 'page' ? undefined : preferred);
}

/** The text document a load run opens: which route, which load, then the CLI's report. */
export function loadReport(entry: IndexedRoute, preset: LoadPreset, result: LoadResult): string {
  return `${entry.title}: ${preset.title}\n\n${formatLoad(result)}\n`;
}

/** What the webview shows of a run. */
export function routeView(entry: IndexedRoute, run: ScenarioRun): ShownRoute {
  return {
    routeId: entry.id,
    title: entry.title,
    apiType: run.api.type,
    scenario: run.scenario,
    scenarios: traceScenarioOptions(run.api.type, preferredScenario()),
    trace: run.trace,
    costUsd: run.costUsd,
  };
}

/** Runs a route's scenario (see ScenarioRuns for the cached way the editor does it). */
export function simulateRun(model: GatewayModel, entry: IndexedRoute, scenario: TraceScenarioId, options: ScenarioOptions): ScenarioRun {
  return runScenario(model, entry.ref, scenario, options);
}
