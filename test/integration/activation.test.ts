/* Activation: the extension wakes up for a gateway config, not before. (Runs first: files load in name order.) */
import assert from 'node:assert/strict';
import { suite, test } from 'mocha';
import { config, EXTENSION_ID, eventually, inExtensionHost, open, vscodeApi } from './extensionHost';

if (inExtensionHost) suite('Activation', () => {
  const vscode = vscodeApi();

  test('stays inactive in a workspace without configs, and activates when a SAM template is opened', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed`);
    assert.equal(extension.isActive, false);
    await open(config('shop', 'template.yaml'));
    await eventually('the extension to activate', () => extension.isActive);
    const commands = await vscode.commands.getCommands(true);
    for (const command of ['apigwSim.simulateRoute', 'apigwSim.exportTrace', 'apigwSim.compareApiTypes', 'apigwSim.openExample', 'apigwSim.openBankingExample']) {
      assert.ok(commands.includes(command), `${command} is registered`);
    }
  });

  test('opens the bundled shop example from the walkthrough command', async () => {
    await vscode.commands.executeCommand('apigwSim.openExample');
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/examples/shop/template.yaml'));
  });

  test('opens the bundled core-banking example', async () => {
    await vscode.commands.executeCommand('apigwSim.openBankingExample');
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/examples/banking/template.yaml'));
  });
});
