import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Compares the key structure of two JSON events: every key path of the reference (AWS's
 * published example, or a typed exemplar) must be in ours, ours may have no key the reference
 * lacks, and values must be of the same JSON type. Values themselves (ids, times) are not
 * compared. Objects whose keys are data (header names, query parameters, claims) are compared
 * by the types of their values only.
 */

export interface ShapeOptions {
  /** Objects whose keys are data; by default the headers, parameters, stage variables, claims and authorizer contexts. */
  maps?: readonly string[];
  /** Key paths of the reference that ours may lack, each with the reason. */
  mayLack?: Readonly<Record<string, string>>;
  /** Key paths ours may have that the reference lacks, each with the reason. */
  mayAdd?: Readonly<Record<string, string>>;
  /** Objects of which the reference shows only some keys ("API Gateway may add new keys to the map"). */
  open?: readonly string[];
  /** Top-level keys of the reference to leave out (`version`, when a REST event is compared with the HTTP 1.0 example). */
  ignore?: readonly string[];
}

export const DATA_MAPS: readonly string[] = [
  'headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables',
  'requestContext.authorizer.claims', 'requestContext.authorizer.jwt.claims', 'requestContext.authorizer.lambda', 'context',
];

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return kind(value) === 'object';
}

/** Every difference between ours and the reference, as `path: what`; empty when the shapes agree. */
export function shapeDifferences(ours: unknown, reference: unknown, options: ShapeOptions = {}): string[] {
  const maps = new Set(options.maps ?? DATA_MAPS);
  const differences: string[] = [];
  const visit = (mine: unknown, theirs: unknown, path: string): void => {
    // null stands for "not set here" in AWS's examples (`"pathParameters": null`), on either side.
    if (mine === null || theirs === null) return;
    if (kind(mine) !== kind(theirs)) {
      differences.push(`${path}: ${kind(mine)} where AWS has ${kind(theirs)}`);
      return;
    }
    if (Array.isArray(mine) && Array.isArray(theirs)) {
      if (mine.length > 0 && theirs.length > 0) visit(mine[0], theirs[0], `${path}[]`);
      return;
    }
    if (!isObject(mine) || !isObject(theirs)) return;
    if (maps.has(path)) {
      const theirKinds = new Set(Object.values(theirs).map(kind));
      for (const [key, value] of Object.entries(mine)) {
        if (theirKinds.size > 0 && !theirKinds.has(kind(value))) differences.push(`${path}.${key}: ${kind(value)} where AWS's values are ${[...theirKinds].join('|')}`);
      }
      return;
    }
    const open = (options.open ?? []).some((prefix) => path === prefix || path.startsWith(`${prefix}.`));
    for (const key of Object.keys(theirs)) {
      const child = path ? `${path}.${key}` : key;
      if (path === '' && options.ignore?.includes(key)) continue;
      if (!(key in mine)) {
        if (!options.mayLack?.[child]) differences.push(`${child}: missing`);
        continue;
      }
      visit(mine[key], theirs[key], child);
    }
    for (const key of Object.keys(mine)) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in theirs) && !open && !options.mayAdd?.[child]) differences.push(`${child}: not in AWS's example`);
    }
  };
  visit(ours, reference, '');
  return differences;
}

/** A fixture from test/fixtures/aws-events/ (see its README for the page each comes from). */
export function awsExample(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'aws-events', name), 'utf8'));
}
