import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { ReaderContext } from '../../simulator/config/formatReader';
import { NOT_FOUND } from '../../simulator/config/confinedFile';

/*
 * The seed files the campaign mutates: the repository's examples and fixtures, and any folder
 * named on the command line. Config-shaped files only (YAML, JSON, Terraform and the templates
 * Terraform renders), under 1 MB each: the mutations make the big inputs.
 */

export interface CorpusFile {
  /** Absolute path: the name the reader is given, so `.tf` and sibling files resolve as for the CLI. */
  path: string;
  text: string;
}

const CONFIG_FILE = /\.(ya?ml|json|tf|tpl|tftpl)$/;
const MAX_SEED_BYTES = 1024 * 1024;

/** The repository root, from out/test/fuzz/ or test/fuzz/. */
export function repositoryRoot(): string {
  let directory = __dirname;
  while (!existsSync(join(directory, 'package.json')) && dirname(directory) !== directory) directory = dirname(directory);
  return directory;
}

/** The default folders: examples/ and test/fixtures/. */
export function defaultCorpusFolders(): string[] {
  const root = repositoryRoot();
  return [join(root, 'examples'), join(root, 'test', 'fixtures')];
}

/** Every config-shaped file under the folders, sorted by path so the corpus (and each seed's inputs) is the same on every machine. */
export function readCorpus(folders: readonly string[]): CorpusFile[] {
  const paths = folders.flatMap((folder) => configFiles(resolve(folder)));
  return [...new Set(paths)].sort().map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

function configFiles(path: string): string[] {
  if (!existsSync(path)) return [];
  const stats = statSync(path);
  if (stats.isFile()) return CONFIG_FILE.test(path) && stats.size <= MAX_SEED_BYTES ? [path] : [];
  if (!stats.isDirectory()) return [];
  return readdirSync(path).flatMap((name) => (name === 'node_modules' || name.startsWith('.') ? [] : configFiles(join(path, name))));
}

/**
 * Sibling files (DefinitionUri, templatefile) come from the corpus, never the disk: an input is
 * read the same way wherever the campaign runs, and a mutated `../../etc/passwd` reads nothing.
 */
export function corpusSiblings(corpus: readonly CorpusFile[], configPath: string): ReaderContext['readSibling'] {
  const byPath = new Map(corpus.map((file) => [file.path, file]));
  return (relativePath) => {
    const file = byPath.get(resolve(dirname(configPath), relativePath));
    return file ? { kind: 'read', text: file.text, file: file.path } : NOT_FOUND;
  };
}
