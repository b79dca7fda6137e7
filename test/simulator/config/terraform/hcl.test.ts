import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  attributeOf, blockOf, blocksOf, MAX_HCL_NESTING, parseHcl, parseHclExpression, referencePath, referencesIn, referenceSteps, sourceText, staticString, staticValue,
  type HclBlock, type HclExpression, type HclFile, type HclTemplate,
} from '../../../../simulator/config/terraform/hcl';
import { MAX_CONFIG_BYTES } from '../../../../simulator/config/tree';
import { configError } from '../../../helpers/configError';

/*
 * The HCL2 native syntax as hashicorp/hcl specifies it (hclsyntax/spec.md): bodies of
 * attributes and blocks, comments, templates and heredocs, and the expression language.
 * Expected values below come from that specification and the Terraform language docs
 * ("Syntax", "Expressions: Strings and Templates", "for Expressions", "Operators").
 */


function attr(file: HclFile, ...path: string[]): HclExpression {
  let body = file.body;
  for (const type of path.slice(0, -1)) body = blockOf(body, type)!.body;
  const attribute = attributeOf(body, path[path.length - 1]);
  assert.ok(attribute, `attribute ${path.join('.')}`);
  return attribute.value;
}

function expr(text: string): HclExpression {
  return parseHclExpression(text, 'expr.tf');
}

function texts(file: HclFile, expressions: HclExpression[]): string[] {
  return expressions.map((expression) => sourceText(file, expression));
}

describe('HCL bodies', () => {
  it('reads blocks with quoted and bare labels, attributes and nested blocks, in order', () => {
    const file = parseHcl([
      'resource "aws_api_gateway_rest_api" "shop" {',
      '  name = "shop"',
      '  endpoint_configuration {',
      '    types = ["EDGE"]',
      '  }',
      '}',
      'locals { a = 1 }',
      'moved {',
      '  from = aws_lambda_function.a',
      '  to   = aws_lambda_function.b',
      '}',
      'custom label_one "label two" {}',
    ].join('\n'), 'main.tf');
    const [resource, locals, moved, custom] = file.body.items as HclBlock[];
    assert.equal(resource.type, 'resource');
    assert.deepEqual(resource.labels, ['aws_api_gateway_rest_api', 'shop']);
    assert.equal(staticString(attr(file, 'resource', 'name')), 'shop');
    const types = attr(file, 'resource', 'endpoint_configuration', 'types');
    assert.equal(types.kind, 'tuple');
    assert.equal(staticValue(attributeOf(locals.body, 'a')!.value), 1);
    assert.equal(moved.body.items.length, 2);
    assert.deepEqual(custom.labels, ['label_one', 'label two']);
    assert.equal(custom.body.items.length, 0);
    assert.equal(blocksOf(file.body, 'resource', 'aws_api_gateway_rest_api').length, 1);
    assert.equal(blocksOf(file.body, 'resource', 'aws_lambda_function').length, 0);
  });

  it('keeps the file, line and column where each node starts and ends', () => {
    const file = parseHcl('# header\nresource "aws_lambda_function" "f" {\n  function_name = "listProducts"\n  timeout       = 10\n}\n', 'infra/main.tf');
    const block = file.body.items[0] as HclBlock;
    assert.deepEqual(block.location, { file: 'infra/main.tf', line: 2, column: 1, endLine: 5, endColumn: 2 });
    assert.deepEqual(block.labelLocations[1], { file: 'infra/main.tf', line: 2, column: 32, endLine: 2, endColumn: 35 });
    const name = attributeOf(block.body, 'function_name')!;
    assert.deepEqual(name.location, { file: 'infra/main.tf', line: 3, column: 3, endLine: 3, endColumn: 33 });
    assert.deepEqual(name.nameLocation, { file: 'infra/main.tf', line: 3, column: 3, endLine: 3, endColumn: 16 });
    assert.deepEqual(name.value.location, { file: 'infra/main.tf', line: 3, column: 19, endLine: 3, endColumn: 33 });
    assert.equal(sourceText(file, attributeOf(block.body, 'timeout')!.value), '10');
  });

  it('skips #, // and /* */ comments, including a block comment over several lines and one inside an expression', () => {
    const file = parseHcl([
      '/* a block',
      '   comment */',
      'a = 1 # trailing',
      'b = 2 // trailing',
      'c = [1, /* inline */ 2]',
      '// last',
    ].join('\n'), 'c.tf');
    assert.deepEqual(file.body.items.map((item) => item.kind === 'attribute' && item.name), ['a', 'b', 'c']);
    assert.equal(attributeOf(file.body, 'a')!.location.line, 3);
    const c = attr(file, 'c');
    assert.equal(c.kind === 'tuple' && c.items.length, 2);
  });

  it('accepts CRLF line endings', () => {
    const file = parseHcl('resource "a" "b" {\r\n  x = "y"\r\n  h = <<EOT\r\nline\r\nEOT\r\n}\r\n', 'crlf.tf');
    assert.equal(staticString(attr(file, 'resource', 'x')), 'y');
    assert.equal(attributeOf((file.body.items[0] as HclBlock).body, 'x')!.location.line, 2);
    assert.equal(staticString(attr(file, 'resource', 'h')), 'line\r\n');
  });
});

describe('HCL literals and templates', () => {
  it('reads numbers, bools and null', () => {
    assert.equal(staticValue(expr('42')), 42);
    assert.equal(staticValue(expr('1.5')), 1.5);
    assert.equal(staticValue(expr('1e3')), 1000);
    assert.equal(staticValue(expr('2.5E-1')), 0.25);
    assert.equal(staticValue(expr('true')), true);
    assert.equal(staticValue(expr('false')), false);
    assert.equal(staticValue(expr('null')), null);
  });

  it('decodes the escapes of quoted strings, and $${ and %%{ as literal text', () => {
    assert.equal(staticString(expr('"a\\nb\\t\\"q\\" \\\\ \\u0041\\U0001F600"')), 'a\nb\t"q" \\ A\u{1F600}');
    assert.equal(staticString(expr('"cost: $${price} %%{if}"')), 'cost: ${price} %{if}');
    assert.equal(staticString(expr('"$ and % alone"')), '$ and % alone');
  });

  it('splits a template into text and interpolations, keeping the raw text and the references', () => {
    const file = parseHcl('target = "integrations/${aws_apigatewayv2_integration.orders.id}"\n', 't.tf');
    const target = attr(file, 'target') as HclTemplate;
    assert.equal(target.kind, 'template');
    assert.equal(target.raw, 'integrations/${aws_apigatewayv2_integration.orders.id}');
    assert.deepEqual(target.parts.map((part) => part.kind), ['text', 'interpolation']);
    assert.equal(target.parts[0].kind === 'text' && target.parts[0].value, 'integrations/');
    assert.deepEqual(texts(file, target.references), ['aws_apigatewayv2_integration.orders.id']);
    assert.deepEqual(referencePath(target.references[0]), ['aws_apigatewayv2_integration', 'orders', 'id']);
    assert.equal(staticString(target), undefined);
  });

  it('parses strings, calls and objects nested inside an interpolation', () => {
    const file = parseHcl('a = "${lookup(var.m, "key}", { x = "${local.y}" })}-${var.z}"\n', 'n.tf');
    const a = attr(file, 'a') as HclTemplate;
    assert.deepEqual(texts(file, a.references), ['var.m', 'local.y', 'var.z']);
    assert.equal(a.parts.length, 3);
  });

  it('trims white space next to ~ strip markers', () => {
    const template = expr('"a   ${~ var.x ~}   b"') as HclTemplate;
    assert.deepEqual(template.parts.map((part) => (part.kind === 'text' ? part.value : part.kind)), ['a', 'interpolation', 'b']);
  });

  it('parses %{if} and %{for} directives and the references they make, not counting the loop variables', () => {
    const file = parseHcl('t = "%{ if var.enabled }on%{ else }off%{ endif } %{ for k, v in var.tags }${k}=${v},%{ endfor }"\n', 'd.tf');
    const template = attr(file, 't') as HclTemplate;
    const keywords = template.parts.filter((part) => part.kind === 'directive').map((part) => part.kind === 'directive' && part.keyword);
    assert.deepEqual(keywords, ['if', 'else', 'endif', 'for', 'endfor']);
    assert.deepEqual(texts(file, template.references), ['var.enabled', 'var.tags'], 'k and v are the loop\'s own variables');
  });

  it('reads a heredoc up to the line holding only its marker, interpolations included', () => {
    const file = parseHcl('policy = <<EOT\n{\n  "Resource": "${aws_apigatewayv2_api.ws.execution_arn}/*"\n}\nEOT\nnext = 1\n', 'h.tf');
    const policy = attr(file, 'policy') as HclTemplate;
    assert.deepEqual(policy.heredoc, { marker: 'EOT', indented: false });
    assert.equal(policy.raw, '{\n  "Resource": "${aws_apigatewayv2_api.ws.execution_arn}/*"\n}\n');
    assert.deepEqual(texts(file, policy.references), ['aws_apigatewayv2_api.ws.execution_arn']);
    assert.deepEqual(policy.location, { file: 'h.tf', line: 1, column: 10, endLine: 5, endColumn: 4 });
    assert.equal(staticValue(attr(file, 'next')), 1);
  });

  it('removes the common indentation of an indented heredoc (<<-), whatever the marker\'s indentation', () => {
    const file = parseHcl('resource "x" "y" {\n  t = <<-VTL\n    {\n      "a": 1\n\n    }\n    VTL\n}\n', 'i.tf');
    assert.equal(staticString(attr(file, 'resource', 't')), '{\n  "a": 1\n\n}\n');
  });

  it('keeps backslashes of a heredoc as written (heredocs have no escapes)', () => {
    assert.equal(staticString(parseHclExpression('<<EOT\na\\nb $${x}\nEOT', 'h.tf')), 'a\\nb ${x}\n');
  });
});

describe('HCL expressions', () => {
  it('reads tuples and objects over several lines, with commas or new lines, = or :, quoted and computed keys', () => {
    const file = parseHcl([
      'list = [',
      '  "a",',
      '  "b", # trailing comma next',
      ']',
      'map = {',
      '  plain = 1',
      '  "method.request.path.proxy" = true,',
      '  colon: "x"',
      '  (var.key) = 2',
      '  nested = { deep = [1, { x = 2 }] }',
      '}',
    ].join('\n'), 'o.tf');
    const list = attr(file, 'list');
    assert.equal(list.kind === 'tuple' && list.items.length, 2);
    const map = attr(file, 'map');
    assert.equal(map.kind, 'object');
    if (map.kind !== 'object') return;
    assert.deepEqual(map.items.map((item) => item.name), ['plain', 'method.request.path.proxy', 'colon', undefined, 'nested']);
    assert.equal(sourceText(file, map.items[3].key), '(var.key)');
    assert.equal(map.items[1].location.line, 7);
  });

  it('reads references with attribute, index, legacy index and splat steps', () => {
    const file = parseHcl([
      'a = aws_lambda_function.get_product.invoke_arn',
      'b = aws_lambda_function.chat["connect"].arn',
      'c = aws_instance.web[0].id',
      'd = aws_subnet.private.0.id',
      'e = aws_subnet.private[*].id',
      'f = aws_subnet.private.*.id',
      'g = var.routes[each.key].path',
      'h = each.value',
    ].join('\n'), 'r.tf');
    assert.deepEqual(referencePath(attr(file, 'a')), ['aws_lambda_function', 'get_product', 'invoke_arn']);
    assert.deepEqual(referenceSteps(attr(file, 'b')), { root: 'aws_lambda_function', steps: [{ name: 'chat', index: false }, { name: 'connect', index: true }, { name: 'arn', index: false }], complete: true });
    assert.deepEqual(referencePath(attr(file, 'c')), ['aws_instance', 'web', '0', 'id']);
    assert.deepEqual(referencePath(attr(file, 'd')), ['aws_subnet', 'private', '0', 'id']);
    assert.equal(referenceSteps(attr(file, 'e'))!.complete, false);
    assert.equal(referenceSteps(attr(file, 'f'))!.complete, false);
    assert.deepEqual(referenceSteps(attr(file, 'g')), { root: 'var', steps: [{ name: 'routes', index: false }], complete: false });
    assert.deepEqual(referencePath(attr(file, 'h')), ['each', 'value']);
    const splat = attr(file, 'e');
    assert.deepEqual(splat.kind === 'traversal' && splat.steps.map((step) => step.kind), ['attribute', 'splat', 'attribute']);
  });

  it('reads function calls: templatefile with a map, jsonencode, merge with an expanded list, provider functions', () => {
    const file = parseHcl([
      'body = templatefile("${path.module}/openapi.yaml.tpl", {',
      '  get_product = aws_lambda_function.get_product.invoke_arn',
      '  title       = "shop"',
      '})',
      'policy = jsonencode({ Version = "2012-10-17" })',
      'tags = merge(local.common, var.extra...)',
      'arn = provider::aws::arn_parse(var.arn).region',
      'none = timestamp()',
    ].join('\n'), 'f.tf');
    const body = attr(file, 'body');
    assert.equal(body.kind, 'call');
    if (body.kind !== 'call') return;
    assert.equal(body.name, 'templatefile');
    assert.equal(body.args.length, 2);
    assert.equal((body.args[0] as HclTemplate).raw, '${path.module}/openapi.yaml.tpl');
    assert.deepEqual(texts(file, referencesIn(body)), ['path.module', 'aws_lambda_function.get_product.invoke_arn']);
    const tags = attr(file, 'tags');
    assert.equal(tags.kind === 'call' && tags.expandFinal, true);
    const arn = attr(file, 'arn');
    assert.equal(arn.kind === 'traversal' && arn.target.kind === 'call' && arn.target.name, 'provider::aws::arn_parse');
    const none = attr(file, 'none');
    assert.equal(none.kind === 'call' && none.args.length, 0);
  });

  it('keeps operators unevaluated, with HCL precedence', () => {
    // || binds loosest, then &&, equality, comparison, + -, * / % (HCL spec, "Operations").
    const or = expr('a || b && c == 1');
    assert.equal(or.kind === 'binary' && or.operator, '||');
    assert.equal(or.kind === 'binary' && or.right.kind === 'binary' && or.right.operator, '&&');
    const sum = expr('1 + 2 * 3 - 4');
    assert.equal(sum.kind === 'binary' && sum.operator, '-');
    assert.equal(sum.kind === 'binary' && sum.left.kind === 'binary' && sum.left.operator, '+');
    const unary = expr('!var.enabled');
    assert.equal(unary.kind === 'unary' && unary.operator, '!');
    const negative = expr('-1');
    assert.equal(negative.kind === 'unary' && negative.operand.kind, 'literal');
  });

  it('reads conditionals, nested on either side', () => {
    const conditional = expr('var.env == "prod" ? 10 : var.env == "dev" ? 1 : 5');
    assert.equal(conditional.kind, 'conditional');
    assert.equal(conditional.kind === 'conditional' && conditional.otherwise.kind, 'conditional');
    const file = parseHcl('x = (\n  var.a\n  ? 1\n  : 2\n)\n', 'p.tf');
    assert.equal(attr(file, 'x').kind, 'parens');
  });

  it('keeps for expressions unevaluated, with their parts; their iteration variables are not references', () => {
    const list = expr('[for s in var.names : upper(s) if s != ""]');
    assert.equal(list.kind, 'for');
    if (list.kind !== 'for') return;
    assert.equal(list.object, false);
    assert.equal(list.valueVariable, 's');
    assert.ok(list.condition);
    const file = parseHcl('m = {\n  for k, v in var.routes :\n  k => v.path...\n  if v.enabled\n}\n', 'for.tf');
    const map = attr(file, 'm');
    assert.equal(map.kind === 'for' && map.object && map.grouping && map.keyVariable, 'k');
    assert.deepEqual(texts(file, referencesIn(map)), ['var.routes']);
    const object = parseHcl('o = { for = 1, in = 2 }\n', 'kw.tf');
    assert.equal(attr(object, 'o').kind, 'object', 'for and in are ordinary keys when no for expression follows');
  });

  it('treats a dash inside a name as part of it, as HCL does', () => {
    assert.deepEqual(referencePath(expr('count.index-1')), ['count', 'index-1']);
    assert.equal(expr('count.index - 1').kind, 'binary');
  });
});

describe('HCL errors', () => {
  it('reports an unclosed block at its opening brace, as Terraform does', () => {
    const error = configError(() => parseHcl('resource "a" "b" {\n  x = 1\n\nresource "c" "d" {\n  y = 2\n}\n', 'u.tf'));
    assert.equal(error.code, 'CONFIG_SYNTAX');
    assert.deepEqual(error.location, { file: 'u.tf', line: 1, column: 18 });
    assert.match(error.message, /unclosed block/);
  });

  it('reports each kind of broken input at the offending token', () => {
    const at = (text: string) => {
      const error = configError(() => parseHcl(text, 'e.tf'));
      assert.equal(error.code, 'CONFIG_SYNTAX');
      return [error.location.line, error.location.column, error.message] as const;
    };
    assert.deepEqual(at('a = "open\nb = 1\n').slice(0, 2), [1, 5]);
    assert.match(at('a = "open\nb = 1\n')[2], /unterminated string/);
    assert.deepEqual(at('x {\n  a = \n}\n').slice(0, 2), [2, 7]);
    assert.deepEqual(at('a = 1 2\n').slice(0, 2), [1, 7]);
    assert.deepEqual(at('a = [1, 2\nb = 3\n').slice(0, 2), [2, 1]);
    assert.deepEqual(at('a = "\\q"\n').slice(0, 2), [1, 6]);
    assert.match(at('h = <<EOT\nno end\n')[2], /unterminated heredoc/);
    assert.match(at('a = 1\na = 2\n')[2], /already defined at line 1/);
    assert.deepEqual(at('}\n').slice(0, 2), [1, 1]);
    assert.deepEqual(at('resource "a" "${var.b}" {}\n').slice(0, 2), [1, 14]);
    assert.deepEqual(at('a = {\n  b = 1 c = 2\n}\n').slice(0, 2), [2, 9]);
    assert.deepEqual(at('a = 1 /* never closed\n').slice(0, 2), [1, 7]);
    assert.deepEqual(at('a = @\n').slice(0, 2), [1, 5]);
    assert.match(at('a = "${var.x"\n')[2], /expected "}" to close/);
    assert.match(at('a = "%{ while x }"\n')[2], /expected if, else, endif, for or endfor/);
  });

  it('refuses nesting deeper than the cap with an error, not a stack overflow', () => {
    for (const text of [
      `a = ${'['.repeat(100_000)}${']'.repeat(100_000)}`,
      `a = ${'{x = '.repeat(5_000)}1${'}'.repeat(5_000)}`,
      `a = ${'('.repeat(100_000)}1${')'.repeat(100_000)}`,
      `a = ${'!'.repeat(100_000)}true`,
      `a = ${'"${'.repeat(5_000)}x${'}"'.repeat(5_000)}`,
      `a = ${Array(100_000).fill('1').join(' + ')}`,
      `a = ${Array(50_000).fill('x ? 1').join(' : ')} : 2`,
      `${'b {\n'.repeat(5_000)}${'}\n'.repeat(5_000)}`,
    ]) {
      const error = configError(() => parseHcl(text, 'deep.tf'));
      assert.equal(error.code, 'CONFIG_SYNTAX');
      assert.match(error.message, /nested|operators/);
    }
    // Up to the cap is fine.
    const depth = MAX_HCL_NESTING - 2;
    assert.doesNotThrow(() => parseHcl(`a = ${'['.repeat(depth)}${']'.repeat(depth)}`, 'ok.tf'));
  });

  it('refuses a file over the size cap before parsing it', () => {
    assert.equal(configError(() => parseHcl('#'.repeat(MAX_CONFIG_BYTES + 1), 'big.tf')).code, 'CONFIG_TOO_LARGE');
  });
});

/*
 * Parsing speed is a figure printed by bench/config.bench.ts (the 10,000-line file and the wide
 * lines below), not asserted here: wall-clock bounds fail on a loaded CI machine.
 */
describe('HCL parsing at scale', () => {
  it('parses a 10,000-line configuration, every block', () => {
    const blocks: string[] = [];
    for (let i = 0; blocks.length * 12 < 10_000; i++) {
      blocks.push([
        `resource "aws_api_gateway_method" "m${i}" {`,
        `  rest_api_id   = aws_api_gateway_rest_api.api.id # method ${i}`,
        `  resource_id   = aws_api_gateway_resource.r${i}.id`,
        '  http_method   = "GET"',
        '  authorization = "NONE"',
        `  request_parameters = { "method.request.header.x-${i}" = true }`,
        `  description = "route \${var.prefix}-${i} %{ if var.debug }debug%{ endif }"`,
        '  policy = <<-EOT',
        `    {"Resource": "\${aws_api_gateway_rest_api.api.execution_arn}/*/GET/${i}"}`,
        '  EOT',
        '}',
        '',
      ].join('\n'));
    }
    const text = blocks.join('\n');
    assert.ok(text.split('\n').length >= 10_000);
    const file = parseHcl(text, 'big.tf');
    assert.equal(file.body.items.length, blocks.length);
    const last = blocksOf(file.body, 'resource').at(-1)!;
    assert.deepEqual(last.labels, ['aws_api_gateway_method', `m${blocks.length - 1}`]);
    assert.equal(staticValue(attributeOf(last.body, 'http_method')!.value), 'GET');
  });

  // The timeout is a hang guard, not a speed test: a scan quadratic in the line length
  // (10^12 steps for these lines) never ends, while the linear parse takes well under a second.
  it('parses a line of 200,000 list items and a 1 MB string whole', { timeout: 30_000 }, () => {
    const file = parseHcl(`a = [${Array(200_000).fill('"x"').join(',')}]\nb = "${'y'.repeat(1_000_000)}"\n`, 'wide.tf');
    const list = attributeOf(file.body, 'a')!.value;
    assert.equal(list.kind, 'tuple');
    const items = list.kind === 'tuple' ? list.items : [];
    assert.equal(items.length, 200_000);
    assert.ok(items.every((item) => staticString(item) === 'x'));
    assert.equal(items[199_999].location.column, 6 + 4 * 199_999, 'the last item sits at its column on the wide line');
    assert.equal(staticString(attributeOf(file.body, 'b')!.value), 'y'.repeat(1_000_000));
    assert.equal(attributeOf(file.body, 'b')!.location.line, 2);
  });
});
