import type { Random } from '../../simulator/engine/random';
import { chance, pick } from './choices';
import { hostileString, quotedHostileString } from './hostileStrings';

/*
 * Mutations of a config's text, for every format (Terraform has no other kind): the bytes
 * editors and tools leave (BOM, CR, NUL), lines deleted, doubled (duplicate keys), moved and
 * re-indented, YAML anchors, aliases and merge keys abused, Terraform locals and resources
 * that name each other, nesting past the limits, and lines spliced from another file.
 */

export interface TextMutation {
  name: string;
  /** How often it is chosen, relative to the others: syntax-breaking mutations are rarer, so most inputs reach the readers. */
  weight: number;
  /** Whether it fits a file (Terraform mutations only Terraform, YAML ones only YAML). */
  fits: (kind: TextKind) => boolean;
  apply: (text: string, random: Random, other: string) => string;
}

export type TextKind = 'yaml' | 'json' | 'terraform';

const always = (): boolean => true;

function lines(text: string): string[] {
  return text.split('\n');
}

function lineAt(random: Random, list: readonly string[]): number {
  return random.int(0, Math.max(0, list.length - 1));
}

function insertAt(text: string, random: Random, insert: string): string {
  const at = random.int(0, text.length);
  return text.slice(0, at) + insert + text.slice(at);
}

/** A line's leading spaces: what inserted YAML lines copy so they land in the same map. */
function indentOf(line: string): string {
  return /^\s*/.exec(line)![0];
}

/** A block of YAML anchors, aliases and merge keys meant to hurt: self-reference, billion laughs, merges of scalars and of nothing. */
function yamlAliasAbuse(random: Random, indent: string): string {
  const name = `a${random.int(0, 3)}`;
  switch (random.int(0, 7)) {
    case 0: return `${indent}x${name}: &${name} [1, *${name}]`;
    case 1: return `${indent}x${name}: &${name}\n${indent}  <<: *${name}`;
    case 2: return [0, 1, 2, 3, 4, 5, 6].map((level) => `${indent}l${level}: &l${level} [${Array(9).fill(level === 0 ? '"lol"' : `*l${level - 1}`).join(', ')}]`).join('\n');
    case 3: return `${indent}m${name}: {<<: 5, <<: [*${name}], k: v}`;
    case 4: return `${indent}u${name}: *undefined${name}`;
    case 5: return `${indent}<<: {Type: 'AWS::ApiGateway::RestApi', Properties: {Name: x}}`;
    case 6: return `${indent}? &${name} k\n${indent}: *${name}`;
    default: return `${indent}<<: [*${name}, *${name}]`;
  }
}

/** Terraform that refers to itself: locals in a circle, a resource naming its own attribute, unterminated constructs. */
function terraformCycle(random: Random, text: string): string {
  const resource = /resource\s+"([^"]+)"\s+"([^"]+)"/.exec(text);
  const self = resource ? `${resource[1]}.${resource[2]}` : 'aws_apigatewayv2_api.x';
  switch (random.int(0, 6)) {
    case 0: return 'locals {\n  a = local.b\n  b = local.a\n}\n';
    case 1: return `locals {\n  c = "\${local.c}x"\n}\n`;
    case 2: return `locals {\n  s = ${self}.id\n}\nresource "aws_apigatewayv2_route" "loop" {\n  api_id = local.s\n  route_key = "GET /\${local.s}"\n  target = "integrations/\${aws_apigatewayv2_route.loop.id}"\n}\n`;
    case 3: return `variable "v" {\n  default = var.v\n}\nlocals {\n  w = [for x in local.w : x]\n}\n`;
    case 4: return 'locals {\n  h = <<EOT\nno end\n';
    case 5: return `locals {\n  j = jsonencode({ a = local.j })\n  k = templatefile("\${local.k}", {})\n}\n`;
    default: return `locals {\n${Array.from({ length: 300 }, (_, i) => `  l${i} = local.l${(i + 1) % 300}`).join('\n')}\n}\n`;
  }
}

function nested(depth: number, open: string, close: string, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

export const TEXT_MUTATIONS: readonly TextMutation[] = [
  { name: 'byte order mark', weight: 3, fits: always, apply: (text) => `\ufeff${text}` },
  { name: 'CR line endings', weight: 2, fits: always, apply: (text) => text.replace(/\n/g, '\r') },
  { name: 'CRLF line endings', weight: 2, fits: always, apply: (text) => text.replace(/\n/g, '\r\n') },
  { name: 'NUL characters', weight: 1, fits: always, apply: (text, random) => insertAt(text, random, '\u0000'.repeat(random.int(1, 4))) },
  { name: 'control characters', weight: 1, fits: always, apply: (text, random) => insertAt(text, random, String.fromCharCode(random.int(0, 31), random.int(0x7f, 0x9f))) },
  { name: 'hostile text at a random place', weight: 1, fits: always, apply: (text, random) => insertAt(text, random, hostileString(random)) },
  {
    name: 'hostile quoted string for a value', weight: 4, fits: always,
    apply: (text, random) => text.replace(/("[^"\n]*"|'[^'\n]*')/g, (match) => (chance(random, 0.05) ? quotedHostileString(random) : match)),
  },
  { name: 'delete a line', weight: 2, fits: always, apply: (text, random) => { const list = lines(text); list.splice(lineAt(random, list), random.int(1, 3)); return list.join('\n'); } },
  { name: 'duplicate a line (duplicate key)', weight: 3, fits: always, apply: (text, random) => { const list = lines(text); const at = lineAt(random, list); list.splice(at, 0, list[at]); return list.join('\n'); } },
  {
    name: 'duplicate a block', weight: 3, fits: always,
    apply: (text, random) => { const list = lines(text); const at = lineAt(random, list); const length = random.int(2, 20); list.splice(at, 0, ...list.slice(at, at + length)); return list.join('\n'); },
  },
  { name: 'swap two lines', weight: 1, fits: always, apply: (text, random) => { const list = lines(text); const a = lineAt(random, list); const b = lineAt(random, list); [list[a], list[b]] = [list[b], list[a]]; return list.join('\n'); } },
  { name: 're-indent a line', weight: 1, fits: always, apply: (text, random) => { const list = lines(text); const at = lineAt(random, list); list[at] = chance(random, 0.5) ? `  ${list[at]}` : list[at].replace(/^ {1,2}/, ''); return list.join('\n'); } },
  { name: 'truncate', weight: 1, fits: always, apply: (text, random) => text.slice(0, random.int(0, text.length)) },
  { name: 'tab indentation', weight: 0.5, fits: always, apply: (text, random) => { const list = lines(text); const at = lineAt(random, list); list[at] = list[at].replace(/^ +/, '\t'); return list.join('\n'); } },
  {
    name: 'splice lines from another file', weight: 1, fits: always,
    apply: (text, random, other) => { const list = lines(text); const from = lines(other); const start = lineAt(random, from); list.splice(lineAt(random, list), 0, ...from.slice(start, start + random.int(1, 40))); return list.join('\n'); },
  },
  {
    name: 'YAML anchor, alias and merge abuse', weight: 4, fits: (kind) => kind === 'yaml',
    apply: (text, random) => { const list = lines(text); const at = lineAt(random, list); list.splice(at, 0, yamlAliasAbuse(random, indentOf(list[at] ?? ''))); return list.join('\n'); },
  },
  {
    name: 'YAML anchor on one value, aliases elsewhere', weight: 3, fits: (kind) => kind === 'yaml',
    apply: (text, random) => {
      const list = lines(text);
      const anchor = list.findIndex((line, index) => index >= lineAt(random, list) && /:\s*\S/.test(line) && !/:\s*[&*|>]/.test(line));
      if (anchor < 0) return text;
      list[anchor] = list[anchor].replace(/:\s*/, ': &fz ');
      return list.map((line, index) => (index !== anchor && /:\s+\S/.test(line) && chance(random, 0.05) ? line.replace(/:\s+.*$/, ': *fz') : line)).join('\n');
    },
  },
  { name: 'Terraform reference cycle', weight: 6, fits: (kind) => kind === 'terraform', apply: (text, random) => `${text}\n${terraformCycle(random, text)}` },
  {
    name: 'Terraform value replaced by a self reference', weight: 6, fits: (kind) => kind === 'terraform',
    apply: (text, random) => text.replace(/=\s*("[^"\n]*"|[a-z_][\w.]*)/g, (match) => (chance(random, 0.08) ? `= ${pick(random, ['local.a', 'local.zz', 'var.nope', 'aws_apigatewayv2_api.x.id', 'each.key', 'count.index', '"${local.a}"', 'null', '[]', '{}', '1e309'])}` : match)),
  },
  { name: 'deep nesting in the text', weight: 0.5, fits: always, apply: (text, random) => insertAt(text, random, nested(pick(random, [50, 199, 200, 201, 1000, 100_000]), pick(random, ['[', '{', '(']), pick(random, [']', '}', ')', '']), 'x')) },
  {
    name: 'deeply indented YAML', weight: 0.5, fits: (kind) => kind === 'yaml',
    apply: (text, random) => `${text}\n${Array.from({ length: pick(random, [150, 199, 200, 201, 400]) }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} v\n`,
  },
  { name: 'a very long line', weight: 0.2, fits: always, apply: (text, random) => insertAt(text, random, `${'x'.repeat(random.int(1000, 3_000_000))}\n`) },
];
