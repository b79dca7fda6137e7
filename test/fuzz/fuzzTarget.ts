import { readConfigText } from '../../simulator/config/configFile';
import type { ReaderContext } from '../../simulator/config/formatReader';
import { formatRoutes, routesReport } from '../../simulator/config/routesReport';
import { formatTrace } from '../../simulator/cli/textReport';
import { InvariantError, SimulatorError } from '../../simulator/errors';
import { defaultTraceScenario, routeRef, runScenario } from '../../simulator/scenario/registry';
import type { FuzzInput } from './fuzzInputs';

/*
 * What one input goes through: what `apigw-sim routes` does (read the config, the report as
 * text and JSON), then what `apigw-sim simulate` does on one listed route (the scenario
 * registry's run, the trace as text). A clean end is a result or a SimulatorError (a
 * ConfigError with its location among them); anything else that is thrown is a crash, and so
 * is an InvariantError, which is a simulator bug by definition.
 */

export type Outcome =
  | { kind: 'result'; routes: number }
  | { kind: 'clean-error'; code: string }
  | { kind: 'crash'; name: string; message: string; stack: string; signature: string };

/** Runs one input to its end. */
export function runTarget(input: Pick<FuzzInput, 'file' | 'text' | 'routePick'>, readSibling: ReaderContext['readSibling']): Outcome {
  try {
    const read = readConfigText(input.text, input.file, readSibling);
    const report = routesReport(read.model, read.findings);
    formatRoutes(report);
    JSON.stringify(report);
    const listed = read.model.apis.flatMap((api) => api.routes.map((route) => ({ api, route })));
    if (listed.length === 0) return { kind: 'result', routes: 0 };
    const { api, route } = listed[input.routePick % listed.length];
    const run = runScenario(read.model, routeRef(api, route), defaultTraceScenario(api.type), { seed: 1 });
    formatTrace(run.trace);
    return { kind: 'result', routes: listed.length };
  } catch (error) {
    if (error instanceof SimulatorError && !(error instanceof InvariantError)) return { kind: 'clean-error', code: error.code };
    return crashOutcome(error);
  }
}

/** A crash, with a signature that groups crashes of one cause: the error's name and the first frame in the project's code. */
export function crashOutcome(error: unknown): Outcome & { kind: 'crash' } {
  const name = error instanceof Error ? error.name : typeof error;
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const frame = /\((?:[^()]*[\\/])?((?:simulator|extension|webview)[\\/][^()]*?):\d+:\d+\)/.exec(stack)?.[1] ?? /\bat (\S+)/.exec(stack)?.[1] ?? 'unknown';
  const line = /\((?:[^()]*[\\/])?(?:simulator|extension|webview)[\\/][^()]*?:(\d+):\d+\)/.exec(stack)?.[1];
  return { kind: 'crash', name, message: message.slice(0, 500), stack: stack.slice(0, 4000), signature: `${name} at ${frame.replace(/\\/g, '/')}${line ? `:${line}` : ''}` };
}
