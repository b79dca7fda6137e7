/*
 * JSONPath as $input.path evaluates it: expected values from Goessner's JSONPath article, the
 * reference the DG gives (its store example, abridged).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateJsonPath } from '../../../../simulator/gateway/mapping/jsonPath';

const STORE = {
  store: {
    book: [
      { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
      { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
      { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
    ],
    bicycle: { color: 'red', price: 19.95 },
  },
};

describe('JSONPath', () => {
  it('follows names and indexes to one value, and gives nothing for a missing step', () => {
    assert.equal(evaluateJsonPath(STORE, '$.store.bicycle.color'), 'red');
    assert.equal(evaluateJsonPath(STORE, "$['store']['book'][0].author"), 'Nigel Rees');
    assert.equal(evaluateJsonPath(STORE, '$.store.book[-1].title'), 'Moby Dick');
    assert.equal(evaluateJsonPath(STORE, '$.store.car'), undefined);
    assert.deepEqual(evaluateJsonPath(STORE, '$'), STORE);
  });

  it('collects lists for wildcards, deep scans, slices and unions', () => {
    assert.deepEqual(evaluateJsonPath(STORE, '$.store.book[*].author'), ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville']);
    assert.deepEqual(evaluateJsonPath(STORE, '$..author'), ['Nigel Rees', 'Evelyn Waugh', 'Herman Melville']);
    assert.deepEqual(evaluateJsonPath(STORE, '$.store..price'), [8.95, 12.99, 8.99, 19.95]);
    assert.deepEqual(evaluateJsonPath(STORE, '$..book[0,1].title'), ['Sayings of the Century', 'Sword of Honour']);
    assert.deepEqual(evaluateJsonPath(STORE, '$..book[:2].price'), [8.95, 12.99]);
  });

  it('says filters are not supported instead of answering wrongly', () => {
    assert.throws(() => evaluateJsonPath(STORE, '$..book[?(@.isbn)]'), /not supported/);
  });
});
