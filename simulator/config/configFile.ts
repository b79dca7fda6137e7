import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigError, ParameterError } from '../errors';
import type { GatewayModel } from '../model/gateway';
import { type ConfinedRead, isInside, NOT_FOUND, readConfined, readRegularFile, realRoot } from './confinedFile';
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
 * shared model checks. Files are only ever read, through confinedFile.ts: the config itself
 * only when it is a regular file (a FIFO or a device given as the config is an error at once,
 * never a read that waits), the files it names only inside a root folder (the config's own,
 * or a wider one the caller gives), each within the size cap.
 */

export interface ConfigReadResult {
  format: ConfigFormat;
  model: GatewayModel;
  findings: Finding[];
  /** Every file the reading read, the config first: what a command must never overwrite (a refused file is not among them). */
  files: string[];
}

/** Reads config text; `file` names it in locations. */
export function readConfigText(text: string, file: string, readSibling: ReaderContext['readSibling'] = () => NOT_FOUND): ConfigReadResult {
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

/** `readSibling`, noting in `files` each file it read (never one it refused). */
function recording(readSibling: ReaderContext['readSibling'], files: string[]): ReaderContext['readSibling'] {
  return (relativePath) => {
    const read = readSibling(relativePath);
    if (read.kind === 'read' && !files.includes(read.file)) files.push(read.file);
    return read;
  };
}

export interface ReadConfigOptions {
  /**
   * The folder the files a config names may be read from: the config's own folder (a module
   * directory itself) by default; a wider one must contain the config.
   */
  root?: string;
}

/**
 * Reads a config file, or a Terraform module directory (its `*.tf` files together). A size the
 * file reports over the cap is refused before opening; the rest is confinedFile.ts's.
 */
export function readConfig(path: string, options: ReadConfigOptions = {}): ConfigReadResult {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw cannotRead(path, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  if (stats.isDirectory()) return readTerraformDirectory(path, confinementRoot(path, path, options.root));
  const root = confinementRoot(path, dirname(path), options.root);
  if (stats.size > MAX_CONFIG_BYTES) {
    throw new ConfigError({ file: path, line: 1, column: 1 }, `the file is ${(stats.size / 1048576).toFixed(1)} MB; configs over ${MAX_CONFIG_BYTES / 1048576} MB are not read`, 'CONFIG_TOO_LARGE');
  }
  const read = readRegularFile(path);
  if (read.kind === 'refused') throw configRefused(path, read);
  return readConfigText(read.text, path, readSibling(dirname(path), root));
}

function cannotRead(path: string, errno: string): ConfigError {
  return new ConfigError({ file: path, line: 1, column: 1 }, `cannot read the file: ${errno}`);
}

/** The config itself not read: a FIFO, a device or a socket, a file that grew past the cap, a system error. */
function configRefused(path: string, refusal: Extract<ConfinedRead, { kind: 'refused' }>): ConfigError {
  if (refusal.code === 'TOO_LARGE') return new ConfigError({ file: path, line: 1, column: 1 }, `the file is over ${MAX_CONFIG_BYTES / 1048576} MB; configs over ${MAX_CONFIG_BYTES / 1048576} MB are not read`, 'CONFIG_TOO_LARGE');
  if (refusal.code === 'NOT_A_FILE') return new ConfigError({ file: path, line: 1, column: 1 }, 'not a regular file (a FIFO, a device or a socket?): not read');
  return cannotRead(path, refusal.errno ?? refusal.reason);
}

/** The real path of the folder reads are confined to: `folder` (the config's), or `root` when it contains it. */
function confinementRoot(config: string, folder: string, root: string | undefined): string {
  const own = realRoot(folder);
  if (root === undefined) return own;
  let real: string;
  try {
    real = realRoot(root);
    if (!statSync(real).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new ParameterError('root', root, `an existing folder that contains the config ${config}`);
  }
  if (!isInside(own, real)) throw new ParameterError('root', root, `a folder that contains the config ${config}`);
  return real;
}

/**
 * Reads the files a config in `directory` names (DefinitionUri, templatefile, `${file()}`),
 * relative to it, only inside `root` (by default `directory` itself), within the size cap.
 */
export function readSibling(directory: string, root: string = directory): ReaderContext['readSibling'] {
  const rootReal = realRoot(root);
  return (relativePath) => readConfined(relativePath, directory, root, MAX_CONFIG_BYTES, rootReal);
}

/**
 * A Terraform module is a directory: its `.tf` files are read together so references between
 * them resolve. Each goes through the confined reader: a link is followed only to a file inside
 * the root, and a FIFO, a device or a link out is a finding on that entry, not read. Folders
 * named `*.tf` are skipped, as Terraform skips them.
 */
function readTerraformDirectory(directory: string, root: string): ConfigReadResult {
  let names: string[];
  try {
    names = readdirSync(directory).filter((name) => name.endsWith('.tf')).sort();
  } catch (error) {
    throw cannotRead(directory, (error as NodeJS.ErrnoException).code ?? (error as Error).message);
  }
  if (names.length === 0) throw new ConfigError({ file: directory, line: 1, column: 1 }, 'a directory is read as a Terraform module, and this one has no .tf files');
  const findings = new Findings();
  const refusals: string[] = [];
  let total = 0;
  const sources: { text: string; file: string }[] = [];
  for (const name of names) {
    const file = join(directory, name);
    let entry: Stats;
    try {
      entry = lstatSync(file);
    } catch {
      continue; // gone since the listing
    }
    if (entry.isDirectory()) continue;
    const read = readConfined(name, directory, root, Math.max(0, MAX_CONFIG_BYTES - total), root);
    if (read.kind === 'refused') {
      if (read.code === 'TOO_LARGE') throw new ConfigError({ file, line: 1, column: 1 }, `the module is over ${MAX_CONFIG_BYTES / 1048576} MB; it is not read`, 'CONFIG_TOO_LARGE');
      const message = `${name}${entry.isSymbolicLink() ? ' (a link)' : ''}: ${read.reason}`;
      refusals.push(message);
      findings.warning('FILE_NOT_READ', message, { file, line: 1, column: 1 });
      continue;
    }
    total += Buffer.byteLength(read.text, 'utf8');
    sources.push({ text: read.text, file });
  }
  if (sources.length === 0) {
    throw new ConfigError({ file: directory, line: 1, column: 1 }, `a directory is read as a Terraform module, and none of its .tf files can be read: ${refusals.join('; ')}`);
  }
  const files = sources.map((source) => source.file);
  const model = readTerraformModule(sources, { file: directory, findings, readSibling: recording(readSibling(directory, root), files) });
  checkModel(model, findings);
  return { format: 'terraform', model, findings: findings.list, files };
}
