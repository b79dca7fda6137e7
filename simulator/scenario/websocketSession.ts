import { ParameterError } from '../errors';
import { requestLabel, responseLabel, serializeRequest, serializeResponse, type HeaderList } from '../net/http';
import type { TcpSide, Transport } from '../net/transport';
import { afterClientEcho, afterCloseEcho } from '../net/websocketClientClose';
import { closeAfterCloseFrame } from '../net/websocketServerClose';
import { generateWebSocketKey, upgradeRequest, upgradeResponse, webSocketAccept } from '../net/upgrade';
import { encodeClosePayload, encodeFrame, encodeMessage, frameOpcode, type OpcodeName } from '../net/websocket';
import type { Trace } from '../trace/trace';
import { PARAMETER_RANGES } from '../parameterRanges';
import { inRange, integerInRange, oneOf } from '../validate';
import { recordHttp } from './httpExchange';
import { fillerBody, parseUrl, Topology, type ScenarioOptions } from './topology';

/*
 * A WebSocket session: DNS, TCP, TLS, the HTTP Upgrade and its 101, then messages both
 * ways as frames (client frames masked with seeded keys), pings, and the close handshake
 * (RFC 6455 §7.1.1: after the close frames, the server closes TCP first).
 */

export interface WebSocketMessage {
  from: TcpSide;
  /** Delay after the previous message was sent (or after the 101 for the first), in ms. */
  afterMs?: number;
  kind?: 'text' | 'binary' | 'ping';
  /** The message text, or a size in bytes of deterministic filler. */
  data: string | number;
}

export interface WebSocketSessionScenario extends ScenarioOptions {
  url: string;
  headers?: HeaderList;
  protocols?: readonly string[];
  /** Offer permessage-deflate as `ws` does by default (size of the header only; payloads are not compressed). */
  offerCompression?: boolean;
  messages: readonly WebSocketMessage[];
  /** Largest frame payload before a message is fragmented (e.g. 32768 for API Gateway). */
  frameSize?: number;
  serverProcessingMs?: number;
  /** The close handshake, `afterMs` after the last message has arrived. */
  close?: { from: TcpSide; code?: number; reason?: string; afterMs?: number };
}

export function simulateWebSocketSession(scenario: WebSocketSessionScenario): Trace {
  const url = parseUrl('url', scenario.url, ['ws', 'wss']);
  const frameSize = inRange('frameSize', scenario.frameSize ?? Number.MAX_SAFE_INTEGER, PARAMETER_RANGES.frameSize);
  const processingMs = inRange('serverProcessingMs', scenario.serverProcessingMs ?? 0, PARAMETER_RANGES.processingMs);
  const messages = scenario.messages.map((message, index) => validateMessage(message, index));
  const topology = new Topology('websocket-session', scenario, url, scenario.serverLabel ?? url.host);
  const { simulation, recorder } = topology;
  const random = simulation.random.fork('websocket');
  const key = generateWebSocketKey(random);
  const request = upgradeRequest({
    host: url.authority, target: url.target, key,
    ...(scenario.offerCompression ?? true ? { extensions: 'permessage-deflate; client_max_window_bits' } : {}),
    ...(scenario.protocols ? { protocols: scenario.protocols } : {}),
    ...(scenario.headers ? { headers: scenario.headers } : {}),
  });
  const requestBytes = serializeRequest(request);
  const response = upgradeResponse(key, scenario.protocols?.[0] ? { protocol: scenario.protocols[0] } : {});
  const responseBytes = serializeResponse(response);
  const close = scenario.close ?? { from: 'client' as const, code: 1000 };
  const nextMask = (side: TcpSide): (() => Uint8Array | undefined) => () => (side === 'client' ? random.bytes(4) : undefined);

  // Frames sent but not yet delivered, so the close waits for the last message to land.
  let inFlight = 0;
  let whenDelivered: (() => void) | undefined;
  const sendFrame = (transport: Transport, side: TcpSide, frame: Uint8Array, name: string, detail: Record<string, string | number | boolean>, onDelivered?: () => void): void => {
    inFlight++;
    transport.send(side, frame.length, (delivery) => {
      inFlight--;
      const [from, to] = side === 'client' ? ['client', topology.endpoint.id] : [topology.endpoint.id, 'client'];
      recorder.event({
        time: delivery.sentAt, arrival: delivery.deliveredAt, from, to, layer: 'ws', kind: 'ws.frame', name, bytes: frame.length,
        wireBytes: delivery.wireBytes, connection: transport.connectionId, payload: frame, detail: { opcode: frameOpcode(frame), ...detail, segments: delivery.segments },
      });
      onDelivered?.();
      if (inFlight === 0 && whenDelivered) {
        const next = whenDelivered;
        whenDelivered = undefined;
        next();
      }
    });
  };

  const runMessages = (transport: Transport, index: number): void => {
    if (index >= messages.length) {
      const scheduleClose = (): void => void simulation.schedule(close.afterMs ?? 0, () => closeSession(transport));
      if (inFlight === 0) scheduleClose();
      else whenDelivered = scheduleClose;
      return;
    }
    const message = messages[index];
    simulation.schedule(message.afterMs ?? 0, () => {
      if (message.kind === 'ping') {
        const payload = typeof message.data === 'number' ? fillerBody(message.data) : Buffer.from(message.data, 'utf8');
        const mask = nextMask(message.from)();
        sendFrame(transport, message.from, encodeFrame(payload, { opcode: 'ping', ...(mask ? { mask } : {}) }), 'ping frame', { opcode: 'ping', payloadBytes: payload.length }, () => {
          const other: TcpSide = message.from === 'client' ? 'server' : 'client';
          const pongMask = nextMask(other)();
          sendFrame(transport, other, encodeFrame(payload, { opcode: 'pong', ...(pongMask ? { mask: pongMask } : {}) }), 'pong frame', { opcode: 'pong', payloadBytes: payload.length });
        });
      } else {
        const opcode = message.kind ?? 'text';
        const payload = typeof message.data === 'number' ? fillerBody(message.data) : Uint8Array.from(Buffer.from(message.data, 'utf8'));
        const frames = encodeMessage(opcode, payload, frameSize, nextMask(message.from));
        frames.forEach((frame, frameIndex) => {
          const frameOpcode: OpcodeName = frameIndex === 0 ? opcode : 'continuation';
          const preview: Record<string, string> = typeof message.data === 'string' && frames.length === 1 ? { text: message.data.slice(0, 200) } : {};
          sendFrame(transport, message.from, frame, `${frameOpcode} frame${frames.length > 1 ? ` ${frameIndex + 1}/${frames.length}` : ''}`, {
            opcode: frameOpcode, fin: frameIndex === frames.length - 1, masked: message.from === 'client',
            payloadBytes: Math.min(frameSize, payload.length - frameIndex * frameSize), messageBytes: payload.length, ...preview,
          });
        });
      }
      runMessages(transport, index + 1);
    });
  };

  const closeSession = (transport: Transport): void => {
    const code = close.code ?? 1000;
    const payload = encodeClosePayload(code, close.reason ?? '');
    const initiator = close.from;
    const peer: TcpSide = initiator === 'client' ? 'server' : 'client';
    const initiatorMask = nextMask(initiator)();
    sendFrame(transport, initiator, encodeFrame(payload, { opcode: 'close', ...(initiatorMask ? { mask: initiatorMask } : {}) }), `close frame (${code})`, { opcode: 'close', code, reason: close.reason ?? '' }, () => {
      // The peer echoes the status code (RFC 6455 §5.5.1) and, as `ws` and Chromium do, the reason;
      // the server then closes TCP first (§7.1.1): at once when it is the peer, on the client's echo
      // when it started the close.
      const echo = encodeClosePayload(code, close.reason ?? '');
      const peerMask = nextMask(peer)();
      sendFrame(transport, peer, encodeFrame(echo, { opcode: 'close', ...(peerMask ? { mask: peerMask } : {}) }), `close frame (${code})`, { opcode: 'close', code, reason: close.reason ?? '' }, () => {
        if (initiator === 'server') transport.close('server');
        else afterCloseEcho(transport, scenario.clientProfile);
      });
      if (peer === 'server') closeAfterCloseFrame(transport, simulation, scenario.server?.endAfterCloseFrameMs);
      else afterClientEcho(transport, scenario.clientProfile);
    });
  };

  const upgrade = (transport: Transport): void => {
    transport.send('client', requestBytes.length, (delivery) => {
      recordHttp(topology, 'client', `${requestLabel(request)} (Upgrade: websocket)`, requestBytes, delivery, transport, { method: request.method, target: request.target, upgrade: 'websocket', key });
      simulation.schedule(processingMs, () => {
        transport.send('server', responseBytes.length, (answer) => {
          recordHttp(topology, 'server', responseLabel(response), responseBytes, answer, transport, { status: 101, accept: webSocketAccept(key) });
          recorder.exchange({ kind: 'upgrade', name: 'WebSocket upgrade', start: 0, firstByte: answer.firstByteAt, end: answer.deliveredAt });
          runMessages(transport, 0);
        });
      });
    });
  };

  topology.lookup(scenario.dnsCache ?? 'resolver', () => topology.connect(scenario.tlsResumption ?? 'none', upgrade, 'websocket'));
  topology.run();
  return recorder.finish();
}

function validateMessage(message: WebSocketMessage, index: number): WebSocketMessage {
  oneOf(`messages[${index}].from`, message.from, ['client', 'server'] as const);
  oneOf(`messages[${index}].kind`, message.kind ?? 'text', ['text', 'binary', 'ping'] as const);
  if (message.afterMs !== undefined) inRange(`messages[${index}].afterMs`, message.afterMs, PARAMETER_RANGES.messageDelayMs);
  if (typeof message.data === 'number') integerInRange(`messages[${index}].data`, message.data, 0, 1024 * 1024 * 1024);
  else if (typeof message.data !== 'string') throw new ParameterError(`messages[${index}].data`, message.data, 'a string or a byte count');
  return message;
}
