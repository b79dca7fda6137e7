/* A large value sent between threads in pieces, and rebuilt as it was. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readConfigText } from '../../simulator/config/configFile';
import { PieceAssembler, splitForTransfer, type Piece } from '../../extension/piecewiseTransfer';
import { generatedOpenApi } from '../helpers/generatedOpenApi';

function longestArray(value: unknown): number {
  if (Array.isArray(value)) return Math.max(value.length, ...value.map(longestArray));
  if (value !== null && typeof value === 'object') return Math.max(0, ...Object.values(value).map(longestArray));
  return 0;
}

function assemble(pieces: readonly Piece[]): unknown {
  const assembler = new PieceAssembler();
  for (const piece of structuredClone(pieces)) assembler.add(piece);
  return assembler.value;
}

describe('piecewise transfer', () => {
  it('rebuilds a large config\'s read result exactly, from pieces that each hold at most the slice size of any array', () => {
    const result = readConfigText(generatedOpenApi(400_000).text, '/configs/large.yaml');
    assert.ok(result.model.apis[0].routes.length > 1000, 'routes enough to be sliced');
    const before = structuredClone(result);
    const pieces = splitForTransfer(result, 100);
    assert.ok(pieces.length > 10);
    for (const piece of pieces) assert.ok(longestArray(piece.kind === 'skeleton' ? piece.value : piece.items) <= 100);
    assert.deepEqual(assemble(pieces), result);
    assert.deepEqual(result, before, 'the value sent is left as it was');
  });

  it('sends a small value as its skeleton alone, and keeps nulls, empty arrays and nested short arrays', () => {
    const value = { a: [1, [2, 3], { b: null }], c: [], d: 'text', e: [[...'abcdef']] };
    const pieces = splitForTransfer(value, 5);
    assert.deepEqual(pieces.map((piece) => piece.kind), ['skeleton', 'items', 'items']);
    assert.deepEqual(assemble(pieces), value);
    assert.deepEqual(splitForTransfer({ x: [1, 2] }, 5), [{ kind: 'skeleton', value: { x: [1, 2] } }]);
  });

  it('refuses items before their skeleton', () => {
    assert.throws(() => new PieceAssembler().add({ kind: 'items', path: ['x'], items: [1] }), /before the skeleton/);
  });
});
