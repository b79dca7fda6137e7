import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { messageText } from '../../../webview/details/messageText';

const hex = (text: string | Uint8Array): string => Buffer.from(text as string).toString('hex');

describe('an HTTP message as text in the details panel', () => {
  it('shows a request with a SOAP body as its lines, CRLF as line ends', () => {
    const message = 'POST /soap/PaymentService HTTP/1.1\r\nContent-Type: text/xml\r\n\r\n<?xml version="1.0"?><pay:TransferFunds/>';
    assert.deepEqual(messageText(hex(message)), { text: 'POST /soap/PaymentService HTTP/1.1\nContent-Type: text/xml\n\n<?xml version="1.0"?><pay:TransferFunds/>', omittedCharacters: 0 });
  });

  it('leaves bytes that are not text to the hex dump: invalid UTF-8, control characters, nothing', () => {
    assert.equal(messageText(hex(Uint8Array.from([0x48, 0x54, 0xff, 0xfe]))), undefined);
    assert.equal(messageText(hex('HTTP/1.1 200 OK\r\n\r\n\u0000\u0001gzip')), undefined);
    assert.equal(messageText(''), undefined);
  });

  it('stops at the limit and says how much it left out', () => {
    assert.deepEqual(messageText(hex('é'.repeat(10)), 4), { text: 'éééé', omittedCharacters: 6 });
  });
});
