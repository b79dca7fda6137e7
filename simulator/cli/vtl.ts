import { readRegularFile } from '../config/confinedFile';
import { parseJsonTree, plain } from '../config/tree';
import { SimulatorError } from '../errors';
import { parseHttpRequestFile, parseHttpResponseFile } from '../gateway/mapping/httpMessageFile';
import { MappingTemplateError } from '../gateway/mapping/templateError';
import { formatTrial, trialSettings, tryTemplate } from '../gateway/mapping/tryTemplate';
import { MAX_PAYLOAD_BYTES } from '../gateway/quotas';
import { UsageError } from './numericOptions';

/**
 * `apigw-sim vtl <template.vtl> --request <request.http> [--context <context.json>] [--response <response.http>]`:
 * a mapping template evaluated as API Gateway would, outside the cloud. Prints the rendered
 * text; the overrides the template sets (`$context.requestOverride` / `responseOverride`) follow
 * it as `## ` lines, so the output stays one stream.
 */

/** API Gateway's payload limit (10 MB) bounds the request and response files; templates are bounded the same way. */
const MAX_FILE_BYTES = MAX_PAYLOAD_BYTES;

function readText(path: string, flag: string, read: string[]): string {
  const file = readRegularFile(path, MAX_FILE_BYTES);
  if (file.kind === 'refused') throw new SimulatorError('INPUT_UNREADABLE', `${flag}: ${path}: ${file.reason}`);
  read.push(path);
  return file.text;
}

export interface VtlOptions {
  request?: string;
  context?: string;
  response?: string;
}

/** Runs the command; a template error is thrown as a TemplateFileError, which the CLI prints as `file:line:column: message` (exit status 2). */
export function vtlCommand(templatePath: string | undefined, options: VtlOptions, read: string[]): string {
  if (!templatePath) throw new UsageError('vtl: missing <template.vtl>');
  if (!options.request) throw new UsageError('vtl: --request <request.http> is required (the method request the template reads)');
  const template = readText(templatePath, 'vtl', read);
  const request = parseHttpRequestFile(readText(options.request, '--request', read), options.request);
  const settings = options.context ? trialSettings(plain(parseJsonTree(readText(options.context, '--context', read), options.context)), options.context) : { context: {}, stageVariables: {}, pathParameters: {} };
  const response = options.response ? parseHttpResponseFile(readText(options.response, '--response', read), options.response) : undefined;
  try {
    return formatTrial(tryTemplate(template, request, settings, response));
  } catch (error) {
    if (error instanceof MappingTemplateError) throw new TemplateFileError(error, templatePath);
    throw error;
  }
}

/** A template error tied to its file, for the CLI's `file:line:column: message`. */
export class TemplateFileError extends SimulatorError {
  constructor(readonly error: MappingTemplateError, readonly file: string) {
    super(error.code, error.message);
  }

  format(): string {
    return this.error.format(this.file);
  }
}
