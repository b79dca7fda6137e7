/**
 * `ws` exports its frame parser and builder (Receiver, Sender) without types.
 * These are the parts of them the tests use, to check our frames against the real thing.
 */
export interface WsReceiver {
  write(chunk: Buffer, callback: () => void): boolean;
  on(event: 'message', listener: (data: Buffer | Buffer[], isBinary: boolean) => void): this;
  on(event: 'conclude', listener: (code: number, reason: Buffer) => void): this;
  on(event: 'ping' | 'pong', listener: (data: Buffer) => void): this;
  on(event: 'error', listener: (error: Error & { code?: string }) => void): this;
}

export interface WsFrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  maskBuffer?: Buffer;
  generateMask?: (mask: Buffer) => void;
  readOnly: boolean;
  rsv1: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ws = require('ws') as {
  Receiver: new (options: { isServer?: boolean; maxPayload?: number; binaryType?: string }) => WsReceiver;
  Sender: { frame(data: Buffer, options: WsFrameOptions): Buffer[] };
};
export const Receiver = ws.Receiver;
export const Sender = ws.Sender;

export interface ReceivedMessage {
  kind: 'message' | 'close' | 'ping' | 'pong' | 'error';
  data?: Buffer;
  isBinary?: boolean;
  code?: number;
  reason?: string;
  errorCode?: string;
}

/** Feeds `chunks` to a real `ws` receiver and collects what it reports. */
export function receiveWithWs(chunks: readonly Uint8Array[], options: { isServer: boolean; maxPayload?: number }): Promise<ReceivedMessage[]> {
  return new Promise((resolve) => {
    const receiver = new Receiver({ isServer: options.isServer, maxPayload: options.maxPayload ?? 0, binaryType: 'nodebuffer' });
    const received: ReceivedMessage[] = [];
    receiver.on('message', (data, isBinary) => received.push({ kind: 'message', data: Buffer.isBuffer(data) ? data : Buffer.concat(data), isBinary }));
    receiver.on('conclude', (code, reason) => received.push({ kind: 'close', code, reason: reason.toString() }));
    receiver.on('ping', (data) => received.push({ kind: 'ping', data }));
    receiver.on('pong', (data) => received.push({ kind: 'pong', data }));
    receiver.on('error', (error) => {
      received.push({ kind: 'error', ...(error.code ? { errorCode: error.code } : {}) });
      resolve(received);
    });
    let index = 0;
    const writeNext = (): void => {
      if (index >= chunks.length) {
        setImmediate(() => resolve(received));
        return;
      }
      receiver.write(Buffer.from(chunks[index++]), () => writeNext());
    };
    writeNext();
  });
}
