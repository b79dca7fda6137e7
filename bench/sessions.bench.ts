/**
 * How long the simulator takes (wall clock) to simulate one cold HTTPS request and one
 * 100-message WebSocket session, each the median of repeated runs after a warm-up.
 */
import { simulateHttpExchange } from '../simulator/scenario/httpExchange';
import { simulateWebSocketSession, type WebSocketMessage } from '../simulator/scenario/websocketSession';

function median(run: () => unknown, repetitions: number): number {
  for (let i = 0; i < 20; i++) run();
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const start = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const messages: WebSocketMessage[] = Array.from({ length: 100 }, (_, index) => ({
  from: index % 2 === 0 ? 'client' : 'server',
  afterMs: 50,
  data: `{"orderId":"o-${1000 + index}","status":"${['packed', 'shipped', 'delivered'][index % 3]}"}`,
}));

const cold = median(() => simulateHttpExchange({ url: 'https://api.example.com/products/123', dnsCache: 'miss' }), 200);
const session = median(() => simulateWebSocketSession({ url: 'wss://ws.example.com/production', messages }), 100);
console.log(`cold HTTPS request: ${cold.toFixed(3)} ms per simulation`);
console.log(`WebSocket session (100 messages): ${session.toFixed(3)} ms per simulation`);
