import { ConfigError, invariant } from '../../errors';
import type { SourceLocation } from '../../model/gateway';
import { SourceLines } from '../sourceText';
import { checkSize, MAX_CONFIG_NESTING } from '../tree';

/*
 * A parser for the HCL2 native syntax, the part of it Terraform configurations use
 * (hashicorp/hcl, hclsyntax/spec.md): bodies of attributes and blocks, comments, and the
 * expression language: literals, quoted and heredoc templates with `${}` interpolation and
 * `%{}` directives, tuples, objects, references with attribute/index/splat steps, function
 * calls, conditionals, `for` expressions and operators. Nothing is evaluated here: every
 * node keeps its file, line and column (and where it ends) so a reader can point at it.
 *
 * One pass, no backtracking: a lazy lexer with one token of lookahead (two where HCL needs
 * them), and a nesting cap checked as the parser descends, so no input can overflow the
 * stack. Errors are ConfigErrors with code CONFIG_SYNTAX at the offending token.
 */

/** Positions every node carries: the location for people, the offsets for slicing the source. */
export interface HclNodeBase {
  location: SourceLocation;
  /** Offset of the first character. */
  start: number;
  /** Offset just past the last character. */
  end: number;
}

export interface HclFile {
  file: string;
  text: string;
  body: HclBody;
}

export interface HclBody extends HclNodeBase {
  /** Attributes and blocks in source order. */
  items: HclItem[];
}

export type HclItem = HclAttribute | HclBlock;

/** `name = expression` */
export interface HclAttribute extends HclNodeBase {
  kind: 'attribute';
  name: string;
  nameLocation: SourceLocation;
  value: HclExpression;
}

/** `type "label" label { body }` */
export interface HclBlock extends HclNodeBase {
  kind: 'block';
  type: string;
  labels: string[];
  labelLocations: SourceLocation[];
  body: HclBody;
}

export type HclExpression =
  | HclLiteral | HclTemplate | HclVariable | HclTraversal | HclCall | HclTuple | HclObject
  | HclConditional | HclFor | HclBinary | HclUnary | HclParens;

/** A number, `true`, `false` or `null`. Strings are templates (see `staticString`). */
export interface HclLiteral extends HclNodeBase {
  kind: 'literal';
  value: number | boolean | null;
}

export type HclTemplatePart =
  | { kind: 'text'; value: string; start: number; end: number }
  | { kind: 'interpolation'; expression: HclExpression; start: number; end: number }
  | {
    kind: 'directive'; keyword: 'if' | 'else' | 'endif' | 'for' | 'endfor'; expression?: HclExpression;
    /** `%{ for k, v in ... }`: the iteration variables. */
    variables?: string[];
    start: number; end: number;
  };

/** A quoted string or a heredoc. */
export interface HclTemplate extends HclNodeBase {
  kind: 'template';
  parts: HclTemplatePart[];
  /** The source text between the delimiters (quotes, or the heredoc's opening line and closing marker), escapes undecoded. */
  raw: string;
  /** Every reference the template's interpolations and directives make, in order. */
  references: HclReference[];
  heredoc?: { marker: string; indented: boolean };
}

/** A bare name: the root of a reference (`var`, `aws_lambda_function`, `each`). */
export interface HclVariable extends HclNodeBase {
  kind: 'variable';
  name: string;
}

export type HclStep =
  | { kind: 'attribute'; name: string; location: SourceLocation }
  | { kind: 'index'; key: HclExpression; location: SourceLocation }
  /** `[*]` (full splat) or `.*` (attribute-only splat). */
  | { kind: 'splat'; full: boolean; location: SourceLocation };

/** `target.step[step]...`: attribute access, indexing and splats. */
export interface HclTraversal extends HclNodeBase {
  kind: 'traversal';
  target: HclExpression;
  steps: HclStep[];
}

/** A reference: a variable, or a traversal rooted at one. */
export type HclReference = HclVariable | (HclTraversal & { target: HclVariable });

export interface HclCall extends HclNodeBase {
  kind: 'call';
  /** With its namespace for provider functions: `provider::aws::arn_parse`. */
  name: string;
  args: HclExpression[];
  /** `f(a, list...)`: the last argument is expanded. */
  expandFinal: boolean;
}

export interface HclTuple extends HclNodeBase {
  kind: 'tuple';
  items: HclExpression[];
}

export interface HclObjectItem {
  /** The key as a string when it is static: a bare name or a string without interpolation. */
  name?: string;
  key: HclExpression;
  value: HclExpression;
  location: SourceLocation;
}

export interface HclObject extends HclNodeBase {
  kind: 'object';
  items: HclObjectItem[];
}

export interface HclConditional extends HclNodeBase {
  kind: 'conditional';
  condition: HclExpression;
  then: HclExpression;
  otherwise: HclExpression;
}

/** `[for v in c : e if cond]` or `{for k, v in c : k => v... if cond}`, kept unevaluated. */
export interface HclFor extends HclNodeBase {
  kind: 'for';
  object: boolean;
  keyVariable?: string;
  valueVariable: string;
  collection: HclExpression;
  key?: HclExpression;
  value: HclExpression;
  condition?: HclExpression;
  grouping: boolean;
}

export interface HclBinary extends HclNodeBase {
  kind: 'binary';
  operator: string;
  left: HclExpression;
  right: HclExpression;
}

export interface HclUnary extends HclNodeBase {
  kind: 'unary';
  operator: '!' | '-';
  operand: HclExpression;
}

export interface HclParens extends HclNodeBase {
  kind: 'parens';
  expression: HclExpression;
}

/** Deeper nesting than any real configuration has; the parser recurses, so it stops here. */
export const MAX_HCL_NESTING = MAX_CONFIG_NESTING;

/* ------------------------------------------------------------------ lexer */

type TokenType = 'ident' | 'number' | 'quote' | 'heredoc' | 'punct' | 'newline' | 'eof';

interface Token {
  type: TokenType;
  /** Identifier name, punctuation, the number's source text, or the heredoc marker. */
  text: string;
  start: number;
  end: number;
  /** Heredoc: `<<-` rather than `<<`. */
  indented?: boolean;
}

/** Punctuation by first character, longest first, so `==` wins over `=`. */
const PUNCTUATION = new Map<string, string[]>();
for (const punct of ['...', '==', '!=', '<=', '>=', '&&', '||', '=>', '::', '{', '}', '[', ']', '(', ')', '=', ',', '.', '?', ':', '+', '-', '*', '/', '%', '<', '>', '!', '~']) {
  const candidates = PUNCTUATION.get(punct[0]) ?? [];
  candidates.push(punct);
  PUNCTUATION.set(punct[0], candidates);
}

const BINARY_PRECEDENCE: Record<string, number> = {
  '||': 1, '&&': 2, '==': 3, '!=': 3, '<': 4, '>': 4, '<=': 4, '>=': 4, '+': 5, '-': 5, '*': 6, '/': 6, '%': 6,
};

function isIdentStart(code: number, text: string, index: number): boolean {
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95) return true;
  return code > 127 && /\p{L}/u.test(text[index]);
}

function isIdentPart(code: number, text: string, index: number): boolean {
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 45) return true;
  return code > 127 && /[\p{L}\p{N}\p{Mn}\p{Mc}]/u.test(text[index]);
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function describeToken(token: Token): string {
  if (token.type === 'eof') return 'the end of the file';
  if (token.type === 'newline') return 'a new line';
  if (token.type === 'quote') return 'a string';
  if (token.type === 'heredoc') return 'a heredoc';
  return `"${token.text}"`;
}

/* ------------------------------------------------------------------ parser */

class Parser {
  private pos = 0;
  /** Up to two tokens read ahead. */
  private ahead: Token[] = [];
  /** Whether a newline ends something here (bodies, object items) or is just space (inside brackets). */
  private readonly newlines: boolean[] = [true];
  private depth = 0;
  /** The last punctuation read, to lex `a.0.1` as two indexes rather than the number `0.1`. */
  private lastPunct = '';
  readonly lines: SourceLines;

  constructor(readonly text: string, readonly file: string) {
    this.lines = new SourceLines(file, text);
  }

  fail(offset: number, message: string): never {
    throw new ConfigError(this.lines.at(offset), message, 'CONFIG_SYNTAX');
  }

  node(start: number, end: number): HclNodeBase {
    return { location: this.lines.range(start, end), start, end };
  }

  /* --- lexing */

  private lex(): Token {
    const text = this.text;
    for (;;) {
      const code = text.charCodeAt(this.pos);
      if (code === 32 || code === 9 || code === 13 || code === 0xfeff) {
        this.pos++;
      } else if (code === 35 || (code === 47 && text.charCodeAt(this.pos + 1) === 47)) {
        const newline = text.indexOf('\n', this.pos);
        this.pos = newline < 0 ? text.length : newline;
      } else if (code === 47 && text.charCodeAt(this.pos + 1) === 42) {
        const close = text.indexOf('*/', this.pos + 2);
        if (close < 0) this.fail(this.pos, 'unterminated comment: "/*" has no "*/"');
        this.pos = close + 2;
      } else {
        break;
      }
    }
    const start = this.pos;
    if (start >= text.length) return { type: 'eof', text: '', start, end: start };
    const code = text.charCodeAt(start);
    const afterDot = this.lastPunct === '.';
    this.lastPunct = '';
    if (code === 10) {
      this.pos++;
      return { type: 'newline', text: '\n', start, end: this.pos };
    }
    if (isIdentStart(code, text, start)) {
      let end = start + 1;
      while (end < text.length && isIdentPart(text.charCodeAt(end), text, end)) end++;
      this.pos = end;
      return { type: 'ident', text: text.slice(start, end), start, end };
    }
    if (isDigit(code)) {
      let end = start;
      while (isDigit(text.charCodeAt(end))) end++;
      // After a dot (`list.0.name`) a number is a legacy index: digits only.
      if (!afterDot) {
        if (text.charCodeAt(end) === 46 && isDigit(text.charCodeAt(end + 1))) {
          end++;
          while (isDigit(text.charCodeAt(end))) end++;
        }
        const exponent = text.charCodeAt(end);
        if (exponent === 101 || exponent === 69) {
          let digits = end + 1;
          if (text[digits] === '+' || text[digits] === '-') digits++;
          if (isDigit(text.charCodeAt(digits))) {
            end = digits;
            while (isDigit(text.charCodeAt(end))) end++;
          }
        }
      }
      this.pos = end;
      return { type: 'number', text: text.slice(start, end), start, end };
    }
    if (code === 34) {
      this.pos++;
      return { type: 'quote', text: '"', start, end: this.pos };
    }
    if (code === 60 && text.charCodeAt(start + 1) === 60) {
      // <<MARKER or <<-MARKER, then the end of the line (HCL spec, "Template Expressions").
      let at = start + 2;
      const indented = text[at] === '-';
      if (indented) at++;
      const markerStart = at;
      if (!isIdentStart(text.charCodeAt(at), text, at)) this.fail(start, 'a heredoc needs a marker: <<EOT or <<-EOT');
      while (at < text.length && isIdentPart(text.charCodeAt(at), text, at)) at++;
      const marker = text.slice(markerStart, at);
      if (text[at] === '\r') at++;
      if (text[at] !== '\n') this.fail(at, `the heredoc marker <<${indented ? '-' : ''}${marker} must end its line`);
      this.pos = at + 1;
      return { type: 'heredoc', text: marker, start, end: this.pos, indented };
    }
    for (const punct of PUNCTUATION.get(text[start]) ?? []) {
      if (punct.length === 1 || text.startsWith(punct, start)) {
        this.pos = start + punct.length;
        this.lastPunct = punct;
        return { type: 'punct', text: punct, start, end: this.pos };
      }
    }
    return this.fail(start, `unexpected character ${JSON.stringify(text[start])}`);
  }

  /** The next token, skipping newlines where they do not matter. */
  peek(): Token {
    for (;;) {
      if (this.ahead.length === 0) this.ahead.push(this.lex());
      const token = this.ahead[0];
      if (token.type === 'newline' && !this.newlines[this.newlines.length - 1]) {
        this.ahead.shift();
        continue;
      }
      return token;
    }
  }

  /** The token after the next one (significant newlines included, as `peek` sees them). */
  peekSecond(): Token {
    this.peek();
    for (;;) {
      if (this.ahead.length < 2) this.ahead.push(this.lex());
      const token = this.ahead[1];
      if (token.type === 'newline' && !this.newlines[this.newlines.length - 1]) {
        this.ahead.splice(1, 1);
        continue;
      }
      return token;
    }
  }

  advance(): Token {
    const token = this.peek();
    this.ahead.shift();
    return token;
  }

  isPunct(text: string): boolean {
    const token = this.peek();
    return token.type === 'punct' && token.text === text;
  }

  expectPunct(text: string, context: string): Token {
    const token = this.peek();
    if (token.type !== 'punct' || token.text !== text) this.fail(token.start, `expected "${text}" ${context}, found ${describeToken(token)}`);
    return this.advance();
  }

  pushNewlines(significant: boolean): void {
    this.newlines.push(significant);
  }

  popNewlines(): void {
    this.newlines.pop();
  }

  enter(offset: number): void {
    if (++this.depth > MAX_HCL_NESTING) this.fail(offset, `nested more than ${MAX_HCL_NESTING} levels deep`);
  }

  leave(): void {
    this.depth--;
  }

  /** Hands the characters after the current (consumed) token to a scanner: nothing may be read ahead. */
  private charPosition(): number {
    invariant(this.ahead.length === 0, 'the HCL lexer read ahead into a template');
    return this.pos;
  }

  /* --- bodies */

  parseFile(): HclBody {
    const items = this.parseBodyItems(undefined);
    return { ...this.node(0, this.text.length), items };
  }

  /** Items until `}` (for a block, whose `{` is at `open`) or the end of the file. */
  private parseBodyItems(open: number | undefined): HclItem[] {
    const items: HclItem[] = [];
    const attributes = new Map<string, HclAttribute>();
    for (;;) {
      const token = this.peek();
      if (token.type === 'newline') {
        this.advance();
        continue;
      }
      if (token.type === 'eof') {
        if (open !== undefined) this.fail(open, 'unclosed block: this "{" has no matching "}" before the end of the file');
        return items;
      }
      if (token.type === 'punct' && token.text === '}') {
        if (open === undefined) this.fail(token.start, 'unexpected "}": no block is open here');
        return items;
      }
      if (token.type !== 'ident') this.fail(token.start, `expected an attribute name or a block type, found ${describeToken(token)}`);
      const item = this.parseItem();
      if (item.kind === 'attribute') {
        const previous = attributes.get(item.name);
        if (previous) this.fail(item.start, `attribute "${item.name}" is already defined at line ${previous.location.line}`);
        attributes.set(item.name, item);
      }
      items.push(item);
      // An item ends at the end of its line (or, on a one-line block, at its closing brace).
      const next = this.peek();
      if (next.type === 'newline') this.advance();
      else if (next.type !== 'eof' && !(next.type === 'punct' && next.text === '}')) {
        this.fail(next.start, `expected a new line after ${item.kind === 'attribute' ? `attribute "${item.name}"` : `block "${item.type}"`}, found ${describeToken(next)}`);
      }
    }
  }

  private parseItem(): HclItem {
    const name = this.advance();
    const next = this.peek();
    if (next.type === 'punct' && next.text === '=') {
      this.advance();
      const value = this.parseExpression();
      return { kind: 'attribute', ...this.node(name.start, value.end), name: name.text, nameLocation: this.lines.range(name.start, name.end), value };
    }
    this.enter(name.start);
    const labels: string[] = [];
    const labelLocations: SourceLocation[] = [];
    for (;;) {
      const token = this.peek();
      if (token.type === 'ident') {
        this.advance();
        labels.push(token.text);
        labelLocations.push(this.lines.range(token.start, token.end));
      } else if (token.type === 'quote') {
        this.advance();
        const label = this.parseQuoted(token);
        const value = staticString(label);
        if (value === undefined) this.fail(label.start, 'a block label must be a literal string, without ${...}');
        labels.push(value);
        labelLocations.push(label.location);
      } else if (token.type === 'punct' && token.text === '{') {
        break;
      } else {
        this.fail(token.start, `expected "=" for an attribute, or a block label or "{" after "${name.text}", found ${describeToken(token)}`);
      }
    }
    const open = this.advance();
    const items = this.parseBodyItems(open.start);
    const close = this.advance();
    this.leave();
    const body: HclBody = { ...this.node(open.start, close.end), items };
    return { kind: 'block', ...this.node(name.start, close.end), type: name.text, labels, labelLocations, body };
  }

  /* --- expressions */

  parseExpression(): HclExpression {
    const first = this.peek();
    this.enter(first.start);
    const condition = this.parseBinary(1, 0);
    let result = condition;
    if (this.isPunct('?')) {
      this.advance();
      const then = this.parseExpression();
      this.expectPunct(':', 'between the results of a conditional');
      const otherwise = this.parseExpression();
      result = { kind: 'conditional', ...this.node(condition.start, otherwise.end), condition, then, otherwise };
    }
    this.leave();
    return result;
  }

  /** Precedence climbing; `chain` counts the operators above, which nest like brackets. */
  private parseBinary(minimum: number, chain: number): HclExpression {
    let left = this.parseUnary();
    for (;;) {
      const token = this.peek();
      const precedence = token.type === 'punct' ? BINARY_PRECEDENCE[token.text] : undefined;
      if (precedence === undefined || precedence < minimum) return left;
      if (this.depth + ++chain > MAX_HCL_NESTING) this.fail(token.start, `an expression with more than ${MAX_HCL_NESTING} nested operators`);
      this.advance();
      const right = this.parseBinary(precedence + 1, chain);
      left = { kind: 'binary', ...this.node(left.start, right.end), operator: token.text, left, right };
    }
  }

  private parseUnary(): HclExpression {
    const token = this.peek();
    if (token.type === 'punct' && (token.text === '!' || token.text === '-')) {
      this.advance();
      this.enter(token.start);
      const operand = this.parseUnary();
      this.leave();
      return { kind: 'unary', ...this.node(token.start, operand.end), operator: token.text, operand };
    }
    return this.parsePostfix(this.parsePrimary());
  }

  private parsePostfix(target: HclExpression): HclExpression {
    const steps: HclStep[] = [];
    let end = target.end;
    for (;;) {
      const token = this.peek();
      if (token.type !== 'punct') break;
      if (token.text === '.') {
        this.advance();
        const name = this.peek();
        if (name.type === 'ident' || name.type === 'number') {
          this.advance();
          steps.push(name.type === 'ident'
            ? { kind: 'attribute', name: name.text, location: this.lines.range(token.start, name.end) }
            : { kind: 'index', key: { kind: 'literal', ...this.node(name.start, name.end), value: Number(name.text) }, location: this.lines.range(token.start, name.end) });
          end = name.end;
        } else if (name.type === 'punct' && name.text === '*') {
          this.advance();
          steps.push({ kind: 'splat', full: false, location: this.lines.range(token.start, name.end) });
          end = name.end;
        } else {
          this.fail(name.start, `expected an attribute name after ".", found ${describeToken(name)}`);
        }
      } else if (token.text === '[') {
        this.advance();
        this.pushNewlines(false);
        if (this.isPunct('*')) {
          this.advance();
          const close = this.expectPunct(']', 'to close the splat "[*"');
          this.popNewlines();
          steps.push({ kind: 'splat', full: true, location: this.lines.range(token.start, close.end) });
          end = close.end;
        } else {
          const key = this.parseExpression();
          const close = this.expectPunct(']', 'to close the index');
          this.popNewlines();
          steps.push({ kind: 'index', key, location: this.lines.range(token.start, close.end) });
          end = close.end;
        }
      } else {
        break;
      }
    }
    if (steps.length === 0) return target;
    return { kind: 'traversal', ...this.node(target.start, end), target, steps };
  }

  private parsePrimary(): HclExpression {
    const token = this.peek();
    switch (token.type) {
      case 'number': {
        this.advance();
        return { kind: 'literal', ...this.node(token.start, token.end), value: Number(token.text) };
      }
      case 'quote':
        this.advance();
        return this.parseQuoted(token);
      case 'heredoc':
        this.advance();
        return this.parseHeredoc(token);
      case 'ident': {
        this.advance();
        if (token.text === 'true' || token.text === 'false') return { kind: 'literal', ...this.node(token.start, token.end), value: token.text === 'true' };
        if (token.text === 'null') return { kind: 'literal', ...this.node(token.start, token.end), value: null };
        let name = token.text;
        while (this.isPunct('::')) {
          this.advance();
          const part = this.peek();
          if (part.type !== 'ident') this.fail(part.start, `expected a function name after "::", found ${describeToken(part)}`);
          this.advance();
          name += `::${part.text}`;
        }
        if (this.isPunct('(')) return this.parseCall(name, token.start);
        if (name !== token.text) this.fail(this.peek().start, `expected "(" to call ${name}`);
        return { kind: 'variable', ...this.node(token.start, token.end), name };
      }
      case 'punct':
        if (token.text === '(') {
          this.advance();
          this.pushNewlines(false);
          const expression = this.parseExpression();
          const close = this.expectPunct(')', 'to close the parenthesis');
          this.popNewlines();
          return { kind: 'parens', ...this.node(token.start, close.end), expression };
        }
        if (token.text === '[') return this.parseTuple();
        if (token.text === '{') return this.parseObject();
        break;
      default:
        break;
    }
    return this.fail(token.start, `expected an expression, found ${describeToken(token)}`);
  }

  private parseCall(name: string, start: number): HclCall {
    this.advance(); // (
    this.pushNewlines(false);
    const args: HclExpression[] = [];
    let expandFinal = false;
    while (!this.isPunct(')')) {
      args.push(this.parseExpression());
      if (this.isPunct('...')) {
        this.advance();
        expandFinal = true;
        break;
      }
      if (!this.isPunct(',')) break;
      this.advance();
    }
    const close = this.expectPunct(')', `to close the arguments of ${name}(`);
    this.popNewlines();
    return { kind: 'call', ...this.node(start, close.end), name, args, expandFinal };
  }

  private isForKeyword(): boolean {
    const token = this.peek();
    if (token.type !== 'ident' || token.text !== 'for') return false;
    return this.peekSecond().type === 'ident';
  }

  private parseTuple(): HclExpression {
    const open = this.advance();
    this.pushNewlines(false);
    if (this.isForKeyword()) return this.parseFor(open, false);
    const items: HclExpression[] = [];
    while (!this.isPunct(']')) {
      items.push(this.parseExpression());
      if (!this.isPunct(',')) break;
      this.advance();
    }
    const close = this.expectPunct(']', 'to close the list');
    this.popNewlines();
    return { kind: 'tuple', ...this.node(open.start, close.end), items };
  }

  private parseObject(): HclExpression {
    const open = this.advance();
    this.pushNewlines(false);
    if (this.isForKeyword()) return this.parseFor(open, true);
    this.popNewlines();
    // Items are separated by commas or new lines (HCL spec, "Collection Values").
    this.pushNewlines(true);
    const items: HclObjectItem[] = [];
    for (;;) {
      while (this.peek().type === 'newline') this.advance();
      if (this.isPunct('}')) break;
      this.pushNewlines(false);
      const key = this.parseExpression();
      this.popNewlines();
      const separator = this.peek();
      if (separator.type !== 'punct' || (separator.text !== '=' && separator.text !== ':')) {
        this.fail(separator.start, `expected "=" or ":" after an object key, found ${describeToken(separator)}`);
      }
      this.advance();
      const value = this.parseExpression();
      items.push({ ...objectKeyName(key), key, value, location: this.lines.range(key.start, value.end) });
      const next = this.peek();
      if (next.type === 'punct' && next.text === ',') this.advance();
      else if (next.type === 'newline') this.advance();
      else if (!(next.type === 'punct' && next.text === '}')) this.fail(next.start, `expected "," or a new line between object items, found ${describeToken(next)}`);
    }
    const close = this.advance();
    this.popNewlines();
    return { kind: 'object', ...this.node(open.start, close.end), items };
  }

  /** After `[` or `{` (newlines already insignificant, popped here when it closes). */
  private parseFor(open: Token, object: boolean): HclFor {
    this.advance(); // for
    const first = this.advance();
    let keyVariable: string | undefined;
    let valueVariable = first.text;
    if (this.isPunct(',')) {
      this.advance();
      const second = this.peek();
      if (second.type !== 'ident') this.fail(second.start, `expected a variable name in the for expression, found ${describeToken(second)}`);
      this.advance();
      keyVariable = first.text;
      valueVariable = second.text;
    }
    const keyword = this.peek();
    if (keyword.type !== 'ident' || keyword.text !== 'in') this.fail(keyword.start, `expected "in" in the for expression, found ${describeToken(keyword)}`);
    this.advance();
    const collection = this.parseExpression();
    this.expectPunct(':', 'after the collection of a for expression');
    let key: HclExpression | undefined;
    let value = this.parseExpression();
    let grouping = false;
    if (object) {
      this.expectPunct('=>', 'between the key and the value of an object for expression');
      key = value;
      value = this.parseExpression();
      if (this.isPunct('...')) {
        this.advance();
        grouping = true;
      }
    }
    let condition: HclExpression | undefined;
    const maybeIf = this.peek();
    if (maybeIf.type === 'ident' && maybeIf.text === 'if') {
      this.advance();
      condition = this.parseExpression();
    }
    const close = this.expectPunct(object ? '}' : ']', 'to close the for expression');
    this.popNewlines();
    return {
      kind: 'for', ...this.node(open.start, close.end), object, ...(keyVariable !== undefined ? { keyVariable } : {}), valueVariable, collection,
      ...(key ? { key } : {}), value, ...(condition ? { condition } : {}), grouping,
    };
  }

  /* --- templates */

  private parseQuoted(open: Token): HclTemplate {
    const { parts, contentEnd, end } = this.scanTemplate(open.start, this.charPosition(), undefined);
    return this.template(open.start, end, parts, this.text.slice(open.end, contentEnd));
  }

  private parseHeredoc(open: Token): HclTemplate {
    const marker = open.text;
    const indented = open.indented === true;
    const { parts, contentEnd, end } = this.scanTemplate(open.start, this.charPosition(), marker);
    if (indented) stripIndent(parts);
    return { ...this.template(open.start, end, parts, this.text.slice(open.end, contentEnd)), heredoc: { marker, indented } };
  }

  private template(start: number, end: number, parts: HclTemplatePart[], raw: string): HclTemplate {
    const references: HclReference[] = [];
    // Iteration variables of enclosing %{for} directives are not references.
    const loops: string[][] = [];
    const local = (reference: HclReference) => loops.some((names) => names.includes(reference.kind === 'variable' ? reference.name : reference.target.name));
    for (const part of parts) {
      if (part.kind === 'directive' && part.keyword === 'endfor') loops.pop();
      if (part.kind === 'text' || !part.expression) continue;
      const found = isReference(part.expression) ? [part.expression] : referencesIn(part.expression);
      for (const reference of found) if (!local(reference)) references.push(reference);
      if (part.kind === 'directive' && part.keyword === 'for') loops.push(part.variables ?? []);
    }
    return { kind: 'template', ...this.node(start, end), parts, raw, references };
  }

  /**
   * Scans template characters from `from`: a quoted string (until `"`, escapes decoded, no
   * raw new lines) or a heredoc body (until a line holding only `marker`). Interpolations
   * and directives are parsed as expressions by the parser, then scanning resumes.
   */
  private scanTemplate(open: number, from: number, marker: string | undefined): { parts: HclTemplatePart[]; contentEnd: number; end: number } {
    const text = this.text;
    const parts: HclTemplatePart[] = [];
    let pos = from;
    let buffer = '';
    let segment = pos;
    let textStart = pos;
    let lineStart = true;
    const flush = (until: number): void => {
      buffer += text.slice(segment, until);
      if (buffer.length > 0 || until > textStart) parts.push({ kind: 'text', value: buffer, start: textStart, end: until });
      buffer = '';
    };
    for (;;) {
      if (marker !== undefined && lineStart) {
        const newline = text.indexOf('\n', pos);
        const lineEnd = newline < 0 ? text.length : newline;
        if (text.slice(pos, lineEnd).trim() === marker) {
          // The new line before the marker belongs to the template; the marker line does not.
          flush(pos);
          const markerEnd = text.indexOf(marker, pos) + marker.length;
          this.pos = markerEnd;
          return { parts, contentEnd: pos, end: markerEnd };
        }
        lineStart = false;
      }
      if (pos >= text.length) {
        return this.fail(open, marker !== undefined ? `unterminated heredoc: no line with the closing marker ${marker}` : 'unterminated string: the closing quote is missing');
      }
      const code = text.charCodeAt(pos);
      if (marker === undefined) {
        if (code === 34) {
          flush(pos);
          this.pos = pos + 1;
          return { parts, contentEnd: pos, end: pos + 1 };
        }
        if (code === 10) this.fail(open, 'unterminated string: a quoted string cannot span lines (use a heredoc)');
        if (code === 92) {
          buffer += text.slice(segment, pos);
          const [decoded, length] = this.escape(pos);
          buffer += decoded;
          pos += length;
          segment = pos;
          continue;
        }
      }
      if ((code === 36 || code === 37) && text.charCodeAt(pos + 1) === 123) {
        // ${ or %{ ; a doubled sigil ($${ or %%{) is the literal text.
        const sigil = text[pos];
        flush(pos);
        const partStart = pos;
        this.pos = pos + 2;
        if (text[this.pos] === '~') {
          this.pos++;
          trimTrailingSpace(parts);
        }
        this.pushNewlines(false);
        const part = sigil === '$' ? this.parseInterpolation(partStart) : this.parseDirective(partStart);
        this.popNewlines();
        parts.push(part);
        pos = part.end;
        if (this.stripNext) {
          while (pos < text.length && /\s/.test(text[pos]) && !(marker === undefined && text[pos] === '\n')) pos++;
          if (marker !== undefined && pos > part.end && text[pos - 1] === '\n') lineStart = true;
          this.stripNext = false;
        }
        segment = pos;
        textStart = pos;
        continue;
      }
      if ((code === 36 || code === 37) && text.charCodeAt(pos + 1) === code && text.charCodeAt(pos + 2) === 123) {
        buffer += text.slice(segment, pos + 1);
        pos += 2;
        segment = pos;
        continue;
      }
      if (code === 10) lineStart = true;
      pos++;
    }
  }

  /** Set by an interpolation or directive ending in `~}`: strip the white space after it. */
  private stripNext = false;

  private closeTemplateSequence(what: string): number {
    if (this.isPunct('~')) {
      this.advance();
      this.stripNext = true;
    }
    const close = this.peek();
    if (close.type !== 'punct' || close.text !== '}') this.fail(close.start, `expected "}" to close the ${what}, found ${describeToken(close)}`);
    // Consume the brace without reading past it: the template scanner continues from here.
    this.ahead.shift();
    this.pos = close.end;
    return close.end;
  }

  private parseInterpolation(start: number): HclTemplatePart {
    const expression = this.parseExpression();
    const end = this.closeTemplateSequence('interpolation "${"');
    return { kind: 'interpolation', expression, start, end };
  }

  private parseDirective(start: number): HclTemplatePart {
    const keyword = this.peek();
    if (keyword.type !== 'ident' || !['if', 'else', 'endif', 'for', 'endfor'].includes(keyword.text)) {
      this.fail(keyword.start, `expected if, else, endif, for or endfor after "%{", found ${describeToken(keyword)}`);
    }
    this.advance();
    let expression: HclExpression | undefined;
    const variables: string[] = [];
    if (keyword.text === 'if') {
      expression = this.parseExpression();
    } else if (keyword.text === 'for') {
      const first = this.peek();
      if (first.type !== 'ident') this.fail(first.start, `expected a variable name after "for", found ${describeToken(first)}`);
      this.advance();
      variables.push(first.text);
      if (this.isPunct(',')) {
        this.advance();
        const second = this.peek();
        if (second.type !== 'ident') this.fail(second.start, `expected a variable name, found ${describeToken(second)}`);
        this.advance();
        variables.push(second.text);
      }
      const inKeyword = this.peek();
      if (inKeyword.type !== 'ident' || inKeyword.text !== 'in') this.fail(inKeyword.start, `expected "in" in the template for directive, found ${describeToken(inKeyword)}`);
      this.advance();
      expression = this.parseExpression();
    }
    const end = this.closeTemplateSequence(`directive "%{${keyword.text}"`);
    return {
      kind: 'directive', keyword: keyword.text as 'if' | 'else' | 'endif' | 'for' | 'endfor', ...(expression ? { expression } : {}),
      ...(variables.length > 0 ? { variables } : {}), start, end,
    };
  }

  /** A backslash escape in a quoted string: the decoded text and the escape's length. */
  private escape(pos: number): [string, number] {
    const text = this.text;
    const next = text[pos + 1];
    switch (next) {
      case 'n': return ['\n', 2];
      case 'r': return ['\r', 2];
      case 't': return ['\t', 2];
      case '"': return ['"', 2];
      case '\\': return ['\\', 2];
      case 'u':
      case 'U': {
        const length = next === 'u' ? 4 : 8;
        const hex = text.slice(pos + 2, pos + 2 + length);
        if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) this.fail(pos, `\\${next} must be followed by ${length} hexadecimal digits`);
        const codePoint = parseInt(hex, 16);
        if (codePoint > 0x10ffff) this.fail(pos, `\\${next}${hex} is not a Unicode code point`);
        return [String.fromCodePoint(codePoint), 2 + length];
      }
      default:
        return this.fail(pos, `invalid escape sequence "\\${next ?? ''}" (use \\\\ for a backslash)`);
    }
  }

  atEnd(): void {
    const token = this.peek();
    if (token.type !== 'eof') this.fail(token.start, `unexpected ${describeToken(token)} after the expression`);
  }
}

/** `${~` strips the white space before it, up to the previous part. */
function trimTrailingSpace(parts: HclTemplatePart[]): void {
  const last = parts[parts.length - 1];
  if (last?.kind === 'text') last.value = last.value.replace(/\s+$/, '');
}

/** `<<-` heredocs: the smallest indentation of any non-blank line is removed from every line. */
function stripIndent(parts: HclTemplatePart[]): void {
  let smallest = Infinity;
  let lineStart = true;
  for (const part of parts) {
    if (part.kind !== 'text') {
      lineStart = false;
      continue;
    }
    const lines = part.value.split('\n');
    lines.forEach((line, index) => {
      if (index > 0) lineStart = true;
      if (!lineStart) return;
      const indent = line.length - line.replace(/^[ \t]+/, '').length;
      const blank = indent === line.length && (index < lines.length - 1 || part === parts[parts.length - 1]);
      if (!blank) smallest = Math.min(smallest, indent);
      lineStart = false;
    });
  }
  if (!Number.isFinite(smallest) || smallest === 0) return;
  const indent = new RegExp(`^[ \\t]{0,${smallest}}`);
  lineStart = true;
  for (const part of parts) {
    if (part.kind !== 'text') {
      lineStart = false;
      continue;
    }
    const lines = part.value.split('\n');
    part.value = lines.map((line, index) => {
      const atStart = index > 0 || lineStart;
      return atStart ? line.replace(indent, '') : line;
    }).join('\n');
    lineStart = part.value.endsWith('\n');
  }
}

function objectKeyName(key: HclExpression): { name?: string } {
  // A bare name is the literal key (HCL spec, "Collection Values"); `(name)` is an expression.
  if (key.kind === 'variable') return { name: key.name };
  if (key.kind === 'literal' && key.value !== null) return { name: String(key.value) };
  const value = staticString(key);
  return value === undefined ? {} : { name: value };
}

/* ------------------------------------------------------------------ entry points */

/** Parses a `.tf` file (HCL native syntax) into a positioned body. Throws ConfigError (CONFIG_SYNTAX) at the first error. */
export function parseHcl(text: string, file: string): HclFile {
  checkSize(text, file);
  const parser = new Parser(text, file);
  return { file, text, body: parser.parseFile() };
}

/** Parses one expression, such as a `${...}` placeholder's contents. */
export function parseHclExpression(text: string, file: string): HclExpression {
  checkSize(text, file);
  const parser = new Parser(text, file);
  parser.pushNewlines(false);
  const expression = parser.parseExpression();
  parser.atEnd();
  return expression;
}

/* ------------------------------------------------------------------ helpers */

/** Blocks of a type directly in `body`, optionally with leading labels. */
export function blocksOf(body: HclBody | undefined, type: string, ...labels: string[]): HclBlock[] {
  if (!body) return [];
  return body.items.filter((item): item is HclBlock => item.kind === 'block' && item.type === type && labels.every((label, index) => item.labels[index] === label));
}

/** The first block of a type directly in `body`. */
export function blockOf(body: HclBody | undefined, type: string): HclBlock | undefined {
  return blocksOf(body, type)[0];
}

export function attributeOf(body: HclBody | undefined, name: string): HclAttribute | undefined {
  if (!body) return undefined;
  for (const item of body.items) if (item.kind === 'attribute' && item.name === name) return item;
  return undefined;
}

/** The string a template stands for when it has no interpolations or directives. */
export function staticString(expression: HclExpression | undefined): string | undefined {
  if (expression?.kind !== 'template') return undefined;
  let value = '';
  for (const part of expression.parts) {
    if (part.kind !== 'text') return undefined;
    value += part.value;
  }
  return value;
}

/** A literal value: a number, bool, null or a string without interpolation. */
export function staticValue(expression: HclExpression | undefined): string | number | boolean | null | undefined {
  if (!expression) return undefined;
  if (expression.kind === 'literal') return expression.value;
  if (expression.kind === 'parens') return staticValue(expression.expression);
  return staticString(expression);
}

/** Whether an expression is a reference (`var.x`, `aws_lambda_function.f.arn`, `each.value`). */
export function isReference(expression: HclExpression): expression is HclReference {
  return expression.kind === 'variable' || (expression.kind === 'traversal' && expression.target.kind === 'variable');
}

export interface ReferenceStep {
  name: string;
  /** An index (`x[0]`, `x["key"]`, legacy `x.0`) rather than an attribute. */
  index: boolean;
}

/**
 * The static steps of a reference: `aws_lambda_function.get_product.invoke_arn` gives its
 * root and the steps get_product, invoke_arn; literal indexes give their text. `complete` is
 * false when a step is not static (a splat, a computed index) and the walk stopped there.
 */
export function referenceSteps(expression: HclExpression): { root: string; steps: ReferenceStep[]; complete: boolean } | undefined {
  if (expression.kind === 'parens') return referenceSteps(expression.expression);
  if (!isReference(expression)) return undefined;
  if (expression.kind === 'variable') return { root: expression.name, steps: [], complete: true };
  const steps: ReferenceStep[] = [];
  for (const step of expression.steps) {
    if (step.kind === 'attribute') {
      steps.push({ name: step.name, index: false });
      continue;
    }
    const key = step.kind === 'index' ? staticValue(step.key) : undefined;
    if (typeof key !== 'string' && typeof key !== 'number') return { root: expression.target.name, steps, complete: false };
    steps.push({ name: String(key), index: true });
  }
  return { root: expression.target.name, steps, complete: true };
}

/** The names a reference walks, root first: ["aws_lambda_function", "get_product", "invoke_arn"]. */
export function referencePath(expression: HclExpression): string[] | undefined {
  const reference = referenceSteps(expression);
  return reference ? [reference.root, ...reference.steps.map((step) => step.name)] : undefined;
}

/** Every reference inside an expression, in source order (an explicit stack: no recursion). */
export function referencesIn(expression: HclExpression): HclReference[] {
  const found: HclReference[] = [];
  const stack: HclExpression[] = [expression];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const children: HclExpression[] = [];
    switch (node.kind) {
      case 'variable':
        found.push(node);
        break;
      case 'traversal':
        if (node.target.kind === 'variable') found.push(node as HclReference);
        else children.push(node.target);
        for (const step of node.steps) if (step.kind === 'index') children.push(step.key);
        break;
      case 'template':
        for (const part of node.parts) if (part.kind !== 'text' && part.expression) children.push(part.expression);
        break;
      case 'call':
        children.push(...node.args);
        break;
      case 'tuple':
        children.push(...node.items);
        break;
      case 'object':
        for (const item of node.items) {
          if (item.key.kind !== 'variable') children.push(item.key);
          children.push(item.value);
        }
        break;
      case 'conditional':
        children.push(node.condition, node.then, node.otherwise);
        break;
      case 'for':
        // The iteration variables are local to the expression, not references.
        children.push(node.collection);
        for (const inner of [node.key, node.value, node.condition]) {
          if (inner) for (const reference of referencesIn(inner)) if (!isIterationVariable(reference, node)) found.push(reference);
        }
        break;
      case 'binary':
        children.push(node.left, node.right);
        break;
      case 'unary':
        children.push(node.operand);
        break;
      case 'parens':
        children.push(node.expression);
        break;
      case 'literal':
        break;
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return found.sort((a, b) => a.start - b.start);
}

function isIterationVariable(reference: HclReference, node: HclFor): boolean {
  const root = reference.kind === 'variable' ? reference.name : reference.target.name;
  return root === node.valueVariable || root === node.keyVariable;
}

/** The source text of a node. */
export function sourceText(file: HclFile | string, node: { start: number; end: number }): string {
  return (typeof file === 'string' ? file : file.text).slice(node.start, node.end);
}
