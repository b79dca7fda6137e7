import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

/*
 * Data flows one way (STYLE.md, "Layout shows the architecture"), so no module reaches itself
 * through its imports, type-only ones included: a loop means a concept is split across two
 * rooms. ESLint's core rules cannot see loops, so this test follows the imports itself.
 */

const ROOT = join(__dirname, '..', '..', '..');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Each module's relative imports, resolved to the files in the tree (repository-relative paths). */
function importGraph(directories: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of directories.flatMap((directory) => sourceFiles(join(ROOT, directory)))) {
    const imports = ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles
      .filter((imported) => imported.fileName.startsWith('.'))
      .map((imported) => join(dirname(file), imported.fileName))
      .map((target) => [`${target}.ts`, join(target, 'index.ts'), target].find((candidate) => candidate.endsWith('.ts') && existsSync(candidate)))
      .filter((target): target is string => target !== undefined);
    graph.set(relative(ROOT, file), imports.map((target) => relative(ROOT, target)));
  }
  return graph;
}

/**
 * The loops a depth-first walk meets, each as the modules along it back to its first: at least
 * one in every group of modules that reach one another, so an empty list means no loop at all.
 */
function importLoops(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const loops: string[][] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (module: string): void => {
    path.push(module);
    seen.add(module);
    for (const next of graph.get(module) ?? []) {
      if (!seen.has(next)) visit(next);
      else if (!done.has(next)) loops.push([...path.slice(path.indexOf(next)), next]);
    }
    path.pop();
    done.add(module);
  };
  for (const module of [...graph.keys()].sort()) if (!seen.has(module)) visit(module);
  return loops;
}

describe('the import graph', () => {
  it('shows a loop through three modules, and none in a chain', () => {
    assert.deepEqual(importLoops(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), [['a', 'b', 'c', 'a']]);
    assert.deepEqual(importLoops(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]])), []);
  });

  it('has no loop among the simulator\'s, the extension\'s and the webview\'s modules', () => {
    const graph = importGraph(['simulator', 'extension', 'webview']);
    assert.ok(graph.size > 100 && [...graph.values()].some((imports) => imports.length > 0), 'the graph was read');
    assert.deepEqual(importLoops(graph).map((loop) => loop.join(' -> ')), []);
  });
});
