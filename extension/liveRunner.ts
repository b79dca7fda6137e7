import * as vscode from 'vscode';
import { SimulatorError } from '../simulator/errors';
import { measureRoute, type RouteMeasurement } from '../simulator/fidelity/routeMeasurement';
import { HARNESS_ONE_WAY_MS } from '../simulator/fidelity/fidelityRows';
import type { HarnessTarget } from '../simulator/fidelity/harnessRun';
import { LiveError } from '../simulator/live/liveError';
import { scriptFromTrace } from '../simulator/live/liveScript';
import { apiHost, type GatewayModel } from '../simulator/model/gateway';
import { runScenario, type TraceScenarioId } from '../simulator/scenario/registry';
import type { Trace } from '../simulator/trace/trace';
import type { LiveAvailability, LiveClient } from '../webview/protocol/messages';
import type { IndexedRoute } from './routeIndex';

/*
 * "Run live" on the host: the shown route's scenario through the live harness
 * (simulator/fidelity/: the picked real client against the stand-in gateway through the delay
 * relay, captured with dumpcap and read by tshark beside the model's capture), under a
 * cancellable progress notification. Cancel, closing the panel and deactivating the extension
 * abort the run through an AbortSignal: the harness stops its child processes (dumpcap, the
 * relay, curl, Chromium) as whole process groups and closes the stand-in, then rejects with
 * LIVE_ABORTED, and only then is the runner free for the next run.
 */

/** The route's scenario, through the registry, as the harness's target. */
export function liveTarget(model: GatewayModel, entry: IndexedRoute, scenario: TraceScenarioId, tlsVersion: '1.2' | '1.3', client: LiveClient): HarnessTarget {
  return {
    host: apiHost(entry.api), profile: client, tlsVersion,
    model: (conditions) => runScenario(model, entry.ref, scenario, conditions).trace,
  };
}

/** What the live run's instrument is, in a line for the view and the log. */
export function liveConditionsText(target: Pick<HarnessTarget, 'profile' | 'tlsVersion'>, mtu?: number): string {
  return `${target.profile} client, TLS ${target.tlsVersion}, ${HARNESS_ONE_WAY_MS} ms each way through a relay on 127.0.0.1, captured on lo${mtu === undefined ? '' : ` (MTU ${mtu})`}`;
}

/**
 * Whether the harness can play a trace's scenario (its script reads off the model), and if
 * not, why. Read off the trace the panel shows: what can be played depends on the scenario's
 * messages, not on the certificate or conditions the live run swaps in.
 */
export function liveAvailability(trace: Trace): LiveAvailability {
  try {
    scriptFromTrace(trace);
    return { supported: true };
  } catch (error) {
    if (error instanceof LiveError || error instanceof SimulatorError) return { supported: false, reason: `The live run cannot play this scenario: ${error.message}` };
    throw error;
  }
}

export class LiveRunner implements vscode.Disposable {
  private inFlight: Promise<void> | undefined;
  private controller: AbortController | undefined;

  constructor(private readonly log: (message: string) => void) {}

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Resolves once the run in flight (if any), cancelled or not, has closed everything it opened. */
  settled(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  /** Aborts the run in flight (the panel closed); settled() says when it has closed everything. */
  abort(): void {
    this.controller?.abort();
  }

  dispose(): void {
    this.abort();
  }

  /**
   * Runs `target` through the harness under a cancellable notification: the result, or
   * undefined when the user cancelled (or the panel closed). A LiveError (the run could not be
   * played, a tool or a right is missing, the time limit passed) is thrown as it is.
   */
  run(title: string, target: HarnessTarget): Thenable<RouteMeasurement | undefined> {
    if (this.inFlight) return Promise.reject(new Error('a live run is already going'));
    let free: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => {
      free = () => {
        if (this.inFlight === inFlight) this.inFlight = undefined;
        resolve();
      };
    });
    // Busy from the click on, not from when VS Code gets round to showing the notification.
    this.inFlight = inFlight;
    const controller = new AbortController();
    this.controller = controller;
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Run live: ${title}`, cancellable: true }, async (progress, token) => {
      // Listening before the run starts: Cancel may come with its very first progress report.
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        const started = performance.now();
        const result = await measureRoute(target, { signal: controller.signal, report: (message) => progress.report({ message }) });
        const { ports, lateness } = result.measurement;
        this.log(`live run: relay 127.0.0.1:${ports.relay}, stand-in 127.0.0.1:${ports.gateway}, ${target.profile} client, in ${(performance.now() - started).toFixed(0)} ms; relay ${lateness.relayMedian.toFixed(1)} ms late (median), everything closed`);
        return result;
      } catch (error) {
        if (!(error instanceof LiveError && error.code === 'LIVE_ABORTED')) throw error;
        this.log(`live run of ${title} cancelled; everything it opened is closed`);
        return undefined;
      } finally {
        subscription.dispose();
        if (this.controller === controller) this.controller = undefined;
        // measureRoute settles only once it has closed what it opened, so the next run may start now.
        free();
      }
    });
  }
}
