import type { SourceLocation } from '../model/gateway';

/**
 * Something a reader noticed about a config that the simulation cannot show on its own: a
 * reference that leads nowhere, a feature the API type lacks, a route with no integration.
 * Findings become editor diagnostics; the model is still built from what could be read.
 */
export type FindingSeverity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: FindingSeverity;
  /** Stable, machine-readable: `DANGLING_REFERENCE`, `UNSUPPORTED_FEATURE`, `MISSING_CONNECT_ROUTE`, ... */
  code: string;
  message: string;
  location: SourceLocation;
}

export class Findings {
  readonly list: Finding[] = [];

  add(severity: FindingSeverity, code: string, message: string, location: SourceLocation): void {
    this.list.push({ severity, code, message, location });
  }

  error(code: string, message: string, location: SourceLocation): void {
    this.add('error', code, message, location);
  }

  warning(code: string, message: string, location: SourceLocation): void {
    this.add('warning', code, message, location);
  }

  info(code: string, message: string, location: SourceLocation): void {
    this.add('info', code, message, location);
  }
}

/**
 * Findings reported once per place and message, however often the value behind them is read
 * again (an intrinsic or an HCL reference resolved from several places), into `findings`.
 */
export class FindingsOnce extends Findings {
  private readonly seen = new Set<string>();

  constructor(private readonly into: Findings) {
    super();
  }

  override add(severity: FindingSeverity, code: string, message: string, location: SourceLocation): void {
    const key = `${severity}|${code}|${location.file}:${location.line}:${location.column}|${message}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.into.add(severity, code, message, location);
  }
}
