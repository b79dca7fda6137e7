import { ConfigError } from '../../errors';
import type { SourceLocation } from '../../model/gateway';
import type { ReaderContext } from '../formatReader';
import { parseConfigTree, type PNode, type PScalar } from '../tree';

/*
 * Serverless Framework variables, resolved the way `serverless deploy` without CLI options
 * would: `${self:}` within the file, `${opt:}` to its fallback, `${sls:stage}` to
 * `${opt:stage, self:provider.stage, 'dev'}`, `${param:}` from `stages`/`params`, `${file()}`
 * from a YAML/JSON file next to the config. Everything that needs the outside world (`env:`,
 * `ssm:`, `cf:`, `s3:`, ...) stays as written, with an info finding: never guessed
 * (serverless.com/framework/docs/guides/variables).
 */

/** Nested `${}` and self-references deeper than this are a loop in all but name. */
const MAX_VARIABLE_DEPTH = 32;
/** A value that grows past this through variables (`a: ${self:b}${self:b}`, b likewise...) is a bomb, not a config. */
const MAX_RESOLVED_LENGTH = 65536;

type Outcome =
  | { kind: 'value'; node: PNode }
  /** The source has no value here (an option not given, a path not in the file): the next fallback applies. */
  | { kind: 'missing'; reason: string; severity: 'info' | 'warning' }
  /** Only known at deploy time (environment, SSM, ...), or a file not read: the text stays as written. `code` is the finding's (UNRESOLVED_VARIABLE by default). */
  | { kind: 'symbolic'; reason: string; severity: 'info' | 'warning'; code?: string };

interface VariableSpan {
  start: number;
  end: number;
  inner: string;
}

/** The top-level `${...}` spans of `text`; nested ones and quoted fallbacks are kept inside. */
function variableSpans(text: string): VariableSpan[] {
  const spans: VariableSpan[] = [];
  let from = 0;
  while (from < text.length) {
    const start = text.indexOf('${', from);
    if (start < 0) break;
    let depth = 0;
    let quote = '';
    let end = -1;
    for (let i = start; i < text.length; i++) {
      const char = text[i];
      if (quote) {
        if (char === quote) quote = '';
      } else if (char === '$' && text[i + 1] === '{') {
        depth++;
        i++;
      } else if (char === '\'' || char === '"') {
        quote = char;
      } else if (char === '}') {
        depth--;
        if (depth === 0) {
          end = i;
          break;
        }
      }
    }
    if (end < 0) break; // unterminated: plain text
    spans.push({ start, end: end + 1, inner: text.slice(start + 2, end) });
    from = end + 1;
  }
  return spans;
}

/** Splits `a, 'b, c', d` at top-level commas. */
function splitSources(expression: string): string[] {
  const parts: string[] = [];
  let quote = '';
  let depth = 0;
  let last = 0;
  for (let i = 0; i < expression.length; i++) {
    const char = expression[i];
    if (quote) {
      if (char === quote) quote = '';
    } else if (char === '\'' || char === '"') {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    } else if (char === ',' && depth === 0) {
      parts.push(expression.slice(last, i).trim());
      last = i + 1;
    }
  }
  parts.push(expression.slice(last).trim());
  return parts;
}

function scalarAt(value: PScalar['value'], location: SourceLocation): PScalar {
  return { kind: 'scalar', value, location };
}

/**
 * Resolves `${...}` variables in the config lazily, one node at a time, so that only the
 * values the model reads are resolved (and reported). A map or list is returned as it is;
 * its children are resolved when they are read.
 */
export class Variables {
  private readonly cache = new Map<PNode, PNode>();
  private readonly active = new Set<PNode>();
  /** `${file()}` files by path as written: the tree, a parse error, a refusal (confinedFile.ts), or null when missing. */
  private readonly files = new Map<string, PNode | { error: string } | { refused: string } | null>();
  private depth = 0;

  constructor(private readonly root: PNode, private readonly context: ReaderContext) {}

  resolve(node: PNode | undefined): PNode | undefined {
    if (!node || node.kind !== 'scalar' || typeof node.value !== 'string' || !node.value.includes('${')) return node;
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (this.active.has(node) || this.depth > MAX_VARIABLE_DEPTH) {
      this.context.findings.warning('UNRESOLVED_VARIABLE', `${node.value}: refers back to itself (or nests more than ${MAX_VARIABLE_DEPTH} references deep)`, node.location);
      const circular = scalarAt(node.value, node.location);
      this.cache.set(node, circular);
      this.cache.set(circular, circular);
      return circular;
    }
    this.active.add(node);
    this.depth++;
    try {
      const resolved = this.resolveString(node.value, node.location);
      this.cache.set(node, resolved);
      // What stayed symbolic is final: reading it again must not resolve (and report) it again.
      this.cache.set(resolved, resolved);
      return resolved;
    } finally {
      this.active.delete(node);
      this.depth--;
    }
  }

  /** The value at a `self:` path (`provider.stage`, `custom.list.0`), resolved. */
  self(path: string[]): Outcome {
    let node: PNode | undefined = this.resolve(this.root);
    for (const [index, segment] of path.entries()) {
      if (node?.kind === 'scalar' && typeof node.value === 'string' && node.value.includes('${')) {
        return { kind: 'symbolic', reason: `self:${path.slice(0, index).join('.')} is not resolved`, severity: 'info' };
      }
      node = this.resolve(this.child(node, segment));
    }
    if (!node || (node.kind === 'scalar' && node.value === null)) return { kind: 'missing', reason: `self:${path.join('.')} is not in this file`, severity: 'warning' };
    return { kind: 'value', node };
  }

  /** The deploy stage: `${opt:stage, self:provider.stage, 'dev'}` (variables/core). */
  stage(): string {
    const outcome = this.self(['provider', 'stage']);
    return outcome.kind === 'value' && outcome.node.kind === 'scalar' ? String(outcome.node.value) : 'dev';
  }

  region(): string {
    const outcome = this.self(['provider', 'region']);
    return outcome.kind === 'value' && outcome.node.kind === 'scalar' ? String(outcome.node.value) : 'us-east-1';
  }

  private child(node: PNode | undefined, key: string): PNode | undefined {
    if (node?.kind === 'map') return node.entries.find((entry) => entry.key === key)?.value;
    if (node?.kind === 'seq' && /^\d+$/.test(key)) return node.items[Number(key)];
    return undefined;
  }

  private resolveString(text: string, location: SourceLocation): PNode {
    const spans = variableSpans(text);
    if (spans.length === 0) return scalarAt(text, location);
    if (spans.length === 1 && spans[0].start === 0 && spans[0].end === text.length) {
      // The whole value is one variable: it takes the type of what it refers to (a map, a number...).
      const { outcome, text: written } = this.expression(spans[0].inner, location);
      if (outcome.kind === 'value') return outcome.node.kind === 'scalar' ? scalarAt(outcome.node.value, location) : outcome.node;
      if (outcome.reason) this.report(outcome, written, location);
      return scalarAt(written, location);
    }
    let out = '';
    let last = 0;
    for (const span of spans) {
      out += text.slice(last, span.start);
      const { outcome, text: written } = this.expression(span.inner, location);
      if (outcome.kind === 'value' && outcome.node.kind === 'scalar' && outcome.node.value !== null) {
        out += String(outcome.node.value);
      } else if (outcome.kind === 'value') {
        this.context.findings.warning('UNRESOLVED_VARIABLE', `${written}: a ${outcome.node.kind === 'map' ? 'map' : 'list'} cannot be part of a string`, location);
        out += written;
      } else {
        if (outcome.reason) this.report(outcome, written, location);
        out += written;
      }
      last = span.end;
      if (out.length > MAX_RESOLVED_LENGTH) {
        this.context.findings.warning('UNRESOLVED_VARIABLE', `variables make this value longer than ${MAX_RESOLVED_LENGTH} characters; kept as written`, location);
        return scalarAt(text, location);
      }
    }
    return scalarAt(out + text.slice(last), location);
  }

  private report(outcome: Exclude<Outcome, { kind: 'value' }>, written: string, location: SourceLocation): void {
    const kept = outcome.kind === 'missing' ? 'no value and no fallback; kept as written' : 'kept as written';
    this.context.findings.add(outcome.severity, (outcome.kind === 'symbolic' ? outcome.code : undefined) ?? 'UNRESOLVED_VARIABLE', `${written}: ${outcome.reason}; ${kept}`, location);
  }

  /** One `${...}`: nested variables first, then each source in turn until one has a value. */
  private expression(inner: string, location: SourceLocation): { outcome: Outcome; text: string } {
    let expression = inner;
    if (inner.includes('${')) {
      if (this.depth > MAX_VARIABLE_DEPTH) return { outcome: { kind: 'symbolic', reason: `variables nest more than ${MAX_VARIABLE_DEPTH} deep`, severity: 'warning' }, text: `\${${inner}}` };
      this.depth++;
      try {
        const nested = this.resolveString(inner, location);
        expression = nested.kind === 'scalar' ? String(nested.value) : inner;
      } finally {
        this.depth--;
      }
      // A nested variable that stayed symbolic makes the whole expression symbolic (it was reported).
      if (expression.includes('${')) return { outcome: { kind: 'symbolic', reason: '', severity: 'info' }, text: `\${${expression}}` };
    }
    const text = `\${${expression}}`;
    const sources = splitSources(expression);
    // `${AWS::Region}` and `${LogicalId}` are CloudFormation Fn::Sub placeholders, not Framework variables.
    if (!/^[A-Za-z][\w-]*(\([^)]*\))?:|^file\(|^strToBool\(/.test(sources[0]) || /^[A-Za-z0-9]+::/.test(sources[0])) {
      return { outcome: { kind: 'symbolic', reason: '', severity: 'info' }, text };
    }
    let missing: Outcome = { kind: 'missing', reason: 'no source', severity: 'info' };
    for (const source of sources) {
      const outcome = this.source(source);
      if (outcome.kind !== 'missing') return { outcome, text };
      missing = outcome;
    }
    return { outcome: missing, text };
  }

  private source(source: string): Outcome {
    const at = { file: this.context.file, line: 1, column: 1 };
    const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(source);
    if (quoted) return { kind: 'value', node: scalarAt(quoted[1] ?? quoted[2], at) };
    if (/^-?\d+(\.\d+)?$/.test(source)) return { kind: 'value', node: scalarAt(Number(source), at) };
    if (source === 'true' || source === 'false') return { kind: 'value', node: scalarAt(source === 'true', at) };
    if (source.startsWith('file(')) return this.file(source);
    const toBool = /^strToBool\((.*)\)$/.exec(source);
    if (toBool) {
      const word = toBool[1].trim().toLowerCase();
      if (word === 'true' || word === '1') return { kind: 'value', node: scalarAt(true, at) };
      if (word === 'false' || word === '0') return { kind: 'value', node: scalarAt(false, at) };
      return { kind: 'symbolic', reason: `strToBool cannot read "${toBool[1]}"`, severity: 'warning' };
    }
    const typed = /^([A-Za-z][\w-]*)(\([^)]*\))?:(.*)$/s.exec(source);
    if (!typed) return { kind: 'value', node: scalarAt(source, at) }; // a bare word: a literal fallback
    const [, type, , address] = typed;
    switch (type) {
      case 'self':
        return this.self(address.trim() === '' ? [] : address.trim().split('.'));
      case 'opt':
        // No CLI options: read as `serverless deploy` with none given.
        return { kind: 'missing', reason: `no --${address.trim()} option is given`, severity: 'info' };
      case 'sls':
        if (address.trim() === 'stage') return { kind: 'value', node: scalarAt(this.stage(), at) };
        return { kind: 'symbolic', reason: `sls:${address.trim()} is only known when the Framework runs`, severity: 'info' };
      case 'aws':
        if (address.trim() === 'region') return { kind: 'value', node: scalarAt(this.region(), at) };
        return { kind: 'symbolic', reason: 'AWS values are fetched at deploy time', severity: 'info' };
      case 'param':
        return this.param(address.trim());
      case 'env':
        return { kind: 'symbolic', reason: 'environment variables are not read', severity: 'info' };
      default:
        return { kind: 'symbolic', reason: `${type} values are fetched at deploy time`, severity: 'info' };
    }
  }

  /** `${param:x}`: stages.<stage>.params, stages.default.params (v4), params.<stage>, params.default (v3). */
  private param(name: string): Outcome {
    const stage = this.stage();
    for (const path of [['stages', stage, 'params', name], ['stages', 'default', 'params', name], ['params', stage, name], ['params', 'default', name]]) {
      const outcome = this.self(path);
      if (outcome.kind !== 'missing') return outcome;
    }
    return { kind: 'symbolic', reason: `param:${name} is not in stages/params (a Dashboard parameter?)`, severity: 'info' };
  }

  /** `${file(./x.yml)}` or `${file(./x.yml):a.b}`, read next to the config. */
  private file(source: string): Outcome {
    const match = /^file\(\s*(['"]?)([^'")]+)\1\s*\)(?::(.*))?$/s.exec(source);
    if (!match) return { kind: 'symbolic', reason: 'not a file reference the reader understands', severity: 'warning' };
    const [, , path, address] = match;
    if (/\.(c|m)?[jt]s$/.test(path)) return { kind: 'symbolic', reason: 'JavaScript files are not run', severity: 'info' };
    let tree = this.files.get(path);
    if (tree === undefined) {
      const sibling = this.context.readSibling(path);
      if (sibling.kind === 'refused') {
        // Not found: the next fallback applies. Not read (outside the folder, a FIFO, too large): kept as written, never a fallback in its place.
        tree = sibling.code === 'NOT_FOUND' ? null : { refused: sibling.reason };
      } else if (/\.(ya?ml|json)$/i.test(path)) {
        try {
          tree = parseConfigTree(sibling.text, sibling.file);
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          tree = { error: error.message };
        }
      } else {
        tree = scalarAt(sibling.text, { file: sibling.file, line: 1, column: 1 });
      }
      this.files.set(path, tree);
    }
    if (tree === null) return { kind: 'missing', reason: `${path} is not found next to the config`, severity: 'info' };
    if ('refused' in tree) return { kind: 'symbolic', reason: `${path}: ${tree.refused}`, severity: 'warning', code: 'FILE_NOT_READ' };
    if ('error' in tree) return { kind: 'symbolic', reason: `${path} cannot be read: ${tree.error}`, severity: 'warning' };
    let node: PNode | undefined = this.resolve(tree);
    for (const segment of address?.trim() ? address.trim().split('.') : []) node = this.resolve(this.child(node, segment));
    if (!node || (node.kind === 'scalar' && node.value === null)) return { kind: 'missing', reason: `${path} has no ${address}`, severity: 'warning' };
    return { kind: 'value', node };
  }
}

