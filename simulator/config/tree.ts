import { getNodeValue, type Node as JsonNode, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser';
import { ConfigError } from '../errors';
import type { SourceLocation } from '../model/gateway';
import { blankByteOrderMark, nestingBeyond, SourceLines } from './sourceText';
import { ALIAS, MAP, parseYamlEvents, SCALAR, SEQUENCE } from './yamlTree';

/*
 * One positioned tree for every config format, so readers are written once for YAML and
 * JSON alike: maps, sequences and scalars, each with its file, line and column. CloudFormation
 * short-form tags (`!Ref`, `!GetAtt`, `!Sub`, ...) become their long `{"Fn::...": ...}` forms
 * here, with the position of the tag. Aliases are expanded with a cap, sizes and nesting are
 * capped before parsing: no input can hang or crash the reader.
 */

export type PNode = PMap | PSeq | PScalar;

interface PBase {
  location: SourceLocation;
}

export interface PMap extends PBase {
  kind: 'map';
  entries: PEntry[];
}

export interface PEntry {
  key: string;
  keyLocation: SourceLocation;
  value: PNode;
}

export interface PSeq extends PBase {
  kind: 'seq';
  items: PNode[];
}

export interface PScalar extends PBase {
  kind: 'scalar';
  value: string | number | boolean | null;
}

/** Larger files are refused before they are read into a parser. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;
/** Deeper nesting than any real template needs; parsers recurse, so it is checked first. */
export const MAX_CONFIG_NESTING = 200;
/** Nodes that alias expansion may produce in all: a billion-laughs document stops here. */
export const MAX_ALIAS_EXPANSION = 100_000;
/**
 * How long a chain of references a reader follows (a Terraform local naming a local naming a
 * local, a CloudFormation condition naming a condition): far past any real config, and short
 * enough that following it cannot exhaust the stack. A longer chain is a finding at the link
 * where it stops, and the value is unknown from there.
 */
export const MAX_REFERENCE_CHAIN = 256;

/** CloudFormation's short-form intrinsic tags and the long names they stand for. */
const CFN_TAGS: Record<string, string> = {
  '!Ref': 'Ref', '!Condition': 'Condition', '!GetAtt': 'Fn::GetAtt', '!Sub': 'Fn::Sub', '!Join': 'Fn::Join',
  '!If': 'Fn::If', '!Select': 'Fn::Select', '!ImportValue': 'Fn::ImportValue', '!FindInMap': 'Fn::FindInMap',
  '!Base64': 'Fn::Base64', '!Cidr': 'Fn::Cidr', '!Equals': 'Fn::Equals', '!And': 'Fn::And', '!Or': 'Fn::Or',
  '!Not': 'Fn::Not', '!GetAZs': 'Fn::GetAZs', '!Split': 'Fn::Split', '!Transform': 'Fn::Transform',
  '!ToJsonString': 'Fn::ToJsonString', '!Length': 'Fn::Length',
};

/** Refuses text over MAX_CONFIG_BYTES before any parser sees it (every config parser calls this first). */
export function checkSize(text: string, file: string): void {
  const size = Buffer.byteLength(text, 'utf8');
  if (size > MAX_CONFIG_BYTES) {
    throw new ConfigError({ file, line: 1, column: 1 }, `the file is ${(size / 1048576).toFixed(1)} MB; configs over ${MAX_CONFIG_BYTES / 1048576} MB are not read`, 'CONFIG_TOO_LARGE');
  }
}

/** Parses JSON (comments and trailing commas allowed) into a positioned tree. */
export function parseJsonTree(source: string, file: string): PNode {
  const text = blankByteOrderMark(source);
  checkSize(text, file);
  const lines = new SourceLines(file, text);
  if (text.trim() === '') throw new ConfigError({ file, line: 1, column: 1 }, 'the file is empty', 'CONFIG_SYNTAX');
  const deep = nestingBeyond(text, MAX_CONFIG_NESTING);
  if (deep >= 0) throw new ConfigError(lines.at(deep), `nested more than ${MAX_CONFIG_NESTING} levels deep`, 'CONFIG_SYNTAX');
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (errors.length > 0 || !root) {
    const offset = errors[0]?.offset ?? 0;
    throw new ConfigError(lines.at(offset), `JSON syntax error: ${errors[0] ? printParseErrorCode(errors[0].error) : 'no value'}`, 'CONFIG_SYNTAX');
  }
  const convert = (node: JsonNode): PNode => {
    const location = lines.range(node.offset, node.offset + node.length);
    if (node.type === 'object') {
      return {
        kind: 'map', location,
        entries: (node.children ?? []).map((property) => ({ key: String(property.children![0].value), keyLocation: lines.at(property.children![0].offset), value: convert(property.children![1]) })),
      };
    }
    if (node.type === 'array') return { kind: 'seq', location, items: (node.children ?? []).map(convert) };
    return { kind: 'scalar', location, value: getNodeValue(node) as PScalar['value'] };
  };
  return convert(root);
}

/** Parses YAML (the first document) into a positioned tree, with CloudFormation tags made explicit. */
export function parseYamlTree(text: string, file: string): PNode {
  checkSize(text, file);
  const lines = new SourceLines(file, text);
  if (text.trim() === '') throw new ConfigError({ file, line: 1, column: 1 }, 'the file is empty', 'CONFIG_SYNTAX');
  const deep = nestingBeyond(text, MAX_CONFIG_NESTING, true);
  if (deep >= 0) throw new ConfigError(lines.at(deep), `nested more than ${MAX_CONFIG_NESTING} levels deep`, 'CONFIG_SYNTAX');
  const nodes = parseYamlEvents(text, file, Object.keys(CFN_TAGS), MAX_CONFIG_NESTING + 10, (offset) => lines.at(offset));
  if (nodes.root < 0) throw new ConfigError({ file, line: 1, column: 1 }, 'the file is empty', 'CONFIG_SYNTAX');
  let expanded = 0;
  const count = (location: SourceLocation): void => {
    if (++expanded > MAX_ALIAS_EXPANSION) {
      throw new ConfigError(location, `the document expands to more than ${MAX_ALIAS_EXPANSION} nodes through aliases (an alias bomb?)`, 'CONFIG_TOO_LARGE');
    }
  };
  /**
   * A loaded value (an alias's content) as a tree, every node at the alias's location. An
   * alias inside the node it names (`a: &x [1, *x]`) loads as a value that contains itself:
   * `within` holds the values being converted, so that cycle is an error at the alias, not
   * an endless descent.
   */
  const within = new Set<object>();
  const fromValue = (value: unknown, location: SourceLocation): PNode => {
    count(location);
    if (value === null || typeof value !== 'object') {
      return { kind: 'scalar', location, value: value === undefined ? null : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value) };
    }
    if (within.has(value)) throw new ConfigError(location, 'this alias refers to a node that contains it, so its value would never end', 'CONFIG_SYNTAX');
    if (within.size >= MAX_CONFIG_NESTING) throw new ConfigError(location, `this alias expands to more than ${MAX_CONFIG_NESTING} levels of nesting`, 'CONFIG_SYNTAX');
    within.add(value);
    let converted: PNode;
    if (Array.isArray(value)) {
      converted = { kind: 'seq', location, items: value.map((item) => fromValue(item, location)) };
    } else {
      // A map reached through an alias merges its `<<` keys as a map written in place does.
      const entries: PEntry[] = [];
      let merged: PEntry[] | undefined;
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        const node = fromValue(item, location);
        if (key === '<<') merged = mergeSources(node);
        else entries.push({ key, keyLocation: location, value: node });
      }
      converted = { kind: 'map', location, entries: merged ? withMerged(entries, merged) : entries };
    }
    within.delete(value);
    return converted;
  };
  const { kinds, starts, ends, tags, values, firstChild, nextSibling } = nodes;
  const convert = (node: number): PNode => {
    const start = starts[node];
    const end = ends[node];
    const location = lines.range(start, end > start ? end : undefined);
    const kind = kinds[node];
    let converted: PNode;
    if (kind === ALIAS) {
      converted = fromValue(values[node], location);
    } else if (kind === MAP) {
      const entries: PEntry[] = [];
      let merged: PEntry[] | undefined;
      for (let keyNode = firstChild[node]; keyNode >= 0 && nextSibling[keyNode] >= 0; keyNode = nextSibling[nextSibling[keyNode]]) {
        const value = convert(nextSibling[keyNode]);
        const loaded = kinds[keyNode] === SCALAR || kinds[keyNode] === ALIAS ? values[keyNode] : undefined;
        const key = loaded === null || loaded === undefined ? '' : String(loaded);
        // A plain (unquoted) `<<` key: js-yaml tags plain scalars '?'.
        if (key === '<<' && tags[keyNode] === '?') {
          merged = [...(merged ?? []), ...mergeSources(value)];
          continue;
        }
        entries.push({ key, keyLocation: lines.at(starts[keyNode]), value });
      }
      converted = { kind: 'map', location, entries: merged ? withMerged(entries, merged) : entries };
    } else if (kind === SEQUENCE) {
      const items: PNode[] = [];
      for (let item = firstChild[node]; item >= 0; item = nextSibling[item]) items.push(convert(item));
      converted = { kind: 'seq', location, items };
    } else {
      const value = values[node];
      converted = { kind: 'scalar', location, value: value === undefined ? null : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null ? value : String(value) };
    }
    const tag = tags[node];
    const intrinsic = tag ? CFN_TAGS[tag] : undefined;
    if (!intrinsic) return converted;
    // !GetAtt Resource.Attribute is the string form of ["Resource", "Attribute"].
    if (intrinsic === 'Fn::GetAtt' && converted.kind === 'scalar' && typeof converted.value === 'string') {
      const dot = converted.value.indexOf('.');
      converted = { kind: 'seq', location, items: [{ kind: 'scalar', location, value: converted.value.slice(0, dot < 0 ? undefined : dot) }, { kind: 'scalar', location, value: dot < 0 ? '' : converted.value.slice(dot + 1) }] };
    }
    return { kind: 'map', location, entries: [{ key: intrinsic, keyLocation: location, value: converted }] };
  };
  return convert(nodes.root);
}

/** The entries a merge key brings: those of its map, or of each map in its list (YAML merge key spec). */
function mergeSources(value: PNode): PEntry[] {
  return (value.kind === 'seq' ? value.items : [value]).flatMap((source) => (source.kind === 'map' ? source.entries : []));
}

/**
 * A map's own entries, then each merged entry whose key neither the map nor an earlier merged
 * map sets (the spec: the map's own keys win, then earlier sources). One set of keys keeps it
 * linear: a scan of the entries for each merged key made a 600 KB file take seconds.
 */
function withMerged(entries: PEntry[], merged: readonly PEntry[]): PEntry[] {
  const keys = new Set(entries.map((entry) => entry.key));
  for (const extra of merged) {
    if (keys.has(extra.key)) continue;
    keys.add(extra.key);
    entries.push(extra);
  }
  return entries;
}

/** A YAML or JSON file, told apart by its first meaningful character. */
export function parseConfigTree(text: string, file: string): PNode {
  const first = text.replace(/^\uFEFF/, '').replace(/^(\s|\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '')[0];
  return first === '{' || first === '[' ? parseJsonTree(text, file) : parseYamlTree(text, file);
}

/* Helpers every reader uses to walk a tree. */

export function get(node: PNode | undefined, key: string): PNode | undefined {
  return entry(node, key)?.value;
}

/** A map's first entry with this key (as a scan finds it), through an index when the map is large. */
export function entry(node: PNode | undefined, key: string): PEntry | undefined {
  if (node?.kind !== 'map') return undefined;
  const list = node.entries;
  if (list.length <= INDEXED_FROM) return list.find((candidate) => candidate.key === key);
  let index = keyIndexes.get(list);
  if (!index || index.length !== list.length) {
    index = { length: list.length, byKey: new Map() };
    for (const candidate of list) if (!index.byKey.has(candidate.key)) index.byKey.set(candidate.key, candidate);
    keyIndexes.set(list, index);
  }
  return index.byKey.get(key);
}

/**
 * Readers look keys up in `paths`, `components`, `Resources` by name, once for each
 * reference: a scan for each lookup made a map of 40,000 keys quadratic (issue 17). Maps above
 * this size get an index, built at the first lookup and rebuilt if entries were added since.
 */
const INDEXED_FROM = 16;
const keyIndexes = new WeakMap<readonly PEntry[], { length: number; byKey: Map<string, PEntry> }>();

export function str(node: PNode | undefined): string | undefined {
  return node?.kind === 'scalar' && node.value !== null ? String(node.value) : undefined;
}

export function num(node: PNode | undefined): number | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const value = typeof node.value === 'number' ? node.value : Number(node.value);
  return Number.isFinite(value) ? value : undefined;
}

export function bool(node: PNode | undefined): boolean | undefined {
  if (node?.kind !== 'scalar') return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.value === 'true') return true;
  if (node.value === 'false') return false;
  return undefined;
}

export function items(node: PNode | undefined): PNode[] {
  return node?.kind === 'seq' ? node.items : [];
}

export function entries(node: PNode | undefined): PEntry[] {
  return node?.kind === 'map' ? node.entries : [];
}

/** A plain JavaScript value of a subtree (for values the model keeps as data, like templates). */
export function plain(node: PNode | undefined): unknown {
  if (!node) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'seq') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((item) => [item.key, plain(item.value)]));
}
