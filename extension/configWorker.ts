import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { ConfigError } from '../simulator/errors';
import { readConfigText, readSibling } from '../simulator/config/configFile';
import { MAX_CONFIG_BYTES } from '../simulator/config/tree';
import { readRegularFile, refused } from '../simulator/config/confinedFile';
import type { ReaderContext } from '../simulator/config/formatReader';
import { mightBeGatewayConfig } from './configHint';
import { RESTRICTED_READ_REASON, type ConfigRead, type ReadReply, type ReadRequest } from './configReading';
import { splitForTransfer } from './piecewiseTransfer';
import { routeOrder } from './routeIndex';

/*
 * The worker thread that reads configs for the editor, so that a huge or hostile file costs
 * this thread's time, never the extension host's: the host (configReader.ts) bounds it with
 * a time and a memory limit and replaces it when one is exceeded. One request at a time.
 */

function reply(message: ReadReply): void {
  parentPort!.postMessage(message);
}

/** The document's file as it is on disk (the editor has no unsaved edits), read as a config's references are: confined.ts says how. */
function fileText(file: string): string {
  const read = readRegularFile(file);
  if (read.kind === 'read') return read.text;
  throw new ConfigError({ file, line: 1, column: 1 }, read.code === 'TOO_LARGE' ? `this config is ${read.reason}` : `this file is ${read.reason}`, read.code === 'TOO_LARGE' ? 'CONFIG_TOO_LARGE' : 'INVALID_CONFIG');
}

/** In Restricted Mode every reference is refused, with the reason in the reader's finding. */
const restricted: ReaderContext['readSibling'] = () => refused('UNREADABLE', RESTRICTED_READ_REASON);

function read(request: ReadRequest): void {
  reply({ id: request.id, kind: 'started' });
  try {
    const text = request.text ?? fileText(request.file);
    if (!mightBeGatewayConfig(text)) {
      reply({ id: request.id, kind: 'notConfig' });
      return;
    }
    if (Buffer.byteLength(text) > MAX_CONFIG_BYTES) {
      throw new ConfigError({ file: request.file, line: 1, column: 1 }, `this config is over ${MAX_CONFIG_BYTES / 1048576} MB, the most the simulator reads`, 'CONFIG_TOO_LARGE');
    }
    const siblings = request.readReferencedFiles ? readSibling(dirname(request.file), request.root) : restricted;
    const result = readConfigText(text, request.file, siblings);
    const read: ConfigRead = { result, routeOrder: routeOrder(result.model, request.file) };
    for (const piece of splitForTransfer(read)) reply({ id: request.id, kind: 'piece', piece });
    reply({ id: request.id, kind: 'done' });
  } catch (error) {
    if (error instanceof ConfigError) {
      reply({ id: request.id, kind: 'failed', error: { location: error.location, message: error.message, code: error.code } });
    } else {
      const caught = error instanceof Error ? error : new Error(String(error));
      reply({ id: request.id, kind: 'internal', message: caught.message, stack: caught.stack });
    }
  }
}

parentPort?.on('message', (request: ReadRequest) => read(request));
