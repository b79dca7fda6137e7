import * as vscode from 'vscode';
import { SimulatorError } from '../simulator/errors';
import { makeLiveCertificate, type LiveCertificate } from '../simulator/live/certificate';
import { LiveError } from '../simulator/live/liveError';
import { runLive, type LiveResult, type LiveScenario } from '../simulator/live/liveRun';
import { scriptFromTrace } from '../simulator/live/liveScript';
import { apiHost, type GatewayModel } from '../simulator/model/gateway';
import { runScenario, type TraceScenarioId } from '../simulator/scenario/registry';
import type { Trace } from '../simulator/trace/trace';
import type { LiveAvailability } from '../webview/protocol/messages';
import type { IndexedRoute } from './routeIndex';

/*
 * "Run live" on the host: the shown route's scenario for real on 127.0.0.1 (simulator/live's
 * gateway emulator, delay relay and node client), under a cancellable progress notification.
 * Cancel aborts the run through an AbortSignal: runLive closes every socket, server and timer
 * it opened, then rejects with LIVE_ABORTED, and only then is the runner free for the next run.
 */

/** The injected one-way delay: the CLI's default (`apigw-sim live --delay`). */
export const LIVE_ONE_WAY_MS = 20;

/** The same scenario the panel shows, through the registry, under the live run's conditions. */
export function liveScenario(model: GatewayModel, entry: IndexedRoute, scenario: TraceScenarioId, tlsVersion: '1.2' | '1.3'): LiveScenario {
  return {
    host: apiHost(entry.api), tlsVersion, oneWayMs: LIVE_ONE_WAY_MS,
    model: (conditions) => runScenario(model, entry.ref, scenario, conditions).trace,
  };
}

/** What the live run's instrument is, in a line for the view and the log. */
export function liveConditionsText(scenario: LiveScenario): string {
  return `TLS ${scenario.tlsVersion} (node:tls), ${scenario.oneWayMs} ms injected each way, 127.0.0.1`;
}

/**
 * Whether simulator/live can play a trace's scenario (its script reads off the model), and if
 * not, why. Read off the trace the panel shows: what can be played depends on the scenario's
 * messages, not on the client profile or the certificate the live run swaps in.
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

export class LiveRunner {
  private inFlight: Promise<void> | undefined;
  private warmedUp = false;
  private readonly certificates = new Map<string, LiveCertificate>();

  constructor(private readonly log: (message: string) => void) {}

  get busy(): boolean {
    return this.inFlight !== undefined;
  }

  /** Resolves once the run in flight (if any), cancelled or not, has closed everything it opened. */
  settled(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  /**
   * Runs `scenario` live under a cancellable notification: the result, or undefined when the
   * user cancelled. A LiveError (the run could not be played) is thrown as it is.
   */
  run(title: string, scenario: LiveScenario): Thenable<LiveResult | undefined> {
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
    return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Run live: ${title}`, cancellable: true }, async (progress, token) => {
      const controller = new AbortController();
      // Listening before the run starts: Cancel may come with its very first progress report.
      const subscription = token.onCancellationRequested(() => controller.abort());
      try {
        return await this.play(scenario, controller.signal, (message) => progress.report({ message }));
      } catch (error) {
        if (!(error instanceof LiveError && error.code === 'LIVE_ABORTED')) throw error;
        this.log(`live run of ${title} cancelled; everything it opened is closed`);
        return undefined;
      } finally {
        subscription.dispose();
        // runLive settles only once it has closed what it opened, so the next run may start now.
        free();
      }
    });
  }

  private async play(scenario: LiveScenario, signal: AbortSignal, report: (message: string) => void): Promise<LiveResult> {
    let certificate = this.certificates.get(scenario.host);
    if (!certificate) {
      certificate = makeLiveCertificate(scenario.host);
      this.certificates.set(scenario.host, certificate);
    }
    if (!this.warmedUp) {
      // The first use loads and compiles node:tls, https and ws (tens of ms): one untimed run, as the CLI does.
      report('warming up (one untimed run)');
      await runLive(scenario, certificate, { signal });
      this.warmedUp = true;
    }
    report(`gateway emulator, delay relay and client on 127.0.0.1, ${scenario.oneWayMs} ms each way`);
    const started = performance.now();
    const result = await runLive(scenario, certificate, { signal });
    this.log(`live run: ${result.listeners.map((address) => `${address.address}:${address.port}`).join(', ')} in ${(performance.now() - started).toFixed(0)} ms, ${result.openSocketsAfterClose} sockets open after closing, relay timers ${result.relayLatenessMs.toFixed(1)} ms late`);
    return result;
  }
}
