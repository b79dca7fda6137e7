/*
 * "API Gateway: Compare with a HAR Recording…" through the bundled extension and the fake
 * `vscode`: the report beside the config, the fit saved where the user says, the setting
 * pointed at it, and the next simulation calibrated by it. Bad recordings get a message.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { run } from '../../simulator/cli/main';
import { activated, ROUTE, TEMPLATE } from './activated';
import { FakeDocument } from './fakeVscode';

const directory = mkdtempSync(join(tmpdir(), 'apigw-sim-har-'));
after(() => rmSync(directory, { recursive: true, force: true }));

describe('Compare with a HAR Recording', () => {
  it('reports the fit beside the config, saves it, points the setting at it, and the next export is calibrated', async () => {
    const recording = join(directory, 'shop.har');
    writeFileSync(recording, run(['demo', '--format', 'har']).output);
    const fake = activated({ workspaceState: { lastPanel: { documentUri: FakeDocument.fromFile(TEMPLATE).uri.toString(), routeId: ROUTE, scenario: 'request' } } });
    const Uri = fake.api.Uri as { file(path: string): { fsPath: string } };
    const saved = Uri.file(join(directory, 'shop.calibration.json'));
    const result = await fake.executeCommand<{ report: { getText(): string }; saved?: { fsPath: string } }>('apigwSim.compareWithHar', Uri.file(recording), saved);
    assert.match(result.report.getText(), /^calibrated from shop\.har: 2 requests matched to 2 routes/);
    assert.match(result.report.getText(), /OrdersApi POST \/orders\s+1\s+DNS Lookup/);
    assert.equal(result.saved?.fsPath, saved.fsPath);
    assert.match(readFileSync(saved.fsPath, 'utf8'), /"format": "apigw-sim calibration 1"/);
    assert.equal(fake.record.settings.get('apigwSim.calibrationFile'), saved.fsPath);
    const exported = Uri.file(join(directory, 'trace.json'));
    await fake.executeCommand('apigwSim.exportTrace', exported, 'json');
    assert.deepEqual((JSON.parse(readFileSync(exported.fsPath, 'utf8')) as { calibration?: unknown }).calibration, { source: 'shop.har', samples: 2 });
  });

  it('says what is wrong with a recording cut short, and with a calibration file that is not one', async () => {
    const cut = join(directory, 'cut.har');
    writeFileSync(cut, run(['demo', '--format', 'har']).output.slice(0, 300));
    const fake = activated();
    const Uri = fake.api.Uri as { file(path: string): { fsPath: string } };
    assert.equal(await fake.executeCommand('apigwSim.compareWithHar', Uri.file(cut)), undefined);
    assert.ok(fake.record.messages.some((message) => /cut\.har:\d+:\d+: the recording ends in the middle of its JSON/.test(message)), fake.record.messages.join('\n'));
    const notCalibration = join(directory, 'other.json');
    writeFileSync(notCalibration, '{"hello": 1}');
    const configured = activated({ settings: { 'apigwSim.calibrationFile': notCalibration }, workspaceState: { lastPanel: { documentUri: FakeDocument.fromFile(TEMPLATE).uri.toString(), routeId: ROUTE, scenario: 'request' } } });
    const exported = (configured.api.Uri as { file(path: string): { fsPath: string } }).file(join(directory, 'plain.json'));
    await configured.executeCommand('apigwSim.exportTrace', exported, 'json');
    assert.equal((JSON.parse(readFileSync(exported.fsPath, 'utf8')) as { calibration?: unknown }).calibration, undefined, 'not applied');
    assert.ok(configured.record.messages.some((message) => /calibration file .* is not used: .*other\.json.*not a calibration file/.test(message)), configured.record.messages.join('\n'));
  });
});
