import { readCloudFormation } from './cloudformation';
import { readOpenApi } from './openapi';
import type { ConfigFormat, ConfigReader } from './reader';
import { readSam } from './sam';
import { readServerless } from './serverless';
import { readTerraform } from './terraform';

/** The reader for each format; a format without one is detected and reported, not guessed at. */
export const READERS: Partial<Record<ConfigFormat, ConfigReader>> = {
  sam: readSam,
  cloudformation: readCloudFormation,
  openapi: readOpenApi,
  serverless: readServerless,
  terraform: readTerraform,
};
