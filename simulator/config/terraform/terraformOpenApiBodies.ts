import { ConfigError } from '../../errors';
import type { Api, SourceLocation } from '../../model/gateway';
import { lambdaFunctionName } from '../aws/arns';
import { Findings } from '../findings';
import { openApiToApi } from '../openapi/openApiDocument';
import { parseConfigTree, type PNode } from '../tree';
import { attributeOf, type HclAttribute, type HclBlock, type HclExpression, parseHclExpression, referenceSteps, sourceText, staticString } from './hcl';
import { containsUnknown, valueTree } from './hclExpressions';
import { isUrl, LAMBDA_TYPES, type TerraformReader } from './terraformReader';

/*
 * An API's OpenAPI `body`: jsonencode/yamlencode of HCL (read with its positions), a
 * templatefile or file next to the configuration, or a literal, handed to the OpenAPI reader;
 * the placeholders it leaves that name a function, a VPC link or a URL of the module resolved.
 */

/**
 * The API an OpenAPI `body` describes: `jsonencode({...})` / `yamlencode` (read from the HCL,
 * with its positions), `templatefile("openapi.yaml.tpl", {...})` and `file(...)` (read from
 * the file next to the configuration; template placeholders stay symbolic), or a literal.
 */
export function importBody(reader: TerraformReader, block: HclBlock, body: HclAttribute, apiType: 'REST' | 'HTTP', identity: { id: string; name: string; region: string }): Api | undefined {
  const what = reader.address(block);
  const expression = reader.followLocal(body.value);
  let document: PNode | undefined;
  let context = reader.context;
  let placeholders = new Map<string, HclExpression>();
  if (expression.kind === 'call' && (expression.name === 'jsonencode' || expression.name === 'yamlencode') && expression.args.length === 1) {
    document = toTree(reader, expression.args[0], new Set());
  } else if (expression.kind === 'call' && (expression.name === 'templatefile' || expression.name === 'file') && expression.args.length >= 1) {
    const pathArgument = expression.args[0];
    const path = reader.evaluate(pathArgument);
    if (typeof path !== 'string') {
      reader.findings.info('UNRESOLVED_REFERENCE', `${what}: the body's file ${reader.source(pathArgument)} is not known from the configuration alone; routes from it are not read`, pathArgument.location);
      return undefined;
    }
    const sibling = reader.context.readSibling(path.replace(/^(\.\/)+/, ''));
    if (sibling.kind === 'refused' && sibling.code === 'NOT_FOUND') {
      reader.findings.error('MISSING_FILE', `${what}: the body's file ${path} does not exist next to the configuration`, pathArgument.location);
      return undefined;
    }
    if (sibling.kind === 'refused') {
      reader.findings.warning('FILE_NOT_READ', `${what}: the body's file ${path}: ${sibling.reason}; routes from it are not read`, pathArgument.location);
      return undefined;
    }
    try {
      document = parseConfigTree(sibling.text, sibling.file);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      reader.findings.error('CONFIG_SYNTAX', `${what}: the OpenAPI body ${path} cannot be read: ${error.message}`, { file: error.location.file, line: error.location.line, column: error.location.column });
      return undefined;
    }
    context = { ...reader.context, file: sibling.file };
    const variables = expression.args[1] ? reader.followLocal(expression.args[1]) : undefined;
    if (variables?.kind === 'object') placeholders = new Map(variables.items.filter((item) => item.name !== undefined).map((item) => [item.name!, item.value]));
  } else if (expression.kind === 'template' && staticString(expression) !== undefined) {
    document = literalDocument(reader, expression, body, what);
  } else {
    reader.findings.info('UNSUPPORTED_FEATURE', `${what}: body = ${reader.source(body.value).slice(0, 80)} is not jsonencode(...), templatefile(...), file(...) or a literal; routes from it are not read`, body.location);
    return undefined;
  }
  if (!document) return undefined;
  // The definition's findings wait until its placeholders are resolved: those resolved here are not reported.
  const pending = new Findings();
  const { api, vpcLinks } = openApiToApi(document, { ...context, findings: pending }, { id: identity.id, name: identity.name, region: identity.region, apiType, location: block.location });
  const resolved = resolvePlaceholders(reader, api, placeholders);
  for (const finding of pending.list) {
    if (finding.code === 'UNRESOLVED_PLACEHOLDER' && [...resolved].some((name) => finding.message.includes(`\${${name}}`))) continue;
    reader.findings.add(finding.severity, finding.code, finding.message, finding.location);
  }
  // An imported definition declares no stages: the configuration's stage resources do.
  api.stages = [];
  // VPC links the definition names that are not resources of reader configuration stay as the definition gave them.
  for (const link of vpcLinks) {
    const used = api.integrations.some((integration) => integration.vpcLinkId === link.id);
    if (used && ![...reader.vpcLinks.values()].some((existing) => existing.id === link.id)) reader.vpcLinks.set(`openapi:${link.id}`, link);
  }
  return api;
}

/** A JSON or YAML body written as a string in the configuration (heredocs keep their lines). */
function literalDocument(reader: TerraformReader, expression: Extract<HclExpression, { kind: 'template' }>, body: HclAttribute, what: string): PNode | undefined {
  const text = staticString(expression)!;
  try {
    const tree = parseConfigTree(text, body.location.file);
    // A plain heredoc starts on the line after its marker, columns unchanged; other strings point at the attribute.
    const lineOffset = expression.heredoc && !expression.heredoc.indented ? expression.location.line : undefined;
    return relocate(tree, (location) => lineOffset !== undefined
      ? { ...location, line: location.line + lineOffset, ...(location.endLine !== undefined ? { endLine: location.endLine + lineOffset } : {}) }
      : { ...expression.location });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    reader.findings.error('CONFIG_SYNTAX', `${what}: the OpenAPI body cannot be read: ${error.message}`, body.location);
    return undefined;
  }
}

/** An HCL value as a positioned tree, for OpenAPI bodies written as HCL objects. Unknown values become `${...}` placeholders. */
function toTree(reader: TerraformReader, expression: HclExpression, following: Set<string>): PNode {
  const location = expression.location;
  switch (expression.kind) {
    case 'object':
      return {
        kind: 'map', location,
        entries: expression.items.map((item) => {
          const key = item.name ?? reader.evaluate(item.key);
          return { key: typeof key === 'string' ? key : reader.source(item.key), keyLocation: { file: item.key.location.file, line: item.key.location.line, column: item.key.location.column }, value: toTree(reader, item.value, following) };
        }),
      };
    case 'tuple':
      return { kind: 'seq', location, items: expression.items.map((item) => toTree(reader, item, following)) };
    case 'parens':
      return toTree(reader, expression.expression, following);
    case 'variable':
    case 'traversal': {
      // Follow var/local to the expression they stand for, so its structure and positions are kept.
      const reference = referenceSteps(expression);
      if (reference && reference.steps.length === 1 && (reference.root === 'local' || reference.root === 'var')) {
        const key = `${reference.root}.${reference.steps[0].name}`;
        const target = reference.root === 'local' ? reader.locals.get(reference.steps[0].name)?.value : attributeOf(reader.variables.get(reference.steps[0].name)?.body, 'default')?.value;
        if (target && !following.has(key)) {
          following.add(key);
          const tree = toTree(reader, target, following);
          following.delete(key);
          return tree;
        }
      }
      break;
    }
    default:
      break;
  }
  const value = reader.evaluate(expression);
  if (containsUnknown(value)) {
    // What cannot be known stays a ${...} placeholder, as a rendered template would show it.
    const text = expression.kind === 'template'
      ? expression.parts.map((part) => (part.kind === 'text' ? part.value : sourceText(reader.texts.get(expression.location.file) ?? '', part))).join('')
      : `\${${reader.source(expression)}}`;
    return { kind: 'scalar', location, value: text };
  }
  return valueTree(value, location);
}

/**
 * Placeholders of an imported body (`${get_product_arn}` of a templatefile, or the
 * `${aws_lambda_function.f.invoke_arn}` a jsonencode body holds for a reference) that name
 * a Lambda function, a VPC link or a URL of reader configuration are resolved here; the
 * OpenAPI reader has left them as written.
 */
function resolvePlaceholders(reader: TerraformReader, api: Api, placeholders: Map<string, HclExpression>): Set<string> {
  const resolved = new Set<string>();
  const nameOf = (text: string): string => /^\$\{\s*([^}]*?)\s*\}$/.exec(text)?.[1] ?? text;
  const expressionFor = (text: string | undefined): HclExpression | undefined => {
    if (text === undefined) return undefined;
    const name = nameOf(text);
    if (placeholders.has(name)) return placeholders.get(name);
    if (!/^[A-Za-z_][\w-]*(\.[\w-]+|\[[^\]]*\])+$/.test(name)) return undefined;
    try {
      return parseHclExpression(name, reader.context.file);
    } catch (error) {
      if (error instanceof ConfigError) return undefined;
      throw error;
    }
  };
  const lambda = (text: string | undefined, what: string): string | undefined => {
    const expression = expressionFor(text);
    if (!expression) return undefined;
    if (reader.refs(expression).some((ref) => LAMBDA_TYPES.includes(ref.type) || ref.type === 'module')) return reader.functionName(expression, what);
    const value = reader.evaluate(expression);
    return typeof value === 'string' ? lambdaFunctionName(value) ?? (value.includes(':') ? undefined : value) : undefined;
  };
  for (const integration of api.integrations) {
    const what = `${api.name} integration ${integration.id}`;
    if (integration.functionName) {
      const name = lambda(integration.functionName, what);
      if (name) {
        resolved.add(nameOf(integration.functionName));
        integration.functionName = name;
      }
    }
    if (integration.uri?.includes('${')) {
      const names: string[] = [];
      const uri = integration.uri.replace(/\$\{\s*([^}]*?)\s*\}/g, (placeholder: string, inner: string) => {
        const value = reader.evaluate(expressionFor(inner));
        if (typeof value !== 'string') return placeholder;
        names.push(inner);
        return value;
      });
      if (isUrl(uri)) {
        integration.uri = uri;
        for (const name of names) resolved.add(name);
      }
    }
    if (integration.vpcLinkId) {
      const ref = reader.link(expressionFor(integration.vpcLinkId), ['aws_api_gateway_vpc_link', 'aws_apigatewayv2_vpc_link']);
      const link = ref?.block ? reader.vpcLinks.get(reader.address(ref.block)) : undefined;
      if (link) {
        resolved.add(nameOf(integration.vpcLinkId));
        integration.vpcLinkId = link.id;
      }
    }
  }
  for (const authorizer of api.authorizers) {
    if (!authorizer.functionName) continue;
    const name = lambda(authorizer.functionName, `${api.name} authorizer ${authorizer.name}`);
    if (name) {
      resolved.add(nameOf(authorizer.functionName));
      authorizer.functionName = name;
    }
  }
  return resolved;
}

/** A tree with every location moved (embedded documents). Iterative: the tree can be as deep as the parser allows. */
function relocate(tree: PNode, move: (location: SourceLocation) => SourceLocation): PNode {
  const stack: PNode[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    node.location = move(node.location);
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        entry.keyLocation = move(entry.keyLocation);
        stack.push(entry.value);
      }
    } else if (node.kind === 'seq') {
      stack.push(...node.items);
    }
  }
  return tree;
}
