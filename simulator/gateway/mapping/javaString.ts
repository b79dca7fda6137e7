/**
 * `java.lang.String` methods as API Gateway's Velocity (Apache Velocity on the JVM) runs them.
 * velocityjs calls JavaScript's own methods, which differ where templates notice:
 * - `split` takes a Java regex and drops trailing empty strings (`"a,b,,".split(",")` has 2 items);
 *   JavaScript keeps them and splits on a literal string;
 * - `replaceAll` / `replaceFirst` / `matches` take a Java regex; `matches` must match the whole string;
 * - `replace` replaces every occurrence (JavaScript only the first);
 * - `length()`, `equals`, `equalsIgnoreCase`, `contains`, `isEmpty` do not exist in JavaScript.
 * Semantics from the Java SE 8 `String` and `java.util.regex.Pattern` javadoc.
 */

/** A failure inside a Java method (what the JVM would throw), with the exception's name. */
export class JavaMethodFailure extends Error {
  constructor(readonly exception: string, message: string) {
    super(`${exception}: ${message}`);
  }
}

/**
 * A Java regex as a JavaScript RegExp. The common syntax is shared; Java's leading embedded flags
 * `(?i)`, `(?s)`, `(?m)` become RegExp flags, `\A` and `\z`/`\Z` anchors become `^`/`$`.
 * Assumption, named: possessive quantifiers, atomic groups and other Java-only constructs are
 * not translated; such a pattern fails as an invalid regex (Java's PatternSyntaxException).
 */
export function javaRegex(pattern: string, options: { global?: boolean; whole?: boolean } = {}): RegExp {
  let source = pattern;
  let flags = options.global ? 'gu' : 'u';
  const embedded = /^\(\?([ims]+)\)/.exec(source);
  if (embedded) {
    source = source.slice(embedded[0].length);
    for (const flag of embedded[1]) if (!flags.includes(flag)) flags += flag;
  }
  source = source.replace(/\\A/g, '^').replace(/\\[zZ]/g, '$');
  if (options.whole) source = `^(?:${source})$`;
  try {
    return new RegExp(source, flags);
  } catch {
    try {
      // Java accepts escapes (`\-` outside a class, for example) that the `u` flag refuses.
      return new RegExp(source, flags.replace('u', ''));
    } catch (error) {
      throw new JavaMethodFailure('PatternSyntaxException', `${(error as Error).message} near index 0\n${pattern}`);
    }
  }
}

/** A Java `Matcher.appendReplacement` replacement (`$1`, `${name}`, `\$` for a dollar) as a function. */
function javaReplacement(replacement: string): (match: string, ...rest: unknown[]) => string {
  return (match: string, ...rest: unknown[]) => {
    const groupCount = rest.findIndex((value) => typeof value === 'number');
    const groups = rest.slice(0, groupCount) as (string | undefined)[];
    const named = (typeof rest[rest.length - 1] === 'object' ? rest[rest.length - 1] : undefined) as Record<string, string> | undefined;
    let out = '';
    for (let i = 0; i < replacement.length; i++) {
      const char = replacement[i];
      if (char === '\\') {
        i++;
        if (i >= replacement.length) throw new JavaMethodFailure('IllegalArgumentException', 'character to be escaped is missing');
        out += replacement[i];
      } else if (char === '$') {
        if (replacement[i + 1] === '{') {
          const end = replacement.indexOf('}', i);
          const name = replacement.slice(i + 2, end);
          if (end < 0 || !named || !(name in named)) throw new JavaMethodFailure('IllegalArgumentException', `No group with name {${name}}`);
          out += named[name] ?? '';
          i = end;
        } else {
          const digits = /^\d+/.exec(replacement.slice(i + 1));
          if (!digits) throw new JavaMethodFailure('IllegalArgumentException', 'Illegal group reference');
          // Java reads as many digits as still name an existing group.
          let number = '';
          for (const digit of digits[0]) {
            if (Number(number + digit) > groupCount) break;
            number += digit;
          }
          if (number === '') throw new JavaMethodFailure('IndexOutOfBoundsException', `No group ${digits[0][0]}`);
          out += number === '0' ? match : groups[Number(number) - 1] ?? '';
          i += number.length;
        }
      } else {
        out += char;
      }
    }
    return out;
  };
}

/** `String.split(regex)`: limit 0, so trailing empty strings are removed; a zero-width match at the start yields no leading empty string (Java 8). */
export function javaSplit(text: string, regex: string): string[] {
  if (text === '') return [''];
  const pattern = javaRegex(regex, { global: true });
  const parts: string[] = [];
  let start = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (match[0].length === 0 && (index === 0 || index >= text.length)) continue;
    parts.push(text.slice(start, index));
    start = index + match[0].length;
  }
  if (parts.length === 0) return [text];
  parts.push(text.slice(start));
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

function expectString(value: unknown, method: string): string {
  if (typeof value !== 'string') throw new JavaMethodFailure('NullPointerException', `${method}: argument is null`);
  return value;
}

function index(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new JavaMethodFailure('IllegalArgumentException', `not an int: ${String(value)}`);
  return value;
}

/** `substring(begin[, end])` with Java's bounds checks (JavaScript swaps and clamps instead). */
function javaSubstring(text: string, begin: number, end = text.length): string {
  if (begin < 0 || end > text.length || begin > end) {
    throw new JavaMethodFailure('StringIndexOutOfBoundsException', `begin ${begin}, end ${end}, length ${text.length}`);
  }
  return text.slice(begin, end);
}

type JavaStringMethod = (text: string, params: unknown[]) => unknown;

/** The `String` methods templates use, by name. Everything else falls back to velocityjs (JavaScript's method, if any). */
export const JAVA_STRING_METHODS: Readonly<Record<string, JavaStringMethod>> = {
  length: (text) => text.length,
  isEmpty: (text) => text.length === 0,
  equals: (text, [other]) => text === other,
  equalsIgnoreCase: (text, [other]) => typeof other === 'string' && text.toLowerCase() === other.toLowerCase(),
  contains: (text, [other]) => text.includes(expectString(other, 'contains')),
  startsWith: (text, [prefix, offset]) => text.startsWith(expectString(prefix, 'startsWith'), offset === undefined ? 0 : index(offset)),
  endsWith: (text, [suffix]) => text.endsWith(expectString(suffix, 'endsWith')),
  indexOf: (text, [needle, from]) => text.indexOf(String(needle), from === undefined ? 0 : index(from)),
  lastIndexOf: (text, [needle]) => text.lastIndexOf(String(needle)),
  substring: (text, [begin, end]) => javaSubstring(text, index(begin), end === undefined ? undefined : index(end)),
  charAt: (text, [at]) => {
    const position = index(at);
    if (position < 0 || position >= text.length) throw new JavaMethodFailure('StringIndexOutOfBoundsException', `index ${position}, length ${text.length}`);
    return text[position];
  },
  toUpperCase: (text) => text.toUpperCase(),
  toLowerCase: (text) => text.toLowerCase(),
  // Java's trim removes every character up to U+0020; JavaScript's also removes Unicode spaces.
  trim: (text) => {
    let start = 0;
    let end = text.length;
    while (start < end && text.charCodeAt(start) <= 0x20) start++;
    while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
    return text.slice(start, end);
  },
  concat: (text, [other]) => text + expectString(other, 'concat'),
  replace: (text, [target, replacement]) => text.split(String(target)).join(String(replacement)),
  replaceAll: (text, [regex, replacement]) => text.replace(javaRegex(expectString(regex, 'replaceAll'), { global: true }), javaReplacement(expectString(replacement, 'replaceAll'))),
  replaceFirst: (text, [regex, replacement]) => text.replace(javaRegex(expectString(regex, 'replaceFirst')), javaReplacement(expectString(replacement, 'replaceFirst'))),
  matches: (text, [regex]) => javaRegex(expectString(regex, 'matches'), { whole: true }).test(text),
  split: (text, [regex]) => javaSplit(text, expectString(regex, 'split')),
  toString: (text: string) => text,
  compareTo: (text, [other]) => {
    const right = expectString(other, 'compareTo');
    for (let i = 0; i < Math.min(text.length, right.length); i++) {
      if (text.charCodeAt(i) !== right.charCodeAt(i)) return text.charCodeAt(i) - right.charCodeAt(i);
    }
    return text.length - right.length;
  },
};
