import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findById } from '../../../simulator/config/idIndex';
import { countedReads } from '../../helpers/countedReads';

describe('finding an element by its id', () => {
  it('finds the first of a duplicated id, as a scan does, elements appended after a lookup, and nothing for no id', () => {
    const list = [{ id: 'a', n: 1 }, { id: 'b', n: 2 }, { id: 'a', n: 3 }];
    assert.equal(findById(list, 'a')?.n, 1);
    assert.equal(findById(list, 'c'), undefined);
    list.push({ id: 'c', n: 4 });
    assert.equal(findById(list, 'c')?.n, 4);
    assert.equal(findById(list, undefined), undefined);
    list.length = 1;
    assert.equal(findById(list, 'c'), undefined);
    assert.equal(findById(list, 'a')?.n, 1);
  });

  it('reads each element once for 5,000 lookups while the list grows (a scan per lookup read 12.5 million)', () => {
    const counted = countedReads<{ id: string }>([]);
    for (let index = 0; index < 5000; index++) {
      counted.list.push({ id: `i${index}` });
      assert.equal(findById(counted.list, `i${index >> 1}`)?.id, `i${index >> 1}`);
    }
    assert.ok(counted.reads() <= 2 * 5000, `${counted.reads()} elements read`);
  });
});
