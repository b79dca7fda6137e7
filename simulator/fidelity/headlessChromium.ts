/**
 * Debian's chromium driven by playwright-core from a tools folder outside package.json, for the
 * benches that need a browser. playwright-core is typed here by the part the benches use, so
 * type-checking does not need the package. (test/webview/screenshot.ts declares the same subset;
 * it could import this one.)
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface Page {
  waitForTimeout(ms: number): Promise<void>;
  route(url: string, handler: (route: { request(): { url(): string }; fulfill(response: { status?: number; contentType?: string; body: string }): Promise<void> }) => Promise<void>): Promise<void>;
  goto(url: string): Promise<unknown>;
  evaluate<T, A>(fn: (argument: A) => T | Promise<T>, argument: A): Promise<T>;
  waitForFunction<A>(fn: (argument: A) => boolean, argument: A, options?: { timeout?: number }): Promise<unknown>;
  on(event: 'pageerror', handler: (error: Error) => void): void;
  close(): Promise<void>;
}

export interface Browser {
  newPage(options?: { viewport: { width: number; height: number }; deviceScaleFactor?: number }): Promise<Page>;
  close(): Promise<void>;
}

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a quiet, repeatable headless run: no sandbox (containers), no GPU, no background traffic. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export function hasChromium(): boolean {
  return existsSync(CHROMIUM);
}

/** Launches headless chromium with the playwright-core installed under `tools` (a folder with node_modules), with the bench's own flags after the common ones. */
export async function launchChromium(tools: string, args: readonly string[] = []): Promise<Browser> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { chromium } = require(join(tools, 'node_modules', 'playwright-core')) as { chromium: { launch(options: { executablePath: string; args: string[]; headless: boolean }): Promise<Browser> } };
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...FLAGS, ...args] });
}
