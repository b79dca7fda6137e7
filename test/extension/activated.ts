/*
 * The bundled extension (out/extension.js) activated in a fresh fake VS Code with the shop
 * template open: what the command and live-run tests start from. Not a test itself.
 */
import { join } from 'node:path';
import { after } from 'node:test';
import type { RouteView } from '../../webview/protocol/messages';
import { createFakeVscode, FakeDocument, installFakeVscode, type FakeVscode, type FakeVscodeScript, type FakeWebviewPanel } from './fakeVscode';

export const ROOT = join(__dirname, '..', '..', '..');
export const TEMPLATE = join(ROOT, 'examples', 'shop', 'template.yaml');
export const ROUTE = 'OrdersApi POST /orders';
/** How the route is named for people: progress titles, notifications, reports. */
export const ROUTE_TITLE = 'shop-orders · POST /orders';

/** What activate() returns, as far as the tests use it. */
export interface ActivatedExtension {
  commands: { live: { settled(): Promise<void>; busy: boolean } };
  /** The cache of scenario runs the hover, CodeLens and panel share. */
  runs: { computed: number };
}

/** A fresh fake VS Code with the shop template open and active, and the extension activated in it (disposed after the file's tests). */
export function activated(script: FakeVscodeScript = {}): FakeVscode & { extension: ActivatedExtension } {
  const fake = createFakeVscode(ROOT, script);
  const uninstall = installFakeVscode(fake.api);
  let extension: ActivatedExtension;
  try {
    const bundle = require.resolve(join(ROOT, 'out', 'extension.js'));
    delete require.cache[bundle];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const module = require(bundle) as { activate(context: unknown): ActivatedExtension };
    fake.open(FakeDocument.fromFile(TEMPLATE), true);
    extension = module.activate(fake.context);
  } finally {
    uninstall();
  }
  after(() => { for (const subscription of fake.context.subscriptions) subscription.dispose(); });
  return { ...fake, extension };
}

type Posted = FakeWebviewPanel['posted'][number];

/** Network handles the process holds (servers, sockets, TLS): what a leaked emulator or relay would leave. */
export function networkHandles(): string[] {
  return process.getActiveResourcesInfo().filter((name) => /TCP|TLS|Pipe/.test(name));
}

/**
 * The network handles once closed ones are released: net.Server emits 'close' (and runLive
 * settles) a loop turn before libuv frees the handle, so wait up to 200 ms for `expected`.
 */
export async function handlesAfterClose(expected: readonly string[]): Promise<string[]> {
  for (let waited = 0; waited < 200 && networkHandles().length > expected.length; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
  return networkHandles();
}

/** The extension with the shop's POST /orders shown in its panel (rendered). */
export async function shownRoute(script: FakeVscodeScript = {}): Promise<{ fake: ReturnType<typeof activated>; panel: FakeWebviewPanel; view: RouteView }> {
  const fake = activated({ ...script, webviews: true });
  const shown = await fake.executeCommand<{ rendered: Promise<number> }>('apigwSim.simulateRoute', FakeDocument.fromFile(TEMPLATE).uri.toString(), ROUTE);
  await shown.rendered;
  const [panel] = fake.record.panels;
  const show = panel.posted.find((message) => message.type === 'show');
  return { fake, panel, view: (show as unknown as { view: RouteView }).view };
}

/** Resolves with the first message the host posts after this call that `matches`. */
export function nextPosted(panel: FakeWebviewPanel, matches: (message: Posted) => boolean, timeoutMs = 15_000): Promise<Posted> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the host posted no such message in time')), timeoutMs);
    const subscription = panel.onPosted((message) => {
      if (!matches(message)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(message);
    });
  });
}

export const liveEnded = (message: Posted): boolean => message.type === 'liveStatus' && message.running === false;
