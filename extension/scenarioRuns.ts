import type { GatewayModel } from '../simulator/model/gateway';
import { runScenario, type RunOptions, type ScenarioRun, type TraceScenarioId } from '../simulator/scenario/registry';
import type { IndexedRoute } from './routeIndex';

/*
 * Runs of a route's scenario, once per document version, route, scenario and settings: the
 * hover, the CodeLens, the panel and the Run-live availability check all read the same run,
 * so one user action simulates once. Pure (no vscode import).
 */

/** Which text the model was read from: a document and its version. */
export interface DocumentVersion {
  uri: string;
  version: number;
}

export class ScenarioRuns {
  private readonly runs = new Map<string, ScenarioRun>();
  /** Simulations actually run (not served from the cache), for tests and the log. */
  computed = 0;

  constructor(private readonly capacity = 500) {}

  get(document: DocumentVersion, model: GatewayModel, entry: IndexedRoute, scenario: TraceScenarioId, options: RunOptions): ScenarioRun {
    const key = `${document.uri}@${document.version}\n${entry.id}\n${scenario}\n${JSON.stringify(options)}`;
    let run = this.runs.get(key);
    if (!run) {
      run = runScenario(model, entry.ref, scenario, options);
      this.computed++;
      // Oldest first out: a Map keeps insertion order.
      if (this.runs.size >= this.capacity) this.runs.delete(this.runs.keys().next().value!);
      this.runs.set(key, run);
    }
    return run;
  }

  /** Forgets a closed document's runs. */
  forget(uri: string): void {
    for (const key of this.runs.keys()) if (key.startsWith(`${uri}@`)) this.runs.delete(key);
  }
}
