import { DelayRelay } from '../live/delayRelay';
import { Stopwatch } from '../live/stopwatch';

/*
 * The delay relay in a process of its own, so that the harness can run it at a higher
 * scheduling priority than the programs it measures and the machine's other work: on a
 * loaded machine a relay sharing an event loop with the stand-in and a client reads and
 * writes tens of milliseconds late, which the harness would count as the model's error.
 *
 *   node relayProcess.js TARGET_PORT ONE_WAY_MS LISTEN_PORT
 *
 * Listens on 127.0.0.1 only (LISTEN_PORT 0: a port the kernel picks). Prints `ready PORT` once
 * listening; closes everything and exits when its stdin ends, which is also what happens when
 * the harness that started it dies, however it dies (the pipe's writer is gone).
 */

async function main(): Promise<void> {
  const [targetPort, oneWayMs, listenPort] = process.argv.slice(2).map(Number);
  const relay = await DelayRelay.start(targetPort, oneWayMs, new Stopwatch(), listenPort);
  process.stdout.write(`ready ${relay.address.port}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => {
    void relay.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
