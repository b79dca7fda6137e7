import { resolve } from 'node:path';
import { FIDELITY_ONE_WAY_MS, shopFidelityScenarios } from '../simulator/live/fidelityScenarios';
import { formatFidelity, measureFidelity, type FidelityOutcome } from '../simulator/live/fidelityReport';
import { runLive } from '../simulator/live/liveRun';

/*
 * `npm run fidelity`: the fixed scenarios run through the model and for real on 127.0.0.1
 * with an injected one-way delay of 20 ms, and a table of modelled against measured bytes,
 * round trips and time to first byte. Targets (asserted in test/simulator/live/): HTTP and
 * WebSocket bytes exact, round trips exact, TLS records within 2%, time to first byte within 10%.
 */
async function main(): Promise<void> {
  const scenarios = shopFidelityScenarios(resolve(__dirname, '../../examples/shop/template.yaml'));
  // One untimed run first: Node loads and compiles https, tls and ws on first use.
  await runLive(scenarios[0]);
  const outcomes: FidelityOutcome[] = [];
  for (const scenario of scenarios) outcomes.push(await measureFidelity(scenario, 7));
  process.stdout.write(`Fidelity: model vs live loopback run, ${FIDELITY_ONE_WAY_MS} ms injected one-way delay (node client profile, node TLS server, no DNS)\n\n`);
  process.stdout.write(`${formatFidelity(outcomes)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
