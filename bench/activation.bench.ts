/**
 * Extension activation, outside VS Code: out/extension.js loaded with a minimal fake `vscode`
 * module (test/extension/fakeVscode.ts), timing `require` of the bundle and `activate()`, and
 * listing what they load. The goal is an activation that parses nothing: a config is read
 * when a provider or command first asks for it. Documents read during activate() are counted
 * (the fake counts getText calls), in three workspaces: nothing open, the shop template open
 * and active, and a 5,000-line SAM template open and active.
 * Figures: the first require (cold: disk read and compile), then medians of 7 fresh runs.
 */
import Module from 'node:module';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createFakeVscode, FakeDocument, installFakeVscode } from '../test/extension/fakeVscode';

const ROOT = join(__dirname, '..', '..');
const BUNDLE = join(ROOT, 'out', 'extension.js');
const RUNS = 7;

interface ModuleLoader {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
}

/** A SAM template of about `lines` lines: one function with an HttpApi event per 11 lines. */
function samTemplate(lines: number): string {
  const functions = Math.ceil(lines / 11);
  const resources = Array.from({ length: functions }, (_unused, index) => [
    `  Items${index}Function:`,
    '    Type: AWS::Serverless::Function',
    '    Properties:',
    `      Handler: items/${index}.handler`,
    '      Runtime: nodejs20.x',
    '      Events:',
    `        ReadItems${index}:`,
    '          Type: HttpApi',
    '          Properties:',
    `            Path: /collection${index}/{itemId}`,
    '            Method: get',
  ].join('\n'));
  return ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:', ...resources, ''].join('\n');
}

function milliseconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e6;
}

function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}

/** Requires a fresh copy of the bundle; returns its exports, the time, and the modules it asked for. */
function loadBundle(api: Record<string, unknown>): { activate(context: unknown): unknown; ms: number; requests: string[] } {
  const loader = Module as unknown as ModuleLoader;
  const original = loader._load;
  const requests: string[] = [];
  loader._load = function (request: string, parent: unknown, isMain: boolean): unknown {
    requests.push(request);
    return original.call(this, request, parent, isMain);
  };
  const uninstall = installFakeVscode(api);
  try {
    delete require.cache[require.resolve(BUNDLE)];
    const started = process.hrtime.bigint();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const extension = require(BUNDLE) as { activate(context: unknown): unknown };
    return { activate: extension.activate, ms: milliseconds(started), requests };
  } finally {
    uninstall();
    loader._load = original;
  }
}

interface Workspace {
  name: string;
  documents: () => FakeDocument[];
  /** Whether the last document is in the active editor. */
  active: boolean;
}

const WORKSPACES: Workspace[] = [
  { name: 'no editor open', documents: () => [], active: false },
  // Open but not in the active editor: tells the diagnostics' first pass from the editor context key.
  { name: 'the shop template open, not active', documents: () => [FakeDocument.fromFile(join(ROOT, 'examples', 'shop', 'template.yaml'))], active: false },
  { name: 'the shop template active', documents: () => [FakeDocument.fromFile(join(ROOT, 'examples', 'shop', 'template.yaml'))], active: true },
  { name: 'a 5,000-line SAM template active', documents: () => [new FakeDocument('/bench/template.yaml', samTemplate(5000), 'yaml')], active: true },
];

function activateIn(workspace: Workspace): { requireMs: number; activateMs: number; reads: number; requests: string[]; subscriptions: number } {
  const fake = createFakeVscode(ROOT);
  const documents = workspace.documents();
  documents.forEach((document, index) => fake.open(document, workspace.active && index === documents.length - 1));
  const bundle = loadBundle(fake.api);
  const uninstall = installFakeVscode(fake.api);
  try {
    const started = process.hrtime.bigint();
    bundle.activate(fake.context);
    const activateMs = milliseconds(started);
    const reads = documents.reduce((sum, document) => sum + document.reads, 0);
    const subscriptions = fake.context.subscriptions.length;
    for (const subscription of fake.context.subscriptions) subscription.dispose();
    return { requireMs: bundle.ms, activateMs, reads, requests: bundle.requests, subscriptions };
  } finally {
    uninstall();
  }
}

const cold = activateIn(WORKSPACES[0]);
const size = statSync(BUNDLE).size;
const loaded = [...new Set(cold.requests)].filter((request) => request !== BUNDLE).sort();
console.log(`activation: out/extension.js ${(size / 1024).toFixed(0)} KB; first require ${cold.requireMs.toFixed(1)} ms (cold), first activate ${cold.activateMs.toFixed(2)} ms, ${cold.subscriptions} disposables registered`);
console.log(`  the bundle loads: ${loaded.join(', ')}`);
for (const workspace of WORKSPACES) {
  const runs = Array.from({ length: RUNS }, () => activateIn(workspace));
  const reads = runs[0].reads;
  console.log(`  ${workspace.name.padEnd(36)} require ${median(runs.map((run) => run.requireMs)).toFixed(1).padStart(6)} ms, activate ${median(runs.map((run) => run.activateMs)).toFixed(2).padStart(7)} ms, ` +
    `${reads} document read${reads === 1 ? '' : 's'} during activate (${reads === 0 ? 'no parsing' : 'PARSES AT ACTIVATION'})`);
}
