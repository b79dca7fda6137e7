import yaml from 'js-yaml';
import type { Random } from '../../simulator/engine/random';
import { chance, pick } from './choices';
import { hostileString } from './hostileStrings';

/*
 * Structure-aware mutations: a YAML or JSON config is loaded into values (CloudFormation's
 * short tags as their long forms), a node is changed where a reader looks (a type swapped, a
 * key deleted or renamed, a reference made to go round in a circle, a subtree nested deep or
 * repeated thousands of times, a value taken from another file) and the values are written
 * back. A value placed at two places is written as an anchor and an alias, a value placed
 * inside itself as an alias to its own anchor.
 */

type Value = unknown;
type Container = Record<string, Value> | Value[];

const TAGS = ['Ref', 'Condition', 'GetAtt', 'Sub', 'Join', 'If', 'Select', 'ImportValue', 'FindInMap', 'Base64', 'Cidr', 'Equals', 'And', 'Or', 'Not', 'GetAZs', 'Split', 'Transform', 'ToJsonString', 'Length'];

/** js-yaml's schema with the CloudFormation short forms, each loaded as its long form. */
const CLOUDFORMATION_SCHEMA = yaml.DEFAULT_SCHEMA.extend(TAGS.flatMap((tag) => (['scalar', 'sequence', 'mapping'] as const).map((kind) => new yaml.Type(`!${tag}`, {
  kind,
  construct: (data: unknown) => ({ [tag === 'Ref' || tag === 'Condition' ? tag : `Fn::${tag}`]: tag === 'GetAtt' && typeof data === 'string' ? data.split('.') : data }),
}))));

/** The values of a YAML or JSON config, or undefined when they do not load. */
export function loadValues(text: string): Value | undefined {
  try {
    return yaml.load(text, { schema: CLOUDFORMATION_SCHEMA, json: true });
  } catch {
    return undefined;
  }
}

/** Values back to text: JSON for a JSON file (indented, so shrinking has lines to remove), YAML with anchors otherwise. */
export function dumpValues(value: Value, json: boolean): string | undefined {
  try {
    return json ? JSON.stringify(value, undefined, 2) : yaml.dump(value, { lineWidth: -1, noCompatMode: true, skipInvalid: true });
  } catch {
    // A value placed inside itself has no JSON form: that mutation falls back to YAML.
    return json ? dumpValues(value, false) : undefined;
  }
}

function isContainer(value: Value): value is Container {
  return typeof value === 'object' && value !== null;
}

interface Place {
  parent: Container;
  key: string | number;
}

/** Up to `limit` places in the tree, breadth first so the top levels (where readers look first) are always among them. */
function places(root: Value, limit = 4000): Place[] {
  const found: Place[] = [];
  const queue: Container[] = isContainer(root) ? [root] : [];
  const seen = new Set<Container>();
  while (queue.length > 0 && found.length < limit) {
    const parent = queue.shift()!;
    if (seen.has(parent)) continue;
    seen.add(parent);
    const keys: (string | number)[] = Array.isArray(parent) ? parent.map((_, index) => index) : Object.keys(parent);
    for (const key of keys) {
      found.push({ parent, key });
      const child = (parent as Record<string | number, Value>)[key];
      if (isContainer(child)) queue.push(child);
    }
  }
  return found;
}

function read(place: Place): Value {
  return (place.parent as Record<string | number, Value>)[place.key];
}

function write(place: Place, value: Value): void {
  (place.parent as Record<string | number, Value>)[place.key] = value;
}

/** A value of another type than `value`: string, number, map, list, null or boolean. */
function otherType(random: Random, value: Value): Value {
  const choices: Value[] = [hostileString(random), random.int(-3, 70000) * (chance(random, 0.1) ? 1e300 : 1), {}, [], null, chance(random, 0.5), { k: value }, [value], String(value)];
  return pick(random, choices.filter((choice) => typeof choice !== typeof value || Array.isArray(choice) !== Array.isArray(value)));
}

/** A reference that goes round in a circle, in the forms the formats spell references. */
function cycle(random: Random, root: Record<string, Value>): void {
  const resources = isContainer(root.Resources) && !Array.isArray(root.Resources) ? root.Resources : undefined;
  const names = resources ? Object.keys(resources) : [];
  const a = names.length > 0 ? pick(random, names) : 'A';
  const b = names.length > 0 ? pick(random, names) : 'B';
  const targets = places(root).filter((place) => typeof read(place) === 'string');
  const target = targets.length > 0 ? pick(random, targets) : undefined;
  switch (random.int(0, 6)) {
    case 0: // Resources that name each other through Ref and GetAtt.
      if (resources) {
        resources[a] = { ...(isContainer(resources[a]) ? resources[a] : {}), Properties: { Name: { Ref: b }, Arn: { 'Fn::GetAtt': [b, 'Arn'] } } };
        resources[b] = { ...(isContainer(resources[b]) ? resources[b] : {}), Properties: { Name: { 'Fn::Sub': `\${${a}.Arn}` }, Parent: { Ref: a }, RestApiId: { Ref: b } } };
      }
      break;
    case 1: // Conditions in a circle, and a resource that depends on them.
      root.Conditions = { C1: { Condition: 'C2' }, C2: { 'Fn::Not': [{ Condition: 'C1' }] }, C3: { 'Fn::Equals': [{ Ref: 'C3' }, 'x'] } };
      if (resources && isContainer(resources[a])) (resources[a] as Record<string, Value>).Condition = 'C1';
      break;
    case 2: // serverless.yml variables in a circle.
      root.custom = { ...(isContainer(root.custom) ? root.custom : {}), a: '${self:custom.b}', b: '${self:custom.a}', c: '${self:custom.c}x', d: '${self:}' };
      if (target) write(target, pick(random, ['${self:custom.a}', '${self:custom.c}', '${self:custom.d}', '${self:provider.stage}${self:custom.a}']));
      break;
    case 3: { // OpenAPI $refs in a circle.
      const components = (isContainer(root.components) ? root.components : (root.components = {})) as Record<string, Value>;
      components.schemas = { A: { $ref: '#/components/schemas/B' }, B: { $ref: '#/components/schemas/A' }, S: { $ref: '#/components/schemas/S' } };
      components['x-amazon-apigateway-integrations'] = { I: { $ref: '#/components/x-amazon-apigateway-integrations/I' } };
      if (target) write(target, pick(random, [{ $ref: '#/components/schemas/A' }, { $ref: '#/components/x-amazon-apigateway-integrations/I' }, { $ref: '#' }, { $ref: '#/paths' }]));
      break;
    }
    case 4: // A Mapping or Parameter that names itself.
      root.Parameters = { P: { Type: 'String', Default: { Ref: 'P' } } };
      root.Mappings = { M: { K: { V: { 'Fn::FindInMap': ['M', 'K', 'V'] } } } };
      if (target) write(target, pick(random, [{ Ref: 'P' }, { 'Fn::FindInMap': ['M', 'K', 'V'] }, { 'Fn::Sub': ['${X}', { X: { Ref: 'P' } }] }]));
      break;
    case 5: // A value inside itself: written as an alias to its own anchor.
      if (target) {
        const box: Record<string, Value> = {};
        box.self = box;
        write(target, box);
      }
      break;
    default: // The same value at two places: an anchor and an alias.
      if (target && targets.length > 1) {
        const shared = { shared: read(target) };
        write(target, shared);
        write(pick(random, targets), shared);
      }
      break;
  }
}

function nestedValue(depth: number, leaf: Value, random: Random): Value {
  let value = leaf;
  const asList = chance(random, 0.5);
  for (let level = 0; level < depth; level++) value = asList ? [value] : { n: value };
  return value;
}

/** The length of a value as JSON; a value inside itself (an earlier cycle mutation) counts as a kilobyte. */
function jsonLength(value: Value): number {
  try {
    return (JSON.stringify(value) ?? '').length;
  } catch {
    return 1024;
  }
}

/** One map entry (or list item) repeated until the file is about `bytes` long: thousands of paths, resources or routes. */
function repeatEntry(random: Random, place: Place, bytes: number): void {
  const value = read(place);
  const size = Math.max(16, jsonLength(value) + 16);
  const copies = Math.min(200_000, Math.floor(bytes / size));
  if (Array.isArray(place.parent)) {
    for (let copy = 0; copy < copies; copy++) place.parent.push(value);
    return;
  }
  for (let copy = 0; copy < copies; copy++) place.parent[`${String(place.key)}${copy}`] = chance(random, 0.001) ? otherType(random, value) : value;
}

export interface TreeMutation {
  name: string;
  /** How often it is chosen, relative to the others: the huge ones are costly, so they are rare. */
  weight: number;
  apply: (root: Value, random: Random, other: Value | undefined) => Value;
}

/** Applies `change` to a random place and returns the root (which a mutation of the root itself replaces). */
function atPlace(change: (place: Place, random: Random, other: Value | undefined, root: Value) => void): TreeMutation['apply'] {
  return (root, random, other) => {
    const all = places(root);
    if (all.length === 0) return otherType(random, root);
    change(pick(random, all), random, other, root);
    return root;
  };
}

export const TREE_MUTATIONS: readonly TreeMutation[] = [
  { name: 'type confusion', weight: 3, apply: atPlace((place, random) => write(place, otherType(random, read(place)))) },
  { name: 'hostile string for a value', weight: 2, apply: atPlace((place, random) => write(place, hostileString(random))) },
  { name: 'delete a key', weight: 2, apply: atPlace((place) => (Array.isArray(place.parent) ? place.parent.splice(Number(place.key), 1) : delete place.parent[place.key as string])) },
  {
    name: 'rename a key', weight: 2, apply: atPlace((place, random) => {
      if (Array.isArray(place.parent)) return;
      const value = read(place);
      delete place.parent[place.key as string];
      const key = String(place.key);
      place.parent[pick(random, [key.toLowerCase(), key.toUpperCase(), `${key} `, `x-${key}`, hostileString(random), '<<', '$ref', 'Ref', 'Fn::Sub', ''])] = value;
    }),
  },
  { name: 'reference cycle', weight: 3, apply: (root, random) => { if (isContainer(root) && !Array.isArray(root)) cycle(random, root); return root; } },
  { name: 'deep nesting', weight: 1, apply: atPlace((place, random) => write(place, nestedValue(pick(random, [20, 100, 190, 199, 200, 250]), read(place), random))) },
  { name: 'huge: an entry repeated', weight: 0.15, apply: atPlace((place, random) => repeatEntry(random, place, pick(random, [20_000, 200_000, 1_000_000, 3_000_000]))) },
  { name: 'huge: a very long string', weight: 0.1, apply: atPlace((place, random) => write(place, 'y'.repeat(pick(random, [100_000, 1_000_000, 5_000_000, 10 * 1024 * 1024 - 200])))) },
  {
    name: 'a value from another file', weight: 2, apply: atPlace((place, random, other) => {
      const from = places(other);
      if (from.length > 0) write(place, structuredClone(read(pick(random, from))));
    }),
  },
  { name: 'a value moved within the file', weight: 2, apply: atPlace((place, random, _other, root) => write(place, read(pick(random, places(root))))) },
];
