import * as vscode from 'vscode';
import { formatLoad } from '../simulator/cli/textReport';
import { scenarioCost } from '../simulator/gateway/cost';
import type { GatewayModel } from '../simulator/model/gateway';
import { simulateLoadAsync, type LoadControl, type LoadOptions, type LoadResult } from '../simulator/scenario/load';
import { simulateRouteRequest } from '../simulator/scenario/routeRequest';
import type { ScenarioOptions } from '../simulator/scenario/topology';
import { simulateWebSocketApiSession } from '../simulator/scenario/websocketApiSession';
import type { RouteView } from '../webview/protocol';
import type { IndexedRoute } from './routeIndex';

export type Scenario = 'request' | 'series' | 'ws-session' | 'load';

/** The scenarios the panel draws as a trace; `load` is a report of aggregates instead. */
export type TraceScenario = Exclude<Scenario, 'load'>;

/** One choice in the scenario quick pick; `load` carries its workload. */
export interface ScenarioChoice {
  label: string;
  detail: string;
  scenario: Scenario;
  load?: Pick<LoadOptions, 'ratePerSecond' | 'durationSeconds' | 'burst' | 'fanOut'>;
}

/**
 * What the simulate flow offers for a route, its default first. The load presets range from a
 * quick run to one long enough (6,050,000 requests, several seconds) to need its progress bar.
 */
export function scenarioChoices(entry: IndexedRoute): ScenarioChoice[] {
  if (entry.api.type === 'WEBSOCKET') {
    return [
      { label: 'WebSocket session', detail: 'Connect, exchange messages and pushes, close: every frame', scenario: 'ws-session' },
      { label: 'Load: fan-out to 100,000 connections', detail: '3 pushes to every connection through @connections, paced by the account throttle', scenario: 'load', load: { ratePerSecond: 1, durationSeconds: 1, fanOut: { connections: 100_000, pushes: 3 } } },
    ];
  }
  const single: ScenarioChoice = { label: 'One request', detail: 'A cold request: DNS, TCP, TLS, HTTP and the gateway pipeline', scenario: 'request' };
  const series: ScenarioChoice = { label: 'Five requests', detail: 'In a row on one kept-alive connection', scenario: 'series' };
  return [
    ...(defaultScenario(entry) === 'series' ? [series, single] : [single, series]),
    { label: 'Load: 1,000 requests per second for 1 minute', detail: 'Throttling, latency percentiles and cold starts', scenario: 'load', load: { ratePerSecond: 1000, durationSeconds: 60 } },
    { label: 'Load: 10,000 requests per second for 10 minutes, with a burst', detail: '6,000,000 requests plus 50,000 at once after 5 minutes', scenario: 'load', load: { ratePerSecond: 10_000, durationSeconds: 600, burst: { atSeconds: 300, requests: 50_000 } } },
  ];
}

/** Runs the load scenario on a route, giving the event loop a turn between chunks (progress, cancel). */
export function simulateRouteLoad(model: GatewayModel, entry: IndexedRoute, load: NonNullable<ScenarioChoice['load']>, options: ScenarioOptions, control: LoadControl): Promise<LoadResult> {
  return simulateLoadAsync({ ...options, ...load, model, api: entry.api.name, route: entry.route.key }, control);
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
  };
}

export function defaultScenario(entry: IndexedRoute): TraceScenario {
  if (entry.api.type === 'WEBSOCKET') return 'ws-session';
  return vscode.workspace.getConfiguration('apigwSim').get<Scenario>('defaultScenario', 'request') === 'series' ? 'series' : 'request';
}

/** The text document a load run opens: which route, which load, then the CLI's report. */
export function loadReport(entry: IndexedRoute, choice: ScenarioChoice, result: LoadResult): string {
  return `${entry.id}: ${choice.label}\n\n${formatLoad(result)}\n`;
}

/** Runs a route's scenario and packs what the webview shows. */
export function simulateView(model: GatewayModel, entry: IndexedRoute, scenario: TraceScenario, options: ScenarioOptions): RouteView {
  const { api, route } = entry;
  const trace = api.type === 'WEBSOCKET'
    ? simulateWebSocketApiSession({ ...options, model, api: api.name })
    : simulateRouteRequest({ ...options, model, api: api.name, route: route.key, requests: scenario === 'series' ? 5 : 1, keepAlive: true });
  return {
    routeId: entry.id,
    title: `${api.name} · ${route.key}`,
    apiType: api.type,
    scenario: api.type === 'WEBSOCKET' ? 'ws-session' : scenario,
    trace,
    costUsd: scenarioCost(api.type, trace).usd,
  };
}
