import { CORE_SCHEMA, load, type State, Type, YAMLException } from 'js-yaml';
import { ConfigError } from '../errors';
import type { SourceLocation } from '../model/gateway';

/*
 * YAML into the positioned tree, with js-yaml: about nine times faster than a full
 * document model on a 10,000-line template, and its parse events give each node's start
 * and end. Each node is rebuilt from those events (not from the loaded values), so every
 * map entry, item and scalar keeps its own location; CloudFormation tags keep their
 * position too. Core schema: no timestamps, so `2010-09-09` stays a string.
 */

/** What a node is: a scalar, a map, a sequence, or an alias (its content loaded, with no events of its own). */
export const SCALAR = 0;
export const MAP = 1;
export const SEQUENCE = 2;
export const ALIAS = 3;

/**
 * The nodes of a document, one index per node across these arrays, not an object per node:
 * a 10,000-line template has tens of thousands of nodes, and a second tree of objects beside
 * js-yaml's own kept the garbage collector busy for a third of the read. Numbers go in typed
 * arrays, which the collector does not scan, grown by doubling.
 */
export class YamlNodes {
  /** SCALAR, MAP, SEQUENCE or ALIAS. */
  kinds: Uint8Array;
  starts: Int32Array;
  ends: Int32Array;
  /** A map's children alternate key and value; a sequence's are its items. -1: none. */
  firstChild: Int32Array;
  nextSibling: Int32Array;
  readonly tags: (string | null)[] = [];
  /** What js-yaml loaded for the node: a scalar's value, an alias's content (identity also tells a wrapper event from its content). */
  readonly values: unknown[] = [];
  count = 0;
  root = -1;

  constructor(capacity: number) {
    this.kinds = new Uint8Array(capacity);
    this.starts = new Int32Array(capacity);
    this.ends = new Int32Array(capacity);
    this.firstChild = new Int32Array(capacity);
    this.nextSibling = new Int32Array(capacity);
  }

  /** A new node with no next sibling yet; its index. */
  add(kind: number, start: number, end: number, tag: string | null, value: unknown, firstChild: number): number {
    if (this.count === this.kinds.length) this.grow();
    const node = this.count++;
    this.kinds[node] = kind;
    this.starts[node] = start;
    this.ends[node] = end;
    this.firstChild[node] = firstChild;
    this.nextSibling[node] = -1;
    this.tags.push(tag);
    this.values.push(value);
    return node;
  }

  private grow(): void {
    const capacity = this.kinds.length * 2;
    const kinds = new Uint8Array(capacity);
    kinds.set(this.kinds);
    this.kinds = kinds;
    for (const field of ['starts', 'ends', 'firstChild', 'nextSibling'] as const) {
      const grown = new Int32Array(capacity);
      grown.set(this[field]);
      this[field] = grown;
    }
  }
}

/** Accepts every CloudFormation short-form tag on scalars, sequences and maps, leaving the data as written. */
function cloudFormationTypes(tags: readonly string[]): Type[] {
  return tags.flatMap((tag) => (['scalar', 'sequence', 'mapping'] as const).map((kind) => new Type(tag, { kind, construct: (data: unknown) => data })));
}

const schemas = new Map<string, ReturnType<typeof CORE_SCHEMA.extend>>();

function schemaFor(tags: readonly string[]): ReturnType<typeof CORE_SCHEMA.extend> {
  const key = tags.join(',');
  let schema = schemas.get(key);
  if (!schema) {
    // Merge keys are applied by the tree builder, which keeps each merged entry's location.
    schema = CORE_SCHEMA.extend(cloudFormationTypes(tags));
    schemas.set(key, schema);
  }
  return schema;
}

/** Skips spaces, line breaks and comments: where a node's own text begins. */
function skipTrivia(text: string, position: number): number {
  let at = position;
  for (;;) {
    const code = text.charCodeAt(at);
    if (code === 32 || code === 9 || code === 10 || code === 13) at++;
    else if (code === 35) while (at < text.length && text.charCodeAt(at) !== 10) at++;
    else return at;
  }
}

/**
 * Parses `text` into its nodes, or throws a ConfigError at the line js-yaml reports.
 * `locate` turns offsets into locations; `tags` are the custom tags to accept.
 */
export function parseYamlEvents(text: string, file: string, tags: readonly string[], maxDepth: number, locate: (offset: number) => SourceLocation): YamlNodes {
  // About one node per eight characters of a template; the arrays grow when there are more.
  const nodes = new YamlNodes(Math.max(64, text.length >> 3));
  // The open nodes: where each starts, its first and last child so far, how many.
  const openStarts: number[] = [];
  const openFirst: number[] = [];
  const openLast: number[] = [];
  const openCount: number[] = [];
  /** Makes `node` the next child of the innermost open node (or the root). */
  const attach = (node: number): void => {
    const depth = openStarts.length;
    if (depth === 0) {
      nodes.root = node;
      return;
    }
    const last = openLast[depth - 1];
    if (last < 0) openFirst[depth - 1] = node;
    else nodes.nextSibling[last] = node;
    openLast[depth - 1] = node;
    openCount[depth - 1]++;
  };
  const listener = (event: 'open' | 'close', state: State): void => {
    if (event === 'open') {
      openStarts.push(skipTrivia(text, state.position));
      openFirst.push(-1);
      openLast.push(-1);
      openCount.push(0);
      return;
    }
    const start = openStarts.pop()!;
    const first = openFirst.pop()!;
    openLast.pop();
    const count = openCount.pop()!;
    const raw = state as State & { tag: string | null; kind: string | null };
    const result = raw.result;
    const object = result !== null && typeof result === 'object';
    // js-yaml sometimes composes a node inside a node for the same content (a flow collection as a
    // block sequence item): the outer event adds nothing but its tag, if any.
    if (count === 1 && nodes.values[first] === result && object) {
      if (raw.tag && raw.tag !== '?' && !nodes.tags[first]?.startsWith('!')) nodes.tags[first] = raw.tag;
      nodes.starts[first] = Math.min(nodes.starts[first], start);
      attach(first);
      return;
    }
    // An alias brings its anchored content with no kind and no events of its own.
    const kind = !raw.kind && object ? ALIAS : raw.kind === 'mapping' ? MAP : raw.kind === 'sequence' ? SEQUENCE : SCALAR;
    const node = nodes.add(kind, Math.min(start, state.position), state.position, raw.tag, result, first);
    // js-yaml opens a node for every key and value it composes; a node with no text is an empty value.
    attach(node);
  };
  try {
    load(text, { filename: file, schema: schemaFor(tags), listener, json: false, ...({ maxDepth } as object) });
  } catch (error) {
    if (error instanceof YAMLException) {
      const mark = (error as YAMLException & { mark?: { position: number } }).mark;
      const message = error.reason || error.message.split('\n')[0];
      throw new ConfigError(locate(mark?.position ?? 0), `YAML syntax error: ${message}`, 'CONFIG_SYNTAX');
    }
    throw error;
  }
  return nodes;
}
