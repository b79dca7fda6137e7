/**
 * JSONPath as `$input.path(x)` and `$input.json(x)` evaluate it. The DG
 * (api-gateway-mapping-template-reference) points to Goessner's JSONPath and to Jayway's
 * "JSONPath for Java". Supported: `$`, `.name`, `['name']` / `["name"]`, `[n]` (negative counts
 * from the end), `[a,b]`, `[start:end]`, `*` / `[*]`, and `..name` (deep scan). Filters `[?(...)]`
 * and scripts `[(...)]` are not supported and are reported as such.
 *
 * As in Jayway, a definite path (names and single indexes only) yields one value, or undefined
 * when a step is missing; an indefinite one (wildcard, deep scan, slice, union) yields a list.
 */

export class JsonPathError extends Error {}

type Step =
  | { kind: 'name'; names: string[] }
  | { kind: 'index'; indexes: number[] }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'wildcard' }
  | { kind: 'deep'; step: Step };

function parsePath(path: string): Step[] {
  const text = path.trim();
  if (!text.startsWith('$')) throw new JsonPathError(`a JSONPath starts with $: ${JSON.stringify(path)}`);
  const steps: Step[] = [];
  let i = 1;
  const readName = (): string => {
    const match = /^[^.[\]\s]+/.exec(text.slice(i));
    if (!match) throw new JsonPathError(`a property name was expected at ${i} in ${JSON.stringify(path)}`);
    i += match[0].length;
    return match[0];
  };
  const readBracket = (): Step => {
    const end = findBracketEnd(text, i);
    const inner = text.slice(i + 1, end).trim();
    i = end + 1;
    if (inner === '*') return { kind: 'wildcard' };
    if (inner.startsWith('?') || inner.startsWith('(')) throw new JsonPathError(`JSONPath filter and script expressions are not supported: [${inner}]`);
    const parts = splitUnion(inner);
    if (parts.every((part) => /^['"]/.test(part))) return { kind: 'name', names: parts.map(unquote) };
    if (parts.length === 1 && parts[0].includes(':')) {
      const [start, end, step] = parts[0].split(':').map((value) => (value.trim() === '' ? undefined : Number(value)));
      if ([start, end, step].some((value) => value !== undefined && !Number.isInteger(value))) throw new JsonPathError(`bad slice [${inner}]`);
      return { kind: 'slice', start, end, step };
    }
    const indexes = parts.map(Number);
    if (indexes.some((value) => !Number.isInteger(value))) throw new JsonPathError(`bad index [${inner}] in ${JSON.stringify(path)}`);
    return { kind: 'index', indexes };
  };
  while (i < text.length) {
    if (text.startsWith('..', i)) {
      i += 2;
      const step = text[i] === '[' ? readBracket() : text[i] === '*' ? (i++, { kind: 'wildcard' } as Step) : { kind: 'name', names: [readName()] } as Step;
      steps.push({ kind: 'deep', step });
    } else if (text[i] === '.') {
      i++;
      if (text[i] === '*') {
        i++;
        steps.push({ kind: 'wildcard' });
      } else {
        steps.push({ kind: 'name', names: [readName()] });
      }
    } else if (text[i] === '[') {
      steps.push(readBracket());
    } else {
      throw new JsonPathError(`unexpected ${JSON.stringify(text[i])} at ${i} in ${JSON.stringify(path)}`);
    }
  }
  return steps;
}

function findBracketEnd(text: string, open: number): number {
  let quote: string | undefined;
  for (let i = open + 1; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '\'' || char === '"') {
      quote = char;
    } else if (char === ']') {
      return i;
    }
  }
  throw new JsonPathError(`unclosed [ in ${JSON.stringify(text)}`);
}

function splitUnion(inner: string): string[] {
  const parts: string[] = [];
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const char = inner[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === '\'' || char === '"') {
      quote = char;
    } else if (char === ',') {
      parts.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  parts.push(inner.slice(start).trim());
  return parts;
}

function unquote(part: string): string {
  return part.slice(1, -1).replace(/\\(.)/g, '$1');
}

function children(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

function apply(step: Step, value: unknown): unknown[] {
  switch (step.kind) {
    case 'name':
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
      return step.names.filter((name) => Object.prototype.hasOwnProperty.call(value, name)).map((name) => (value as Record<string, unknown>)[name]);
    case 'index':
      if (!Array.isArray(value)) return [];
      return step.indexes.map((index) => (index < 0 ? value.length + index : index)).filter((index) => index >= 0 && index < value.length).map((index) => value[index]);
    case 'slice': {
      if (!Array.isArray(value)) return [];
      const length = value.length;
      const clamp = (index: number): number => Math.min(Math.max(index < 0 ? length + index : index, 0), length);
      const start = clamp(step.start ?? 0);
      const end = clamp(step.end ?? length);
      const stride = step.step ?? 1;
      if (stride <= 0) throw new JsonPathError('a slice step must be positive');
      const out: unknown[] = [];
      for (let i = start; i < end; i += stride) out.push(value[i]);
      return out;
    }
    case 'wildcard':
      return children(value);
    case 'deep': {
      const out: unknown[] = [];
      const visit = (node: unknown): void => {
        out.push(...apply(step.step, node));
        for (const child of children(node)) if (typeof child === 'object' && child !== null) visit(child);
      };
      visit(value);
      return out;
    }
  }
}

function definite(steps: Step[]): boolean {
  return steps.every((step) => (step.kind === 'name' && step.names.length === 1) || (step.kind === 'index' && step.indexes.length === 1));
}

/** Evaluates `path` against `document`: one value (or undefined) for a definite path, a list otherwise. */
export function evaluateJsonPath(document: unknown, path: string): unknown {
  const steps = parsePath(path);
  let values: unknown[] = [document];
  for (const step of steps) values = values.flatMap((value) => apply(step, value));
  return definite(steps) ? values[0] : values;
}
