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
