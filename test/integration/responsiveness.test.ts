/*
 * The extension host never waits on a config: hostile files and one as large as the size cap
 * allows are opened while a heartbeat timer runs on the host's thread (the parse runs on the
 * reader's worker thread, extension/configReader.ts). VS Code's own work on a 10 MB file (its
 * link detection, the JSON language client) makes beats late on its own, so a late beat fails
 * the test when our code held it up, by a CPU profile of the host taken meanwhile.
 */
import type * as VsCode from 'vscode';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { suite, test } from 'mocha';
import { generatedOpenApi } from '../helpers/generatedOpenApi';
import { config, eventually, inExtensionHost, open, vscodeApi } from './extensionHost';
import { HostProfile, hrNowMs } from './hostProfile';

/** How long our code may hold up a beat: a delay a user typing would not notice. */
const MAX_LATE_MS = 100;
const BEAT_MS = 20;

/** The files: hostile in their structure, or simply as large as the editor reads (`large`: 10 MB of OpenAPI). */
function hostileConfigs(large: string): Record<string, string> {
  const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 12; level++) laughs.push(`${String.fromCharCode(97 + level)}: &${String.fromCharCode(97 + level)} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(',')}]`);
  const locals = Array.from({ length: 3_000 }, (_, index) => `  l${index} = local.l${index + 1}`).join('\n');
  const conditions = Array.from({ length: 3_000 }, (_, index) => `  C${index}: !Condition C${index + 1}`).join('\n');
  return {
    'large-openapi.yaml': large,
    'alias-bomb.yaml': `openapi: 3.0.1\ninfo: {title: bomb, version: "1"}\n${laughs.join('\n')}\npaths: {}\n`,
    'self-alias.yaml': 'openapi: 3.0.1\ninfo: {title: loop, version: "1"}\npaths: &x [1, *x]\n',
    'deep-nesting.yaml': `openapi: 3.0.1\ninfo: {title: deep, version: "1"}\npaths: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`,
    'local-chain.tf': `locals {\n${locals}\n  l3000 = "shop"\n}\nresource "aws_apigatewayv2_api" "api" {\n  name          = local.l0\n  protocol_type = "HTTP"\n}\n`,
    'condition-chain.yaml': `AWSTemplateFormatVersion: "2010-09-09"\nConditions:\n${conditions}\n  C3000: !Equals [a, a]\nResources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Condition: C0\n    Properties: {Name: shop}\n`,
  };
}

if (inExtensionHost) suite('Responsiveness', () => {
  const vscode = vscodeApi();

  test('opens hostile configs and a 10 MB OpenAPI file with no heartbeat of the extension host held up more than 100 ms by our code', async function () {
    this.timeout(240_000);
    const folder = config('hostile');
    mkdirSync(folder.fsPath, { recursive: true });
    const large = generatedOpenApi(10_000_000);
    const files = Object.entries(hostileConfigs(large.text)).map(([name, text]) => {
      writeFileSync(join(folder.fsPath, name), text);
      return vscode.Uri.joinPath(folder, name);
    });
    const late: { ms: number; fromMs: number; toMs: number; file: string }[] = [];
    let current = 'none';
    const outcomes: string[] = [];
    const profile = await HostProfile.during(async () => {
      let expected = hrNowMs() + BEAT_MS;
      const heartbeat = setInterval(() => {
        const now = hrNowMs();
        late.push({ ms: now - expected, fromMs: expected, toMs: now, file: current });
        expected = now + BEAT_MS;
      }, BEAT_MS);
      try {
        for (const uri of files) {
          current = uri.path.split('/').pop()!;
          await open(uri);
          // Read when the editor has its diagnostics or its CodeLens: the parse is over, one way or the other.
          const outcome = await eventually(`an outcome for ${current}`, async () => {
            const diagnostics = vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'API Gateway');
            if (diagnostics.length > 0) return `${current}: ${diagnostics.map((diagnostic) => diagnostic.code).join(', ')}`;
            const lenses = await vscode.commands.executeCommand<VsCode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
            return lenses.length > 0 && `${current}: ${lenses.length} routes`;
          }, 120_000);
          outcomes.push(outcome);
          if (current === 'large-openapi.yaml' && outcome.includes('CODELENS_OFF')) {
            // A route far down the file, simulated by its hover: a request matched among 30,000 routes.
            const { at } = await open(uri);
            const method = at(`  /items${large.paths - 100}/{id}:\n    get:`).translate(1, 5);
            const hovers = await vscode.commands.executeCommand<VsCode.Hover[]>('vscode.executeHoverProvider', uri, method);
            outcomes.push(`hover: ${hovers.length > 0 ? 'shown' : 'none'}`);
          }
          await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
        }
      } finally {
        clearInterval(heartbeat);
      }
    }, (url) => url.endsWith('/out/extension.js'));
    const held = late.map((beat) => ({ ...beat, ours: profile.oursWithin(beat.fromMs, beat.toMs) }));
    const worst = [...held].sort((a, b) => b.ms - a.ms)[0];
    const mostOurs = [...held].sort((a, b) => b.ours - a.ours)[0];
    console.log(`heartbeat: ${late.length} beats; the latest ${worst.ms.toFixed(0)} ms (${worst.file}; our code ${worst.ours.toFixed(0)} ms of it; busiest: ${profile.busiestWithin(worst.fromMs, worst.toMs).join(', ')}); our code held a beat at most ${mostOurs.ours.toFixed(0)} ms (${mostOurs.file}: ${profile.busiestWithin(mostOurs.fromMs, mostOurs.toMs, true).join(', ')}); ${outcomes.join('; ')}`);
    assert.ok(late.length > 20, 'the heartbeat ran while the files were read');
    assert.ok(mostOurs.ours <= MAX_LATE_MS, `our code held a beat up ${mostOurs.ours.toFixed(0)} ms while ${mostOurs.file} was open: ${profile.busiestWithin(mostOurs.fromMs, mostOurs.toMs, true).join(', ')}`);
    assert.equal(outcomes.filter((outcome) => !outcome.startsWith('hover')).length, files.length);
  });
});
