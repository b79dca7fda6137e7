import type { Delivery, TcpSide } from './tcp';

/**
 * A byte stream between a client and a server that carries messages: plain TCP, or TLS
 * over TCP. HTTP and WebSocket models send through it without knowing which.
 */
export interface Transport {
  readonly connectionId: string;
  /** Sends `length` bytes from `side` as one message; `onDelivered` runs when all have arrived. */
  send(side: TcpSide, length: number, onDelivered: (delivery: Delivery) => void): void;
  close(side: TcpSide, onClosed?: (at: number) => void): void;
}
