/**
 * Hover latency on a 5,000-line SAM template (goal: p95 under 10 ms): the host parses a
 * document once per version, then each hover finds the route under the cursor and builds
 * its preview (two simulations). Measured over 500 hovers on random lines, every preview
 * computed afresh (the host caches them; this is the uncached worst case).
 */
import { readConfigText } from '../simulator/config/configFile';
import { indexRoutes, routeAt } from '../extension/routeIndex';
import { previewMarkdown, previewRoute } from '../extension/routePreview';
import { runScenario } from '../simulator/scenario/registry';
import { Random } from '../simulator/engine/random';

function template(targetLines: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:'];
  for (let i = 0; lines.length < targetLines; i++) {
    lines.push(
      `  Function${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      Handler: src/handler${i}.handler`, '      Runtime: nodejs20.x',
      '      Events:', `        Get${i}:`, '          Type: HttpApi', '          Properties:', `            Path: /items${i}/{id}`, '            Method: get',
    );
  }
  return `${lines.join('\n')}\n`;
}

const file = '/bench/template.yaml';
const text = template(5000);
const parseStart = process.hrtime.bigint();
const result = readConfigText(text, file);
const parseMs = Number(process.hrtime.bigint() - parseStart) / 1e6;
const routes = indexRoutes(result, file);
const random = new Random(5);
const lineCount = text.split('\n').length;
const times: number[] = [];
let found = 0;
for (let i = 0; i < 520; i++) {
  const line = random.int(1, lineCount);
  const start = process.hrtime.bigint();
  const entry = routeAt(routes, line);
  if (entry) {
    found++;
    const preview = previewRoute(runScenario(result.model, entry.ref, 'request', { clientProfile: 'browser' }));
    previewMarkdown(entry.api, entry.route, preview, { simulate: 'command:a', showFlow: 'command:b' });
  }
  if (i >= 20) times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
const p = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))];
console.log(`hover: 5,000-line template (${routes.length} routes) parsed once per version in ${parseMs.toFixed(1)} ms; hover p50 ${p(0.5).toFixed(2)} ms, p95 ${p(0.95).toFixed(2)} ms (goal < 10 ms), ${found} of 520 on a route`);
