import type { ConfigReadResult } from '../simulator/config/configFile';
import type { ErrorLocation, SimulatorErrorCode } from '../simulator/errors';
import type { Piece } from './piecewiseTransfer';
import type { RoutePosition } from './routeIndex';

/*
 * The messages between the extension host and the worker thread that reads configs
 * (configWorker.ts). Plain data only: what crosses threads is structured-cloned.
 */

/** Why a file a config references was not read in Restricted Mode: it ends the reader's finding, "<file>: <reason>". */
export const RESTRICTED_READ_REASON = 'not read in Restricted Mode; trust this workspace to read the files a config references';

export interface ReadRequest {
  id: number;
  /**
   * The document's text when it has unsaved edits; otherwise undefined, and the worker reads
   * the file itself, so that a clean 10 MB document is neither copied out of the editor's
   * lines nor sent across threads on the extension host's time.
   */
  text: string | undefined;
  /** The document's path: locations name it, and files it references are resolved from its folder. */
  file: string;
  /** The folder referenced files must lie in (the workspace folder, or the document's own). */
  root: string;
  /** False in Restricted Mode: the open document alone is read, never a file next to it (each reference gets RESTRICTED_READ_REASON). */
  readReferencedFiles: boolean;
}

/** A config error as data: rebuilt as a ConfigError on the host. */
export interface ReadFailure {
  location: ErrorLocation;
  message: string;
  code: SimulatorErrorCode;
}

export type ReadReply =
  /** The worker has begun the read: the time limit counts from here, not from the thread's start-up. */
  | { id: number; kind: 'started' }
  /** One piece of the ConfigRead (piecewiseTransfer.ts); `done` follows the last. */
  | { id: number; kind: 'piece'; piece: Piece }
  | { id: number; kind: 'done' }
  /** The config cannot be read: its error, at its line. */
  | { id: number; kind: 'failed'; error: ReadFailure }
  /** The text mentions nothing a gateway config would (configHint.ts): not read further. */
  | { id: number; kind: 'notConfig' }
  /** Not a ConfigError: a reader bug, reported as one. */
  | { id: number; kind: 'internal'; message: string; stack?: string };

/** What the worker sends back for a config it read: the result, and its routes in file order (routeIndex.ts). */
export interface ConfigRead {
  result: ConfigReadResult;
  routeOrder: RoutePosition[];
}

export type ReadOutcome =
  | { kind: 'read'; read: ConfigRead }
  | { kind: 'notConfig' }
  | { kind: 'failed'; error: ReadFailure }
  | { kind: 'internal'; message: string; stack?: string };
