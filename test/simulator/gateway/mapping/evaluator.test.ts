/*
 * The evaluator behaves like Apache Velocity on the JVM, which API Gateway runs. Expected values
 * come from the Java SE 8 javadoc (String.split's "boo:and:foo" table, Double.toString), the
 * Velocity user guide (quiet references, $foreach) and Apache Commons Lang's escapeJavaScript
 * javadoc, never from our own output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateRequestTemplate, evaluateResponseTemplate, renderTemplate } from '../../../../simulator/gateway/mapping/evaluator';
import type { MappingPayload } from '../../../../simulator/gateway/mapping/inputVariable';
import { MappingTemplateError } from '../../../../simulator/gateway/mapping/templateError';

const EMPTY: MappingPayload = { body: '', pathParameters: {}, query: [], headers: [] };

function render(template: string, body = '', extra: Partial<MappingPayload> = {}): string {
  return evaluateRequestTemplate(template, { payload: { ...EMPTY, body, ...extra }, context: {}, stageVariables: {} }).body;
}

function failure(template: string, body = ''): MappingTemplateError {
  try {
    render(template, body);
  } catch (error) {
    if (error instanceof MappingTemplateError) return error;
    throw error;
  }
  assert.fail(`expected ${JSON.stringify(template)} to fail`);
}

describe('Java String methods in mapping templates', () => {
  it('splits as Java does: a regex, trailing empty strings removed ("a,b,,".split(",") has 2 items)', () => {
    assert.equal(render('#set($s = "a,b,,")$s.split(",").size()'), '2');
    // The String.split javadoc's table for "boo:and:foo".
    assert.equal(render('#set($s = "boo:and:foo")$s.split(":")'), '[boo, and, foo]');
    assert.equal(render('#set($s = "boo:and:foo")$s.split("o")'), '[b, , :and:f]');
    assert.equal(render('#set($s = "a1b22c")$s.split("[0-9]+")'), '[a, b, c]');
  });

  it('matches the whole string ("abc".matches("b") is false)', () => {
    assert.equal(render('#set($s = "abc")$s.matches("b") $s.matches("a.c") $s.matches("(?i)ABC")'), 'false true true');
  });

  it('replaces every occurrence with replace, and a Java regex with replaceAll and replaceFirst', () => {
    assert.equal(render('#set($s = "a.b.c")$s.replace(".", "-")'), 'a-b-c');
    assert.equal(render('#set($s = "a1b2")$s.replaceAll("[0-9]", "#") $s.replaceFirst("[0-9]", "#")'), 'a#b# a#b2');
    assert.equal(render('#set($s = "John Smith")$s.replaceAll("(\\w+) (\\w+)", "$2, $1")'), 'Smith, John');
  });

  it('answers length(), equals, contains, startsWith, indexOf, substring, trim and case changes', () => {
    assert.equal(render('#set($s = " Hello ")$s.length() $s.trim().length() $s.trim().toUpperCase() $s.trim().toLowerCase()'), '7 5 HELLO hello');
    assert.equal(render('#set($s = "hello")$s.equals("hello") $s.equalsIgnoreCase("HELLO") $s.contains("ell") $s.startsWith("he") $s.endsWith("lo")'), 'true true true true true');
    assert.equal(render('#set($s = "hello")$s.indexOf("l") $s.lastIndexOf("l") $s.substring(1, 3) $s.substring(3) $s.isEmpty()'), '2 3 el lo false');
  });

  it('fails a substring out of range, as Java throws StringIndexOutOfBoundsException', () => {
    const error = failure('#set($s = "abc")\n$s.substring(2, 1)');
    assert.equal(error.kind, 'runtime');
    assert.equal(error.line, 2);
    assert.match(error.reason, /StringIndexOutOfBoundsException/);
  });
});

describe('values as Velocity prints them', () => {
  it('renders an undefined reference as written, and a quiet one as nothing', () => {
    assert.equal(render('[$x] [$!x] [${x}] [$x.y] [$!{x}]'), '[$x] [] [${x}] [$x.y] []');
  });

  it('prints whole numbers without .0 and others as Double.toString does', () => {
    assert.equal(render("$input.path('$.a') $input.path('$.b') $input.path('$.c') $input.path('$.d') $input.path('$.e')", '{"a":3,"b":19.95,"c":0.0001,"d":12345678.5,"e":-0.5}'),
      '3 19.95 1.0E-4 1.23456785E7 -0.5');
  });

  it('prints lists as [a, b] and maps as {key=value}', () => {
    assert.equal(render("$input.path('$')", '{"a":[1,"x",true],"b":{"c":null}}'), '{a=[1, x, true], b={c=null}}');
  });

  it('walks maps and lists with size(), get(), keySet(), containsKey() and isEmpty()', () => {
    const body = '{"m":{"k1":"v1","k2":"v2"},"l":[10,20]}';
    assert.equal(render("#set($r = $input.path('$'))$r.m.size() $r.m.get('k2') $r.m.keySet() $r.m.containsKey('k1') $r.l.get(1) $r.l.size() $r.l.isEmpty() $r.l.contains(20)", body),
      '2 v2 [k1, k2] true 20 2 false true');
  });

  it('runs #foreach with $foreach.hasNext, $foreach.index and $foreach.count', () => {
    assert.equal(render("#foreach($e in $input.path('$.l'))$foreach.index:$foreach.count:$e#if($foreach.hasNext),#end#end", '{"l":["a","b","c"]}'), '0:1:a,1:2:b,2:3:c');
  });

  it('divides whole numbers as Java does (5 / 2 is 2, -7 % 3 is -1), and leaves a division by zero without a value', () => {
    assert.equal(render('#set($a = 5 / 2)#set($b = -7 % 3)#set($c = 5.0 / 2)$a $b $c'), '2 -1 2.5');
    assert.equal(render('#set($z = 1 / 0)$z'), '$z');
  });

  it('runs #set, #if, #elseif and #else', () => {
    const template = "#set($n = $input.path('$.n'))#if($n > 10)big#elseif($n > 5)medium#{else}small#end";
    assert.equal(render(template, '{"n":12}'), 'big');
    assert.equal(render(template, '{"n":7}'), 'medium');
    assert.equal(render(template, '{"n":1}'), 'small');
  });
});

describe('template failures', () => {
  it('reports a syntax error with its line and column', () => {
    const error = failure('{\n  "a": #if($x\n}');
    assert.equal(error.kind, 'syntax');
    assert.equal(error.code, 'MAPPING_TEMPLATE');
    assert.equal(error.line, 2);
    assert.ok(error.column > 1);
    assert.match(error.format('t.vtl'), /^t\.vtl:2:\d+: syntax error: /);
  });

  it('reports $util.parseJson of text that is not JSON as a runtime error at its reference', () => {
    const error = failure('{\n  "x": $util.parseJson("{oops")\n}');
    assert.equal(error.kind, 'runtime');
    assert.deepEqual([error.line, error.column], [2, 8]);
    assert.match(error.reason, /parseJson/);
    assert.match(error.reason, /not valid JSON/);
  });

  it('stops a template that would loop without end, instead of holding up the simulator', () => {
    assert.match(failure('#foreach($i in [1..100000000])x#end').reason, /range \[1\.\.100000000\] has more than 100,000 items/);
    assert.match(failure('#foreach($i in [1..2000])#foreach($j in [1..2000])#end#end').reason, /more than 1,000,000 blocks/);
  });

  it('refuses an override set twice, which AWS answers with a 5XX', () => {
    const error = failure('#set($context.requestOverride.header.a = "1")\n#set($context.requestOverride.header.a = "2")');
    assert.equal(error.line, 2);
    assert.match(error.reason, /overridden a second time/);
  });
});

describe('$input, $context and $stageVariables', () => {
  it('looks a parameter up in the path, then the query string, then the headers', () => {
    const payload = { pathParameters: { id: 'from-path' }, query: [['id', 'from-query'], ['q', 'query']] as [string, string][], headers: [['id', 'from-header'], ['H', 'header']] as [string, string][] };
    assert.equal(render("$input.params('id') $input.params('q') $input.params('h') [$input.params('none')]", '', payload), 'from-path query header []');
  });

  it('gives $input.body as sent and $input.json as JSON text', () => {
    assert.equal(render("$input.body|$input.json('$.a')|$input.json('$.a[1]')", '{ "a": [1, {"b": "c"}] }'), '{ "a": [1, {"b": "c"}] }|[1,{"b":"c"}]|{"b":"c"}');
  });

  it('reads $context fields and $stageVariables, and collects the overrides a template sets', () => {
    const result = evaluateRequestTemplate('$context.stage $stageVariables.version #set($context.requestOverride.querystring.page = "2")#set($context.requestOverride.path.id = "7")', {
      payload: EMPTY, context: { stage: 'prod' }, stageVariables: { version: 'v2' },
    });
    assert.equal(result.body.trim(), 'prod v2');
    assert.deepEqual(result.overrides, { header: {}, querystring: { page: '2' }, path: { id: '7' } });
  });

  it('collects a response status and header override', () => {
    const result = evaluateResponseTemplate('#set($context.responseOverride.status = 201)#set($context.responseOverride.header.Location = "/x/1")ok', {
      payload: EMPTY, context: {}, stageVariables: {},
    });
    assert.deepEqual(result, { body: 'ok', overrides: { status: 201, header: { Location: '/x/1' } } });
  });

  it('renders a template with only $context, as a gateway response body does', () => {
    assert.equal(renderTemplate('{"message":$context.error.messageString}', { context: { error: { messageString: '"Missing Authentication Token"' } } }), '{"message":"Missing Authentication Token"}');
  });
});
