import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readConfigText } from '../../../simulator/config/configFile';
import { MAX_REFERENCE_CHAIN } from '../../../simulator/config/tree';

/*
 * Inputs that overflowed the stack of the readers: long chains of references, and the text
 * forms editors save (a byte order mark, CR-only and CRLF line endings).
 */

const SHOP = join(__dirname, '..', '..', '..', '..', 'examples', 'shop');

describe('a long chain of references', () => {
  it('of Terraform locals is a finding at the link where it stops, not a RangeError', () => {
    const links = 2500;
    const text = ['locals {', '  l0 = "orders"', ...Array.from({ length: links - 1 }, (_, i) => `  l${i + 1} = local.l${i}`), '}',
      'resource "aws_apigatewayv2_api" "a" {', `  name = local.l${links - 1}`, '  protocol_type = "HTTP"', '}', ''].join('\n');
    const result = readConfigText(text, 'chain.tf');
    const finding = result.findings.find((candidate) => candidate.code === 'REFERENCE_CHAIN_TOO_LONG');
    assert.ok(finding, result.findings.map((candidate) => candidate.code).join(', '));
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, new RegExp(`more than ${MAX_REFERENCE_CHAIN} locals`));
    assert.ok(finding.location.line > 2 && finding.location.line <= links + 1, `line ${finding.location.line}`);
    assert.equal(result.model.apis.length, 1);
    // A chain within the limit resolves to its end.
    const short = ['locals {', '  l0 = "orders"', ...Array.from({ length: 99 }, (_, i) => `  l${i + 1} = local.l${i}`), '}',
      'resource "aws_apigatewayv2_api" "a" {', '  name = local.l99', '  protocol_type = "HTTP"', '}', ''].join('\n');
    assert.equal(readConfigText(short, 'short.tf').model.apis[0].name, 'orders');
  });

  it('of CloudFormation conditions is a finding at the link where it stops, not a RangeError', () => {
    const links = 3500;
    const text = ['AWSTemplateFormatVersion: "2010-09-09"', 'Conditions:', '  C0: !Equals [a, a]', ...Array.from({ length: links - 1 }, (_, i) => `  C${i + 1}: !Condition C${i}`),
      'Resources:', '  Api:', '    Type: AWS::ApiGatewayV2::Api', `    Condition: C${links - 1}`, '    Properties:', '      Name: x', '      ProtocolType: HTTP', ''].join('\n');
    const result = readConfigText(text, 'conditions.yaml');
    const finding = result.findings.find((candidate) => candidate.code === 'REFERENCE_CHAIN_TOO_LONG');
    assert.ok(finding, result.findings.map((candidate) => candidate.code).join(', '));
    assert.match(finding.message, new RegExp(`more than ${MAX_REFERENCE_CHAIN} conditions`));
    assert.ok(finding.location.line > 3 && finding.location.line <= links + 2, `line ${finding.location.line}`);
  });
});

describe('the text forms editors save', () => {
  const lf = readFileSync(join(SHOP, 'template.yaml'), 'utf8').replace(/\r\n/g, '\n');
  const routes = (text: string, file: string): string[] => readConfigText(text, file).model.apis.flatMap((api) => api.routes.map((route) => `${route.key} ${route.location?.line}:${route.location?.column}`));

  it('reads a YAML template with CR-only and CRLF line endings at the same lines and columns as with LF', () => {
    const expected = routes(lf, 't.yaml');
    assert.ok(expected.length > 5 && expected.every((entry) => !entry.endsWith(' 1:1')));
    assert.deepEqual(routes(lf.replace(/\n/g, '\r'), 't.yaml'), expected);
    assert.deepEqual(routes(lf.replace(/\n/g, '\r\n'), 't.yaml'), expected);
  });

  it('reads JSON and YAML that start with a byte order mark, at the same positions', () => {
    const model = readFileSync(join(SHOP, 'gateway.json'), 'utf8');
    assert.deepEqual(routes(`\uFEFF${model}`, 'g.json'), routes(model, 'g.json'));
    const openApi = JSON.stringify({ openapi: '3.0.1', info: { title: 'bom', version: '1' }, paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } } } }, null, 2);
    assert.deepEqual(routes(`\uFEFF${openApi}`, 'o.json'), routes(openApi, 'o.json'));
    assert.deepEqual(routes(`\uFEFF${lf}`, 't.yaml'), routes(lf, 't.yaml'));
  });
});
