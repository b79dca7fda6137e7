import { SimulatorError, type SimulatorErrorCode } from '../../../errors';

/**
 * A header block the decoder cannot read (RFC 7541). Any such fault is a connection error of
 * type COMPRESSION_ERROR (RFC 9113 §4.3): the decoder's table can no longer be trusted.
 */
export class HpackError extends SimulatorError {
  /** The HTTP/2 error code the peer would close the connection with (RFC 9113 §7). */
  readonly errorCode = 'COMPRESSION_ERROR';

  constructor(override readonly code: Extract<SimulatorErrorCode, `HPACK_ERR_${string}`>, message: string, readonly section: string) {
    super(code, `${message} (${section})`);
  }
}
