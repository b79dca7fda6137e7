import { statSync } from 'node:fs';
import * as vscode from 'vscode';
import type { Calibration } from '../simulator/calibration/calibration';
import { readCalibrationFile } from '../simulator/calibration/calibrationFile';
import { ConfigError, SimulatorError } from '../simulator/errors';

/*
 * The `apigwSim.calibrationFile` setting: a fit saved by "Compare with a HAR Recording…" (or
 * `apigw-sim calibrate --save`), applied to every trace the editor simulates. Read once per
 * path and modification time, since the hover asks for it on every hover; a file that cannot
 * be read is said once, in a warning, and not applied.
 */

let cached: { key: string; calibration: Calibration | undefined } | undefined;

/** The calibration the setting names, if it names one that can be read. */
export function calibrationSetting(): Calibration | undefined {
  const path = vscode.workspace.getConfiguration('apigwSim').get<string>('calibrationFile', '');
  if (!path) return undefined;
  let key: string;
  try {
    key = `${path}\n${statSync(path).mtimeMs}`;
  } catch {
    key = `${path}\nmissing`;
  }
  if (cached?.key === key) return cached.calibration;
  let calibration: Calibration | undefined;
  try {
    calibration = readCalibrationFile(path);
  } catch (error) {
    if (!(error instanceof SimulatorError)) throw error;
    void vscode.window.showWarningMessage(`The calibration file of the apigwSim.calibrationFile setting is not used: ${error instanceof ConfigError ? error.format() : error.message}`);
  }
  cached = { key, calibration };
  return calibration;
}
