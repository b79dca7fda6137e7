import type { FromWebviewMessage } from './protocol/messages';
import type { ViewState } from './state';

/*
 * The API VS Code gives a webview: messages to the host, and the state VS Code keeps for the
 * panel across reloads (see state.ts). VS Code lets a page acquire it once.
 */

export interface VsCodeApi {
  postMessage(message: FromWebviewMessage): void;
  getState(): unknown;
  setState(state: ViewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The page's one VS Code API. */
export function acquireApi(): VsCodeApi {
  return acquireVsCodeApi();
}
