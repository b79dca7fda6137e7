import { readCloudFormation } from './cloudformation/cloudFormationTemplate';
import { readSam } from './cloudformation/samTemplate';
import type { ConfigReader } from './formatReader';
import { readOpenApi } from './openapi/openApiDocument';
import { readServerless } from './serverless/serverlessService';
import { readTerraform } from './terraform/terraformModule';
import { get, type PNode, str } from './tree';

/*
 * The formats the simulator reads: how each is told apart by what it says, and which reader
 * reads it. The gateway-model JSON (modelJson/) is read without a positioned tree.
 */

/** The formats the simulator reads. */
export type ConfigFormat = 'sam' | 'cloudformation' | 'openapi' | 'serverless' | 'terraform' | 'model';

/** The format of a config, from what it says rather than what it is called. */
export function detectFormat(text: string, tree: PNode | undefined): ConfigFormat | undefined {
  if (!tree) {
    return /^\s*(resource|data|module|variable|provider|locals|terraform)\s+("[^"]*"\s*)*\{/m.test(text) ? 'terraform' : undefined;
  }
  if (tree.kind !== 'map') return undefined;
  const transform = get(tree, 'Transform');
  const transforms = transform?.kind === 'seq' ? transform.items.map(str) : [str(transform)];
  if (transforms.some((name) => name?.startsWith('AWS::Serverless'))) return 'sam';
  const resources = get(tree, 'Resources');
  if (get(tree, 'AWSTemplateFormatVersion') || (resources?.kind === 'map' && resources.entries.some((entry) => str(get(entry.value, 'Type'))?.startsWith('AWS::')))) {
    return 'cloudformation';
  }
  if (get(tree, 'openapi') || get(tree, 'swagger')) return 'openapi';
  if (get(tree, 'service') && (get(tree, 'provider') || get(tree, 'functions'))) return 'serverless';
  if (get(tree, 'apis')?.kind === 'seq') return 'model';
  return undefined;
}

/** How findings and errors name each format. */
export const FORMAT_NAMES: Record<ConfigFormat, string> = {
  sam: 'AWS SAM template', cloudformation: 'CloudFormation template', openapi: 'OpenAPI definition', serverless: 'Serverless Framework config', terraform: 'Terraform configuration', model: 'gateway model',
};

/** The reader for each format; a format without one is detected and reported, not guessed at. */
export const FORMAT_READERS: Partial<Record<ConfigFormat, ConfigReader>> = {
  sam: readSam,
  cloudformation: readCloudFormation,
  openapi: readOpenApi,
  serverless: readServerless,
  terraform: readTerraform,
};
