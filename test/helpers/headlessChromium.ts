import { existsSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Debian's Chromium, driven through playwright-core (installed with code-server by
 * .ci/install-code-server.sh), for the tests that hold the model to a real browser. Only the
 * few calls those tests make are typed here; without either program a test is skipped, saying why.
 */

const ROOT = join(__dirname, '..', '..', '..');

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

const PLAYWRIGHT = [process.env.PLAYWRIGHT_CORE, join(ROOT, '.tools', 'code-server', 'node_modules', 'playwright-core'), join(ROOT, '.tools', 'bench', 'node_modules', 'playwright-core')]
  .find((candidate): candidate is string => candidate !== undefined && existsSync(candidate));

/** Why a real-browser test cannot run here, or false when it can. */
export const CHROMIUM_SKIP: string | false = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM}` : !PLAYWRIGHT ? 'no playwright-core (.ci/install-code-server.sh installs it; or set PLAYWRIGHT_CORE)' : false;

export interface PlaywrightPage {
  goto(url: string): Promise<unknown>;
  evaluate<T, A>(fn: (argument: A) => Promise<T>, argument: A): Promise<T>;
  waitForFunction(fn: string, argument?: unknown, options?: { timeout: number }): Promise<unknown>;
  on(event: 'console', handler: (message: { type(): string; text(): string }) => void): void;
  close(): Promise<void>;
}
export interface PlaywrightContext { newPage(): Promise<PlaywrightPage>; close(): Promise<void> }
export interface PlaywrightBrowser { newPage(): Promise<PlaywrightPage>; newContext(options: Record<string, unknown>): Promise<PlaywrightContext>; close(): Promise<void> }

/** Headless Chromium with the flags every such test needs, and the test's own. */
export function launchChromium(args: readonly string[] = []): Promise<PlaywrightBrowser> {
  if (!PLAYWRIGHT) throw new Error(String(CHROMIUM_SKIP));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require(PLAYWRIGHT) as { chromium: { launch(options: Record<string, unknown>): Promise<PlaywrightBrowser> } };
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', ...args] });
}
