import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HpackDecoder, type HeaderField } from '../../../../simulator/net/http2/hpack/decoder';
import { cookieCrumbs, HpackEncoder, type IndexingMode } from '../../../../simulator/net/http2/hpack/encoder';
import { HpackError } from '../../../../simulator/net/http2/hpack/hpackError';
import { decodeHuffman, huffmanLength, writeHuffman } from '../../../../simulator/net/http2/hpack/huffman';
import { readInteger, writeInteger } from '../../../../simulator/net/http2/hpack/integer';

/*
 * Every expected byte here is printed in RFC 7541 Appendix C; the tables after each block are
 * the RFC's "Dynamic Table (after decoding)".
 */

function hex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));
}

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

const everyLiteralIndexed = (): IndexingMode => 'incremental';

const REQUESTS: HeaderField[][] = [
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']],
  [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']],
  [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']],
];
const REQUEST_TABLES: [string, string][][] = [
  [[':authority', 'www.example.com']],
  [['cache-control', 'no-cache'], [':authority', 'www.example.com']],
  [['custom-key', 'custom-value'], ['cache-control', 'no-cache'], [':authority', 'www.example.com']],
];
const RESPONSES: HeaderField[][] = [
  [[':status', '302'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['location', 'https://www.example.com']],
  [[':status', '307'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['location', 'https://www.example.com']],
  [[':status', '200'], ['cache-control', 'private'], ['date', 'Mon, 21 Oct 2013 20:13:22 GMT'], ['location', 'https://www.example.com'], ['content-encoding', 'gzip'], ['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1']],
];
const RESPONSE_TABLES: [string, string][][] = [
  [['location', 'https://www.example.com'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['cache-control', 'private'], [':status', '302']],
  [[':status', '307'], ['location', 'https://www.example.com'], ['date', 'Mon, 21 Oct 2013 20:13:21 GMT'], ['cache-control', 'private']],
  [['set-cookie', 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1'], ['content-encoding', 'gzip'], ['date', 'Mon, 21 Oct 2013 20:13:22 GMT']],
];
const RESPONSE_TABLE_SIZES = [222, 222, 215];

const EXAMPLES: { section: string; lists: HeaderField[][]; tables: [string, string][][]; sizes?: number[]; huffman: 'always' | 'never'; tableSize: number; blocks: string[] }[] = [
  {
    section: 'C.3', lists: REQUESTS, tables: REQUEST_TABLES, huffman: 'never', tableSize: 4096,
    blocks: ['8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d', '8286 84be 5808 6e6f 2d63 6163 6865', '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65'],
  },
  {
    section: 'C.4', lists: REQUESTS, tables: REQUEST_TABLES, huffman: 'always', tableSize: 4096,
    blocks: ['8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff', '8286 84be 5886 a8eb 1064 9cbf', '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf'],
  },
  {
    section: 'C.5', lists: RESPONSES, tables: RESPONSE_TABLES, sizes: RESPONSE_TABLE_SIZES, huffman: 'never', tableSize: 256,
    blocks: [
      '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
      '4803 3330 37c1 c0bf',
      '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
    ],
  },
  {
    section: 'C.6', lists: RESPONSES, tables: RESPONSE_TABLES, sizes: RESPONSE_TABLE_SIZES, huffman: 'always', tableSize: 256,
    blocks: [
      '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
      '4883 640e ffc1 c0bf',
      '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
    ],
  },
];

describe('HPACK (RFC 7541)', () => {
  it('codes the integers of RFC 7541 C.1: 10 and 1337 with a 5-bit prefix, 42 on a whole byte', () => {
    const out: number[] = [];
    writeInteger(out, 10, 5, 0);
    writeInteger(out, 1337, 5, 0);
    writeInteger(out, 42, 8, 0);
    assert.equal(toHex(Uint8Array.from(out)), '0a1f9a0a2a');
    const bytes = Uint8Array.from(out);
    assert.deepEqual([readInteger(bytes, 0, 5), readInteger(bytes, 1, 5), readInteger(bytes, 4, 8)], [{ value: 10, next: 1 }, { value: 1337, next: 4 }, { value: 42, next: 5 }]);
  });

  it('decodes the single representations of RFC 7541 C.2 and keeps the table the RFC shows', () => {
    const decoder = new HpackDecoder();
    assert.deepEqual(decoder.decode(hex('400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572')), [['custom-key', 'custom-header']]);
    assert.deepEqual([decoder.table.list(), decoder.table.size], [[['custom-key', 'custom-header']], 55]);
    const plain = new HpackDecoder();
    assert.deepEqual(plain.decode(hex('040c 2f73 616d 706c 652f 7061 7468')), [[':path', '/sample/path']]);
    assert.deepEqual(plain.decode(hex('1008 7061 7373 776f 7264 0673 6563 7265 74')), [['password', 'secret']]);
    assert.deepEqual(plain.decode(hex('82')), [[':method', 'GET']]);
    assert.equal(plain.table.length, 0);
  });

  it('encodes the single representations of RFC 7541 C.2 with the indexing each example names', () => {
    const encode = (mode: IndexingMode, field: HeaderField): string => toHex(new HpackEncoder({ style: 'nghttp2', huffman: 'never', indexing: () => mode }).encode([field]));
    assert.equal(encode('incremental', ['custom-key', 'custom-header']), '400a637573746f6d2d6b65790d637573746f6d2d686561646572');
    assert.equal(encode('without', [':path', '/sample/path']), '040c2f73616d706c652f70617468');
    assert.equal(encode('never', ['password', 'secret']), '100870617373776f726406736563726574');
    assert.equal(encode('incremental', [':method', 'GET']), '82');
  });

  for (const example of EXAMPLES) {
    it(`encodes the three header lists of RFC 7541 ${example.section} byte for byte on one connection`, () => {
      const encoder = new HpackEncoder({ style: 'nghttp2', huffman: example.huffman, indexing: everyLiteralIndexed, maxTableSize: example.tableSize, agreedTableSize: example.tableSize });
      example.lists.forEach((list, i) => {
        assert.equal(toHex(encoder.encode(list)), toHex(hex(example.blocks[i])), `${example.section}.${i + 1}`);
        assert.deepEqual(encoder.table.list(), example.tables[i]);
      });
    });

    it(`decodes the three blocks of RFC 7541 ${example.section} to the RFC's header lists and tables`, () => {
      const decoder = new HpackDecoder(example.tableSize);
      example.blocks.forEach((block, i) => {
        assert.deepEqual(decoder.decode(hex(block)), example.lists[i]);
        assert.deepEqual(decoder.table.list(), example.tables[i]);
        if (example.sizes) assert.equal(decoder.table.size, example.sizes[i]);
      });
    });
  }

  it('fails the RFC check when the model is changed: indexing nothing breaks C.3.2, and no Huffman breaks C.4', () => {
    const unindexed = new HpackEncoder({ style: 'nghttp2', huffman: 'never', indexing: () => 'without' });
    unindexed.encode(REQUESTS[0]);
    assert.notEqual(toHex(unindexed.encode(REQUESTS[1])), toHex(hex(EXAMPLES[0].blocks[1])));
    const plain = new HpackEncoder({ style: 'nghttp2', huffman: 'never', indexing: everyLiteralIndexed });
    assert.notEqual(toHex(plain.encode(REQUESTS[0])), toHex(hex(EXAMPLES[1].blocks[0])));
  });

  it('sends :status 307 as a plain literal under the only-when-shorter rule of nghttp2 and Chromium, where C.6.2 Huffman-codes it at equal length', () => {
    const encoder = new HpackEncoder({ style: 'nghttp2', indexing: everyLiteralIndexed, maxTableSize: 256, agreedTableSize: 256 });
    encoder.encode(RESPONSES[0]);
    assert.equal(toHex(encoder.encode(RESPONSES[1])).slice(0, 10), '4803333037');
  });

  it('Huffman-codes www.example.com into the 12 bytes of RFC 7541 C.4.1 and back', () => {
    const out: number[] = [];
    writeHuffman(out, 'www.example.com');
    assert.equal(toHex(Uint8Array.from(out)), 'f1e3c2e5f23a6ba0ab90f4ff');
    assert.equal(huffmanLength('www.example.com'), 12);
    assert.equal(decodeHuffman(Uint8Array.from(out), 0, out.length), 'www.example.com');
  });

  it('round-trips every octet through the Huffman code', () => {
    const text = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const out: number[] = [];
    writeHuffman(out, text);
    assert.equal(out.length, huffmanLength(text));
    assert.equal(decodeHuffman(Uint8Array.from(out), 0, out.length), text);
  });

  it('crumbles a cookie as Chromium does, one space after each semicolon dropped', () => {
    assert.deepEqual(cookieCrumbs(' a=1; b=2;c=3 '), ['a=1', 'b=2', 'c=3']);
  });

  describe('decoder errors', () => {
    const cases: [string, string, string][] = [
      ['an index of 0', '80', 'HPACK_ERR_INDEX'],
      ['an index past the tables', 'be', 'HPACK_ERR_INDEX'],
      ['a block that ends inside an integer', '7f', 'HPACK_ERR_TRUNCATED'],
      ['a string that runs past the block', '4005 6162', 'HPACK_ERR_TRUNCATED'],
      ['an integer beyond 2^32 - 1', 'ff ffffffff7f', 'HPACK_ERR_INTEGER_OVERFLOW'],
      ['Huffman padding that is not all ones', '0481 00', 'HPACK_ERR_HUFFMAN'],
      ['Huffman padding longer than 7 bits', '0482 ffff', 'HPACK_ERR_HUFFMAN'],
      ['a size update after a field', '82 20', 'HPACK_ERR_TABLE_SIZE_UPDATE'],
      ['a size update above SETTINGS_HEADER_TABLE_SIZE', '3fe21f', 'HPACK_ERR_TABLE_SIZE_UPDATE'],
    ];
    for (const [what, block, code] of cases) {
      it(`rejects ${what} with ${code}, a COMPRESSION_ERROR`, () => {
        assert.throws(() => new HpackDecoder().decode(hex(block)), (error: unknown) => error instanceof HpackError && error.code === code && error.errorCode === 'COMPRESSION_ERROR');
      });
    }
  });
});
