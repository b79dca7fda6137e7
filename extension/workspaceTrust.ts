import * as vscode from 'vscode';
import type { LiveAvailability } from '../webview/protocol/messages';

/*
 * Workspace trust (Restricted Mode). The extension reads the files next to a config (a
 * Terraform module's other files, an OpenAPI body a template references) and, for Run live,
 * opens sockets and runs the live harness (a stand-in gateway, a delay relay, dumpcap, a real client) on 127.0.0.1. In a
 * workspace the user has not trusted, Run live is off (package.json also disables its command
 * with `isWorkspaceTrusted`), and only the open document is read; granting trust turns both on
 * without a reload (onDidGrantWorkspaceTrust). The sentences here are what the user reads.
 */

/** Why Run live is off: shown in the panel's live controls and answered to the command. */
export const LIVE_RESTRICTED_REASON = 'Run live is off in Restricted Mode: it opens sockets and runs the simulator\'s servers. Trust this workspace to use it.';

/** Whether the user trusts the workspace (always true where VS Code has no trust, as in a trusted folder). */
export function isWorkspaceTrusted(): boolean {
  return vscode.workspace.isTrusted;
}

/** Run live's availability in Restricted Mode, or undefined when the workspace is trusted and the scenario decides. */
export function restrictedLiveAvailability(): LiveAvailability | undefined {
  return isWorkspaceTrusted() ? undefined : { supported: false, reason: LIVE_RESTRICTED_REASON, restrictedMode: true };
}
