import { readFileSync, statSync } from 'node:fs';
import { ConfigError } from '../errors';
import type { GatewayModel } from './gateway';
import { MAX_MODEL_BYTES, modelFromJson } from './fromJson';

/**
 * Reads a gateway model file. The size is checked before the file is read, so a 50 MB
 * file is refused at once; the file is only ever read, never written.
 */
export function loadModel(path: string): GatewayModel {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (error) {
    throw new ConfigError({ file: path, line: 1, column: 1 }, `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > MAX_MODEL_BYTES) {
    throw new ConfigError({ file: path, line: 1, column: 1 }, `the file is ${size} bytes; a gateway model is at most ${MAX_MODEL_BYTES} bytes`, 'CONFIG_TOO_LARGE');
  }
  return modelFromJson(readFileSync(path, 'utf8'), path);
}
