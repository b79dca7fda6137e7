import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { hexDump, hexDumpText, hexToBytes } from '../../webview/hexDump';
import { orderStatusTrace, productTrace } from './traces';

/** `hexdump -C -v` (util-linux / BSD), the referee for the dump's format, when the machine has it. */
function referee(bytes: Buffer): string | undefined {
  try {
    return execFileSync('hexdump', ['-C', '-v'], { input: bytes }).toString('latin1');
  } catch {
    return undefined;
  }
}

const HAS_HEXDUMP = referee(Buffer.from('x')) !== undefined;

describe('hex dump', () => {
  it('prints what hexdump -C prints, line for line, for real message bytes', { skip: HAS_HEXDUMP ? false : 'no hexdump on this machine' }, () => {
    const payloads = [...productTrace().events, ...orderStatusTrace().events].flatMap((event) => (event.payloadHex ? [event.payloadHex] : []));
    assert.ok(payloads.length > 10);
    for (const payloadHex of payloads) {
      const expected = referee(Buffer.from(payloadHex, 'hex'))?.split('\n') ?? [];
      // hexdump ends with the total length on a line of its own.
      assert.deepEqual(hexDumpText(payloadHex).split('\n'), expected.slice(0, -2), payloadHex.slice(0, 40));
    }
  });

  it('shows printable ASCII and a dot for everything else', () => {
    const dump = hexDump('00416d7e7f20ff0a', 4096);
    assert.deepEqual(dump.lines, [{ offset: '00000000', hex: `00 41 6d 7e 7f 20 ff 0a${' '.repeat(25)}`, ascii: '.Am~. ..' }]);
    assert.equal(dump.totalBytes, 8);
  });

  it('stops at the byte limit and says how many bytes it left out', () => {
    const dump = hexDump('ab'.repeat(100), 40);
    assert.equal(dump.lines.length, 3);
    assert.equal(dump.lines[2].offset, '00000020');
    assert.equal(dump.lines[2].ascii.length, 8);
    assert.deepEqual([dump.totalBytes, dump.omittedBytes], [100, 60]);
  });

  it('lays out eight bytes a line for a narrow panel', () => {
    const dump = hexDump('474554202f20485454502f312e310d0a', 4096, 8);
    assert.deepEqual(dump.lines.map((line) => [line.offset, line.hex, line.ascii]), [
      ['00000000', '47 45 54 20 2f 20 48 54', 'GET / HT'],
      ['00000008', '54 50 2f 31 2e 31 0d 0a', 'TP/1.1..'],
    ]);
  });

  it('reads no bytes from text that is not hex', () => {
    assert.equal(hexToBytes('abc').length, 0);
    assert.equal(hexToBytes('zz').length, 0);
    assert.deepEqual([...hexToBytes('00ff10')], [0, 255, 16]);
  });
});
