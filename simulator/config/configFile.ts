import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../errors';
import type { GatewayModel } from '../model/gateway';
import { type Finding, Findings } from './findings';
import type { ReaderContext } from './formatReader';
import { type ConfigFormat, detectFormat, FORMAT_NAMES, FORMAT_READERS } from './formats';
import { checkModel } from './modelChecks';
import { modelFromJson } from './modelJson/modelFromJson';
import { readTerraformModule } from './terraform/terraformModule';
import { MAX_CONFIG_BYTES, parseConfigTree } from './tree';

/*
 * Reading a user's config file (or Terraform module directory): detect the format from the
 * content, parse it into a positioned tree, hand it to that format's reader, then run the
 * shared model checks. Files are only ever read; sizes are checked before reading.
 */

export interface ConfigReadResult {
  format: ConfigFormat;
  model: GatewayModel;
  findings: Finding[];
  /** Every file the reading opened, the config first: what a command must never overwrite. */
  files: string[];
}

/** Reads config text; `file` names it in locations. */
export function readConfigText(text: string, file: string, readSibling: ReaderContext['readSibling'] = () => undefined): ConfigReadResult {
  const files = [file];
  const recorded = recording(readSibling, files);
  // The cheap test first: the pattern scans the whole text.
  const looksLikeTerraform = /\.tf$/.test(file) || (text.includes('resource') && /^\s*resource\s+"aws_/m.test(text));
  const tree = looksLikeTerraform ? undefined : parseConfigTree(text, file);
  const format = detectFormat(text, tree);
  if (!format) {
    throw new ConfigError({ file, line: 1, column: 1 }, 'not a gateway config: expected a SAM or CloudFormation template, an OpenAPI/Swagger definition, a serverless.yml, Terraform, or a gateway model', 'INVALID_CONFIG');
  }
  if (format === 'model') {
    const model = modelFromJson(text, file);
    const findings = new Findings();
    checkModel(model, findings);
    return { format, model, findings: findings.list, files };
  }
  const reader = FORMAT_READERS[format];
  if (!reader) throw new ConfigError({ file, line: 1, column: 1 }, `${FORMAT_NAMES[format]} detected, but it cannot be read yet`, 'INVALID_CONFIG');
  const findings = new Findings();
  const model = reader({ text, tree }, { file, findings, readSibling: recorded });
  checkModel(model, findings);
  return { format, model, findings: findings.list, files };
}

/** `readSibling`, noting in `files` each file it returns. */
function recording(readSibling: ReaderContext['readSibling'], files: string[]): ReaderContext['readSibling'] {
  return (relativePath) => {
    const read = readSibling(relativePath);
    if (read && !files.includes(read.file)) files.push(read.file);
    return read;
  };
}

/** Reads a config file, or a Terraform module directory (its `*.tf` files together). The size is checked before reading. */
export function readConfig(path: string): ConfigReadResult {
  let size: number;
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return readTerraformDirectory(path);
    size = stats.size;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError({ file: path, line: 1, column: 1 }, `cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError({ file: path, line: 1, column: 1 }, `the file is ${(size / 1048576).toFixed(1)} MB; configs over ${MAX_CONFIG_BYTES / 1048576} MB are not read`, 'CONFIG_TOO_LARGE');
  }
  return readConfigText(readFileSync(path, 'utf8'), path, readSibling(dirname(path)));
}

/** Reads files next to a config (DefinitionUri, templatefile), within the size cap; undefined when missing. */
export function readSibling(directory: string): ReaderContext['readSibling'] {
  return (relativePath) => {
    const target = resolve(directory, relativePath);
    try {
      if (statSync(target).size > MAX_CONFIG_BYTES) return undefined;
      return { text: readFileSync(target, 'utf8'), file: target };
    } catch {
      return undefined;
    }
  };
}

/** A Terraform module is a directory: its `.tf` files are read together so references between them resolve. */
function readTerraformDirectory(directory: string): ConfigReadResult {
  const names = readdirSync(directory).filter((name) => name.endsWith('.tf')).sort();
  if (names.length === 0) throw new ConfigError({ file: directory, line: 1, column: 1 }, 'a directory is read as a Terraform module, and this one has no .tf files');
  let total = 0;
  const sources = names.map((name) => {
    const file = join(directory, name);
    total += statSync(file).size;
    if (total > MAX_CONFIG_BYTES) throw new ConfigError({ file, line: 1, column: 1 }, `the module is over ${MAX_CONFIG_BYTES / 1048576} MB; it is not read`, 'CONFIG_TOO_LARGE');
    return { text: readFileSync(file, 'utf8'), file };
  });
  const findings = new Findings();
  const files = sources.map((source) => source.file);
  const model = readTerraformModule(sources, { file: directory, findings, readSibling: recording(readSibling(directory), files) });
  checkModel(model, findings);
  return { format: 'terraform', model, findings: findings.list, files };
}
