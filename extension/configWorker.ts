import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { ConfigError } from '../simulator/errors';
import { readConfigText, readSibling } from '../simulator/config/configFile';
import { MAX_CONFIG_BYTES } from '../simulator/config/tree';
import { mightBeGatewayConfig } from './configHint';
import type { ConfigRead, ReadReply, ReadRequest } from './configReading';
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

/**
 * The document's file as it is on disk (the editor has no unsaved edits): opened without
 * blocking and checked on the handle, so a FIFO or a device is refused rather than waited on.
 */
function fileText(file: string): string {
  const handle = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(handle).isFile()) throw new ConfigError({ file, line: 1, column: 1 }, 'not a regular file: not read');
    // One byte past the cap says the file is over it.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let length = 0;
    for (let read = -1; read !== 0 && length < buffer.length;) length += read = readSync(handle, buffer, length, buffer.length - length, null);
    return buffer.toString('utf8', 0, length);
  } finally {
    closeSync(handle);
  }
}

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
    const siblings = request.readReferencedFiles ? readSibling(dirname(request.file)) : () => undefined;
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
