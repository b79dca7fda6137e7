/**
 * Reading speed: a generated 10,000-line SAM template (goal: under 100 ms), and the same
 * size of OpenAPI, Terraform and serverless.yml; the HCL parse alone, and HCL lines hundreds
 * of thousands of tokens wide (linear, not quadratic); a 10 MB OpenAPI file, just under the size
 * cap, with the routes report (issue 17: minutes when each route scanned every integration).
 * Median of 5 runs after a warm-up.
 * These are the figures the unit tests used to assert with a clock.
 */
import { parseHcl } from '../simulator/config/terraform/hcl';
import { readConfigText } from '../simulator/config/configFile';
import { routesReport } from '../simulator/config/routesReport';
import { MAX_CONFIG_BYTES, parseYamlTree } from '../simulator/config/tree';
import { generatedOpenApi } from '../test/helpers/generatedOpenApi';

function samTemplate(targetLines: number): string {
  const lines = ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Parameters:', '  Stage:', '    Type: String', '    Default: prod', 'Globals:', '  Function:', '    Runtime: nodejs20.x', '    Timeout: 10', 'Resources:'];
  for (let i = 0; lines.length < targetLines; i++) {
    lines.push(
      `  Function${i}:`, '    Type: AWS::Serverless::Function', '    Properties:', `      Handler: src/handler${i}.handler`, '      CodeUri: .',
      '      Environment:', '        Variables:', `          TABLE: !Ref Table${i % 10}`, '      Events:',
      `        Get${i}:`, '          Type: Api', '          Properties:', `            Path: /items${i}/{id}`, '            Method: get',
      `        Post${i}:`, '          Type: HttpApi', '          Properties:', `            Path: /things${i}`, '            Method: post',
    );
  }
  return `${lines.slice(0, targetLines).join('\n')}\n`;
}

function openApi(targetLines: number): string {
  const lines = ['openapi: 3.0.1', 'info:', '  title: big', '  version: "1"', 'paths:'];
  for (let i = 0; lines.length < targetLines; i++) {
    lines.push(
      `  /items${i}/{id}:`, '    get:', '      parameters:', '        - name: id', '          in: path', '          required: true',
      '      x-amazon-apigateway-integration:', '        type: aws_proxy', '        httpMethod: POST',
      `        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:fn${i}/invocations`,
    );
  }
  return `${lines.slice(0, targetLines).join('\n')}\n`;
}

function terraform(targetLines: number): string {
  const lines = ['resource "aws_apigatewayv2_api" "big" {', '  name          = "big"', '  protocol_type = "HTTP"', '}'];
  for (let i = 0; lines.length < targetLines; i++) {
    lines.push(
      `resource "aws_apigatewayv2_integration" "i${i}" {`, '  api_id                 = aws_apigatewayv2_api.big.id', '  integration_type       = "AWS_PROXY"',
      `  integration_uri        = aws_lambda_function.f${i}.invoke_arn`, '  payload_format_version = "2.0"', '}',
      `resource "aws_apigatewayv2_route" "r${i}" {`, '  api_id    = aws_apigatewayv2_api.big.id', `  route_key = "GET /items${i}"`, `  target    = "integrations/\${aws_apigatewayv2_integration.i${i}.id}"`, '}',
    );
  }
  // Whole blocks only: a block cut in half is a syntax error.
  return `${lines.join('\n')}\n`;
}

function serverless(targetLines: number): string {
  const lines = ['service: big', 'provider:', '  name: aws', '  stage: ${opt:stage, \'dev\'}', 'custom:', '  base: api', 'functions:'];
  for (let i = 0; lines.length < targetLines; i++) {
    lines.push(`  fn${i}:`, `    handler: src/fn${i}.handler`, `    name: \${self:service}-\${sls:stage}-fn${i}`, '    events:',
      '      - http:', `          path: \${self:custom.base}/items${i}/{id}`, '          method: get', '          cors: true',
      `      - httpApi: 'POST /items${i}'`, `      - websocket: action${i}`);
  }
  // Whole functions only, like Terraform's whole blocks.
  return `${lines.join('\n')}\n`;
}

/** One line of `items` list elements, then one string of `characters` characters. */
function wideHcl(items: number, characters: number): string {
  return `a = [${Array(items).fill('"x"').join(',')}]\nb = "${'y'.repeat(characters)}"\n`;
}

function median(run: () => unknown): number {
  run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[2];
}

const inputs: [string, string][] = [['template.yaml', samTemplate(10_000)], ['openapi.yaml', openApi(10_000)], ['main.tf', terraform(10_000)], ['serverless.yml', serverless(10_000)]];
for (const [file, text] of inputs) {
  const lines = text.split('\n').length - 1;
  const routes = readConfigText(text, file).model.apis.reduce((sum, api) => sum + api.routes.length, 0);
  console.log(`config: ${file} of ${lines.toLocaleString('en-US')} lines (${routes} routes) read in ${median(() => readConfigText(text, file)).toFixed(1)} ms (goal < 100 ms)`);
}
// Where the time goes for YAML: the yaml library's parse alone.
const yamlOnly = median(() => parseYamlTree(inputs[0][1], 'template.yaml'));
console.log(`config: of which parsing the 10,000-line YAML into the positioned tree: ${yamlOnly.toFixed(1)} ms`);
// And for Terraform: the HCL parse alone, without resolving references into a model.
const hclOnly = median(() => parseHcl(inputs[2][1], 'main.tf'));
console.log(`config: of which parsing the 10,000-line Terraform as HCL: ${hclOnly.toFixed(1)} ms`);
// Wide lines: doubling the width should about double the time (linear), not quadruple it.
const narrow = median(() => parseHcl(wideHcl(100_000, 500_000), 'wide.tf'));
const wide = median(() => parseHcl(wideHcl(200_000, 1_000_000), 'wide.tf'));
console.log(`config: HCL wide lines, 100,000 list items + a 500 kB string in ${narrow.toFixed(1)} ms; 200,000 + 1 MB in ${wide.toFixed(1)} ms (x${(wide / narrow).toFixed(1)} for twice the width; linear ~x2, goal < 1000 ms)`);
// The 10 MB OpenAPI file of issue 17: what `apigw-sim routes` does with it, read and report.
const big = generatedOpenApi(MAX_CONFIG_BYTES - 64 * 1024);
const bigRead = median(() => {
  const read = readConfigText(big.text, 'openapi.yaml');
  return routesReport(read.model, read.findings);
});
console.log(`config: a generated ${(Buffer.byteLength(big.text) / 1048576).toFixed(1)} MB OpenAPI file (${(2 * big.paths).toLocaleString('en-US')} routes) read, with the routes report, in ${bigRead.toFixed(0)} ms (linear; was minutes)`);
