import * as vscode from 'vscode';
import { scenarioCost } from '../simulator/gateway/cost';
import type { GatewayModel } from '../simulator/model/gateway';
import { simulateRouteRequest } from '../simulator/scenario/routeRequest';
import type { ScenarioOptions } from '../simulator/scenario/topology';
import { simulateWebSocketApiSession } from '../simulator/scenario/websocketApiSession';
import type { RouteView } from '../webview/protocol';
import type { IndexedRoute } from './routeIndex';

export type Scenario = 'request' | 'series' | 'ws-session';

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

export function defaultScenario(entry: IndexedRoute): Scenario {
  if (entry.api.type === 'WEBSOCKET') return 'ws-session';
  return vscode.workspace.getConfiguration('apigwSim').get<Scenario>('defaultScenario', 'request') === 'series' ? 'series' : 'request';
}

/** Runs a route's scenario and packs what the webview shows. */
export function simulateView(model: GatewayModel, entry: IndexedRoute, scenario: Scenario, options: ScenarioOptions): RouteView {
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
