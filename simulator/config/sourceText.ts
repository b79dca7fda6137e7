import type { SourceLocation } from '../model/gateway';

/*
 * Positions in a source file, and the nesting check every parser runs first: shared by the
 * gateway-model JSON reader and the config readers' positioned trees.
 */

/**
 * Offsets to 1-based lines and columns. Parsers ask in document order, so the line of the
 * last answer is tried first, then the next few, before a binary search over the line starts.
 * Starts and ends keep a last answer each: a tree walked in document order meets its nodes'
 * starts in order, and the end of a node's last child just before its own.
 */
export class SourceLines {
  private readonly starts: number[] = [0];
  /** The 0-based lines of the last start and the last end looked up. */
  private readonly hints = [0, 0];

  constructor(readonly file: string, text: string) {
    if (!text.includes('\r')) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
      return;
    }
    // CRLF is one break and a lone CR is one too, as YAML (§5.4), JSON and the editor count lines.
    for (const match of text.matchAll(/\r\n?|\n/g)) this.starts.push(match.index + match[0].length);
  }

  /** The 0-based line holding `offset`, tried from the last answer of `slot` (0 for starts, 1 for ends). */
  private lineOf(offset: number, slot: 0 | 1): number {
    const starts = this.starts;
    let line = this.hints[slot];
    if (starts[line] <= offset) {
      for (let step = 0; step < 8; step++) {
        if (line + 1 >= starts.length || starts[line + 1] > offset) return (this.hints[slot] = line);
        line++;
      }
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return (this.hints[slot] = low);
  }

  at(offset: number): SourceLocation {
    const line = this.lineOf(offset, 0);
    return { file: this.file, line: line + 1, column: offset - this.starts[line] + 1 };
  }

  /** The location of `start`, ending at `end` when given and after `start`. */
  range(start: number, end?: number): SourceLocation {
    const line = this.lineOf(start, 0);
    const column = start - this.starts[line] + 1;
    if (end === undefined || end <= start) return { file: this.file, line: line + 1, column };
    const endLine = this.lineOf(end, 1);
    return { file: this.file, line: line + 1, column, endLine: endLine + 1, endColumn: end - this.starts[endLine] + 1 };
  }
}

/**
 * The offset at which nesting first exceeds `max`, or -1. Brackets outside strings count
 * (JSON, YAML flow style); with `yaml`, single quotes and `#` comments are understood too,
 * and block nesting shows as indentation (2 spaces a level is the norm, so 2 x max is generous).
 * Parsers recurse, so this runs before them: deep input is an error, not a stack overflow.
 */
export function nestingBeyond(text: string, max: number, yaml = false): number {
  let depth = 0;
  let quote = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (quote !== 0) {
      if (code === 92 && quote === 34) i++; // a backslash escapes the next character
      else if (code === quote) quote = 0;
      else if (code === 10 && yaml) quote = 0;
    } else if (code === 34 || (yaml && code === 39)) {
      quote = code;
    } else if (yaml && code === 35) {
      while (i < text.length && text.charCodeAt(i) !== 10) i++; // a comment
    } else if (code === 123 || code === 91) {
      if (++depth > max) return i;
    } else if (code === 125 || code === 93) {
      depth = Math.max(0, depth - 1);
    }
  }
  if (yaml) {
    // Indentation line by line, without splitting the text into lines.
    for (let start = 0; ;) {
      const newline = text.indexOf('\n', start);
      const end = newline < 0 ? text.length : newline;
      let at = start;
      while (at < end && at - start <= max * 2 && isSpace(text.charCodeAt(at))) at++;
      if (at - start > max * 2) return start;
      if (newline < 0) break;
      start = newline + 1;
    }
  }
  return -1;
}

/** White space as String.prototype.trimStart sees it. */
function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 11 || code === 12 || (code > 127 && /\s/.test(String.fromCharCode(code)));
}

/**
 * A JSON text with its byte order mark, if any, as a space: editors on Windows save one, the
 * JSON parser refuses it, and a space of the same length keeps every offset and column.
 */
export function blankByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}
