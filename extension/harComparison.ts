import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { calibrationFileText } from '../simulator/calibration/calibrationFile';
import { readHarFile } from '../simulator/calibration/harRecording';
import { calibrate, formatCalibration } from '../simulator/cli/calibrate';
import { ConfigError, SimulatorError } from '../simulator/errors';
import type { GatewayModel } from '../simulator/model/gateway';
import type { ScenarioOptions } from '../simulator/scenario/topology';

/*
 * "API Gateway: Compare with a HAR Recording…": the active config's model held against a
 * recording of the deployed API (simulator/calibration/), the report in a text document beside
 * it, and the fit saved, where the user says, as the calibration later simulations use (the
 * `apigwSim.calibrationFile` setting). The recording and the config are only read.
 */

export interface HarComparisonResult {
  report: vscode.TextDocument;
  saved?: vscode.Uri;
}

const SAVE = 'Save Calibration…';

export async function compareWithHar(model: GatewayModel, configUri: vscode.Uri, options: ScenarioOptions, recordingUri?: vscode.Uri, saveUri?: vscode.Uri): Promise<HarComparisonResult | undefined> {
  const recordingFile = recordingUri ?? (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'HAR recording': ['har', 'json'] }, openLabel: 'Compare', title: 'A HAR recording of the deployed API' }))?.[0];
  if (!recordingFile) return undefined;
  let text: string;
  let fit: ReturnType<typeof calibrate>;
  try {
    const recording = readHarFile(recordingFile.fsPath);
    fit = calibrate(model, recording, options);
    text = formatCalibration(fit, recording);
  } catch (error) {
    if (!(error instanceof SimulatorError)) throw error;
    void vscode.window.showErrorMessage(`The recording cannot be used: ${error instanceof ConfigError ? error.format() : error.message}`);
    return undefined;
  }
  const report = await vscode.workspace.openTextDocument({ content: `${text}\n`, language: 'plaintext' });
  await vscode.window.showTextDocument(report, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  if (fit.calibration.samples === 0) return { report };
  const target = saveUri ?? ((await vscode.window.showInformationMessage(`Calibrated from ${fit.calibration.source}: ${fit.calibration.samples} requests. Save it for later simulations?`, SAVE)) === SAVE
    ? await vscode.window.showSaveDialog({ filters: { 'Calibration': ['json'] }, saveLabel: 'Save Calibration', defaultUri: vscode.Uri.joinPath(configUri, '..', `${fit.calibration.source.replace(/\.(har|json)$/i, '')}.calibration.json`) })
    : undefined);
  if (!target) return { report };
  if (target.toString() === configUri.toString() || target.toString() === recordingFile.toString()) {
    void vscode.window.showErrorMessage('Refusing to overwrite the config or the recording: choose another file for the calibration.');
    return { report };
  }
  writeFileSync(target.fsPath, calibrationFileText(fit.calibration));
  await vscode.workspace.getConfiguration('apigwSim').update('calibrationFile', target.fsPath, vscode.ConfigurationTarget.Workspace);
  return { report, saved: target };
}
