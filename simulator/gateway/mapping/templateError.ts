import { SimulatorError } from '../../errors';

/**
 * A mapping template API Gateway could not evaluate: a syntax error (the template does not
 * parse as Velocity) or a runtime error (`$util.parseJson` of text that is not JSON, a Java
 * method that throws, an override set twice). At 1-based `line` and `column` in the template,
 * with the reason in words. In the pipeline it becomes the gateway's 500; the CLI prints it as
 * `file:line:column: message`.
 */
export class MappingTemplateError extends SimulatorError {
  constructor(readonly kind: 'syntax' | 'runtime', readonly line: number, readonly column: number, readonly reason: string) {
    super('MAPPING_TEMPLATE', `${kind === 'syntax' ? 'syntax error' : 'error'} in mapping template at line ${line}, column ${column}: ${reason}`);
  }

  /** `file:line:column: message`, as compilers print it and editors link it. */
  format(file: string): string {
    return `${file}:${this.line}:${this.column}: ${this.kind === 'syntax' ? 'syntax error: ' : ''}${this.reason}`;
  }
}
