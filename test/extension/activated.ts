/*
 * The bundled extension (out/extension.js) activated in a fresh fake VS Code with the shop
 * template open: what the command and live-run tests start from. Not a test itself.
 */
import { join } from 'node:path';
import { after } from 'node:test';
import { createFakeVscode, FakeDocument, installFakeVscode, type FakeVscode, type FakeVscodeScript } from './fakeVscode';

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
