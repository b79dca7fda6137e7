import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { internetChecksum } from '../../../simulator/export/checksum';

describe('internetChecksum', () => {
  it('gives the checksum of the worked example in RFC 1071 §3', () => {
    // 00 01 f2 03 f4 f5 f6 f7: the ones' complement sum is 0xddf2, the checksum its complement.
    assert.equal(internetChecksum([Buffer.from('0001f203f4f5f6f7', 'hex')]), 0xffff - 0xddf2);
  });

  it('gives the header checksum of a captured IPv4 header, and zero when that checksum is included', () => {
    const header = Buffer.from('450000730000400040110000c0a80001c0a800c7', 'hex');
    assert.equal(internetChecksum([header]), 0xb861);
    header.writeUInt16BE(0xb861, 10);
    assert.equal(internetChecksum([header]), 0);
  });

  it('sums odd-length parts as one byte stream, padding only the very end', () => {
    const whole = Buffer.from('0102030405060708090a0b', 'hex');
    assert.equal(internetChecksum([whole.subarray(0, 3), whole.subarray(3, 4), whole.subarray(4)]), internetChecksum([whole]));
  });
});
