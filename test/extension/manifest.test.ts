/*
 * The extension's manifest (package.json) as VS Code reads it: what it declares about
 * workspace trust and virtual workspaces, and that every way to start a live run is gated on
 * trust (the runtime refusal is tested in workspaceTrust.test.ts).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT } from './activated';

interface Manifest {
  capabilities?: { untrustedWorkspaces?: { supported?: unknown; description?: unknown }; virtualWorkspaces?: { supported?: unknown; description?: unknown } };
  contributes: { commands: { command: string; enablement?: string }[]; menus: Record<string, { command?: string; when?: string }[]> };
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Manifest;
const liveCommands = manifest.contributes.commands.filter((command) => /live/i.test(command.command));

describe('the manifest', () => {
  it('declares limited support in untrusted workspaces and none in virtual ones, each with a description', () => {
    const { untrustedWorkspaces, virtualWorkspaces } = manifest.capabilities ?? {};
    assert.equal(untrustedWorkspaces?.supported, 'limited');
    assert.match(String(untrustedWorkspaces?.description), /Restricted Mode.*Run live is off/);
    assert.equal(virtualWorkspaces?.supported, false);
    assert.equal(typeof virtualWorkspaces?.description, 'string');
  });

  it('enables each live command only in a trusted workspace, and shows it in no menu without that condition', () => {
    assert.ok(liveCommands.length > 0, 'a Run Live command is contributed');
    for (const command of liveCommands) assert.match(command.enablement ?? '', /\bisWorkspaceTrusted\b/, command.command);
    const entries = Object.entries(manifest.contributes.menus).flatMap(([menu, items]) => items.map((item) => ({ menu, ...item })));
    const live = entries.filter((entry) => liveCommands.some((command) => command.command === entry.command));
    assert.ok(live.some((entry) => entry.menu === 'commandPalette'), 'the palette entry says when it shows');
    for (const entry of live) assert.match(entry.when ?? '', /\bisWorkspaceTrusted\b/, `${entry.menu}: ${entry.command}`);
  });
});
