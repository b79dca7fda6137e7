import type { Random } from '../../simulator/engine/random';
import { pick } from './choices';

/*
 * Strings a config should never be able to break a reader with: control characters, terminal
 * escapes, lone surrogates and right-to-left marks, the syntax of every format's references,
 * numbers at the edge of what parses, and very long text.
 */

const FIXED = [
  '', ' ', '\u0000', '\u0000\u0001\u0002\u007f', '\u001b]52;c;aGVsbG8=\u0007', '\u001b[2J', '\u202e', '\ud800', '\udfff\ud800', '\ufeff', '\u2028\u2029',
  '\r', '\r\n', '\t', '\\', '"', "'", '`', '#', '&a', '*a', '<<', '!Ref', '%', '%ZZ', '~0~1', '{}', '[]', '{', ']',
  '${', '${}', '${self:', '${self:custom.a}', '${self:}', '${opt:stage', '${file(../../../etc/passwd)}', '${AWS::Region}', '${stageVariables.x}', '$${x}', '${Foo.Arn}', '${a.b.c.d}',
  '../../../../etc/passwd', '/dev/zero', 'C:\\con', '#/components/..', '#/', '#', '#/paths/~1a', 'integrations/', 'integrations/${x}',
  'arn:aws:lambda:us-east-1:123456789012:function:', 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions//invocations', 'arn:', 'arn:aws:::::::::::',
  'https://', 'http://[::1', 'https://example.com:99999/x', 'https://\u0000', 'wss://',
  '-1', '0', '-0', '1e309', '-1e309', 'NaN', 'Infinity', '0x1F', '9007199254740993', '9'.repeat(400), '1.5', 'true', 'null', '~', 'yes',
  'GET', 'GET /', 'GET  /a', 'ANY /{proxy+}', 'GET /{a}/{a}', 'GET /{proxy+}/x', '$default', '$connect', '$disconnect', '//', '/*', '*', '/{', '/}', '/{}',
  'REST', 'HTTP', 'WEBSOCKET', 'AWS_PROXY', 'HTTP_PROXY', 'MOCK', 'VPC_LINK', 'JWT', 'CUSTOM', 'COGNITO_USER_POOLS', 'AWS_IAM', 'PRIVATE', 'EDGE',
  '𝕏😀', 'ǅ', 'İ', 'ß', '\u0301', 'ﬀ', 'a\u0000b',
];

/** One hostile string; now and then a very long one (up to a megabyte). */
export function hostileString(random: Random): string {
  switch (random.int(0, 9)) {
    case 0: return pick(random, ['a', 'é', '𝕏', '\u0000', '{', '${', '/', ' ']).repeat(random.int(1, 1 << random.int(4, 20)));
    case 1: return pick(random, FIXED) + pick(random, FIXED);
    default: return pick(random, FIXED);
  }
}

/** A hostile string that stays inside a quoted scalar or HCL string when spliced into text. */
export function quotedHostileString(random: Random): string {
  return JSON.stringify(hostileString(random));
}
