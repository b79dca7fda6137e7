/** The two ends of a connection: the one that opened it, and the one that accepted it. */
export type TcpSide = 'client' | 'server';

/** How a message (a run of stream bytes) crossed the connection. */
export interface Delivery {
  /** When its first byte left the sender. */
  sentAt: number;
  /** When its first byte reached the receiving application (in order). */
  firstByteAt: number;
  /** When its last byte reached the receiving application. */
  deliveredAt: number;
  /** Stream bytes (TCP payload) the message occupied. */
  streamBytes: number;
  /** Stream bytes plus the TCP/IP headers attributed to it. */
  wireBytes: number;
  segments: number;
}

/**
 * A byte stream between a client and a server that carries messages: plain TCP, or TLS
 * over TCP. HTTP and WebSocket models send through it without knowing which.
 */
export interface Transport {
  readonly connectionId: string;
  /** Sends `length` bytes from `side` as one message; `onDelivered` runs when all have arrived. */
  send(side: TcpSide, length: number, onDelivered: (delivery: Delivery) => void): void;
  /** Ends `side`'s write of this instant: what it sent so far leaves now; what it sends next at this instant is a write of its own. */
  flush(side: TcpSide): void;
  close(side: TcpSide, onClosed?: (at: number) => void): void;
  /** Ends `side`'s writing and reads on (Node's end(): over TLS, close_notify first), whatever the client profile's own close. */
  end(side: TcpSide, onClosed?: (at: number) => void): void;
  /**
   * Runs `callback` when the server has read the client's last handshake flight (TLS) and answered
   * it, before what it wrote then leaves, with the instant of the read that took that flight in
   * (what else was read in it: the Delivery.deliveredAt of the same instant); absent for plain TCP.
   */
  whenServerReady?(callback: (finishedReadAt: number) => void): void;
}
