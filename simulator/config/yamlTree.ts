import { CORE_SCHEMA, load, Type, YAMLException, type State } from 'js-yaml';
import { ConfigError } from '../errors';
import type { SourceLocation } from '../model/gateway';

/*
 * YAML into the positioned tree, with js-yaml: about nine times faster than a full
 * document model on a 10,000-line template, and its parse events give each node's start
 * and end. Each node is rebuilt from those events (not from the loaded values), so every
 * map entry, item and scalar keeps its own location; CloudFormation tags keep their
 * position too. Core schema: no timestamps, so `2010-09-09` stays a string.
 */

export interface YamlNode {
  kind: 'map' | 'seq' | 'scalar';
  /** For maps, alternating key and value nodes; for sequences, the items. */
  children: YamlNode[];
  /** The loaded value (scalars; aliases, whose content has no events of its own). */
  value: unknown;
  tag: string | null;
  start: number;
  end: number;
  /** An alias: the content is `value`, with no child events. */
  alias: boolean;
  /** What js-yaml loaded for this node (identity tells a wrapper event from its content). */
  result: unknown;
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

interface Frame {
  start: number;
  children: YamlNode[];
}

/**
 * Parses `text` and returns the root node, or throws a ConfigError at the line js-yaml reports.
 * `locate` turns offsets into locations; `tags` are the custom tags to accept.
 */
export function parseYamlEvents(text: string, file: string, tags: readonly string[], maxDepth: number, locate: (offset: number) => SourceLocation): YamlNode | undefined {
  const stack: Frame[] = [];
  let root: YamlNode | undefined;
  const listener = (event: 'open' | 'close', state: State): void => {
    if (event === 'open') {
      stack.push({ start: skipTrivia(text, state.position), children: [] });
      return;
    }
    const frame = stack.pop()!;
    const raw = state as State & { tag: string | null; kind: string | null };
    const children = frame.children;
    // js-yaml sometimes composes a node inside a node for the same content (a flow collection as a
    // block sequence item): the outer event adds nothing but its tag, if any.
    if (children.length === 1 && children[0].result === raw.result && raw.result !== null && typeof raw.result === 'object') {
      const inner = children[0];
      if (raw.tag && raw.tag !== '?' && !inner.tag?.startsWith('!')) inner.tag = raw.tag;
      inner.start = Math.min(inner.start, frame.start);
      if (stack.length > 0) stack[stack.length - 1].children.push(inner);
      else root = inner;
      return;
    }
    // An alias brings its anchored content with no kind and no events of its own.
    const alias = !raw.kind && raw.result !== null && typeof raw.result === 'object';
    const kind = raw.kind === 'mapping' || (alias && !Array.isArray(raw.result)) ? 'map' : raw.kind === 'sequence' || alias ? 'seq' : 'scalar';
    const node: YamlNode = {
      kind, children, value: kind === 'scalar' || alias ? raw.result : undefined, tag: raw.tag,
      start: Math.min(frame.start, state.position), end: state.position, alias, result: raw.result,
    };
    // js-yaml opens a node for every key and value it composes; a node with no text is an empty value.
    if (stack.length > 0) stack[stack.length - 1].children.push(node);
    else root = node;
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
  return root;
}
