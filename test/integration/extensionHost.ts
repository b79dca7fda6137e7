/*
 * What the mocha test files share inside VS Code's extension host. `node --test` executes
 * every compiled file under out/test, these included: it sets NODE_TEST_CONTEXT, and then the
 * files register nothing (there is no `vscode` module and no mocha run outside the host).
 */
import type * as VsCode from 'vscode';
import { join } from 'node:path';
import { CONFIGS_ENV } from './workspace';

export const EXTENSION_ID = 'apigw-traffic-sim.apigw-traffic-sim';

/** False under `node --test`; the test files register their suites only when this is true. */
export const inExtensionHost = process.env.NODE_TEST_CONTEXT === undefined;

/** The VS Code API, loaded lazily so that the module itself loads under plain Node. */
export function vscodeApi(): typeof VsCode {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('vscode') as typeof VsCode;
}

/** A copied config (see workspace.ts), e.g. `config('shop', 'template.yaml')`. */
export function config(...path: string[]): VsCode.Uri {
  const root = process.env[CONFIGS_ENV];
  if (!root) throw new Error(`${CONFIGS_ENV} is not set: run the suite through runInVsCode.js or runWithTestElectron.js`);
  return vscodeApi().Uri.file(join(root, ...path));
}

/** Opens a document in an editor and returns it with a finder for 0-based positions of text. */
export async function open(uri: VsCode.Uri): Promise<{ document: VsCode.TextDocument; at(needle: string, offset?: number): VsCode.Position }> {
  const vscode = vscodeApi();
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document);
  return {
    document,
    at(needle, offset = 0) {
      const index = document.getText().indexOf(needle);
      if (index < 0) throw new Error(`${uri.fsPath} does not contain ${JSON.stringify(needle)}`);
      return document.positionAt(index + offset);
    },
  };
}

/** The plain text of hovers, markdown sources joined. */
export function hoverText(hovers: readonly VsCode.Hover[]): string {
  return hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
}

/** Polls (no fixed sleep) until `condition` holds, for what the extension does on its own timers. */
export async function eventually<T>(what: string, condition: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((wait) => setTimeout(wait, 50));
  }
}
