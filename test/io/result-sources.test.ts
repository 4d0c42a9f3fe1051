import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CACHED_IN_THIS_CHECKOUT, localSource, sourcedRows, TRAINED_IN_THIS_RUN } from '../../lib/io/result-sources';

type R = { name: string; v: number };
const row = (r: R | undefined, source: string, key: string, run: readonly R[]) =>
  `${key}:${r?.v ?? '—'}:${source}:${run.map((x) => x.name).join('+')}`;

describe('result sources', () => {
  it('labels a local result by whether this run trained it', () => {
    const label = localSource(new Set(['mf']));
    assert.equal(label('mf'), TRAINED_IN_THIS_RUN);
    assert.equal(label('gfcf'), CACHED_IN_THIS_CHECKOUT);
    assert.equal(TRAINED_IN_THIS_RUN, 'trained in this run');
    assert.equal(CACHED_IN_THIS_CHECKOUT, 'cached in this checkout');
  });

  it('puts each recorded row under the local row of its key, in order of first appearance, with a placeholder for the rest', () => {
    const local = [
      { name: 'b', v: 1 },
      { name: 'a', v: 2 },
    ];
    const recorded = {
      label: 'recorded at abc1234, 2026-12-01',
      results: [
        { name: 'a', v: 3 },
        { name: 'c', v: 4 },
      ],
    };
    const rows = sourcedRows(local, recorded, (r) => r.name, row, {
      source: (r) => localSource(new Set(['b']))(r.name),
      extraKeys: ['d', 'a'],
    });
    assert.deepEqual(rows, [
      'b:1:trained in this run:b+a',
      'a:2:cached in this checkout:b+a',
      'a:3:recorded at abc1234, 2026-12-01:a+c',
      'c:4:recorded at abc1234, 2026-12-01:a+c',
      'd:—:—:',
    ]);
  });

  it('labels a recorded row by its own run when it has one', () => {
    const recorded = {
      label: 'recorded at abc1234, 2026-12-01',
      results: [
        { name: 'a', v: 3 },
        { name: 'b', v: 4 },
      ],
    };
    const rows = sourcedRows([], recorded, (r) => r.name, row, {
      recordedSource: (r) => (r.name === 'b' ? 'recorded at def5678, 2026-12-02' : undefined),
    });
    assert.deepEqual(rows, ['a:3:recorded at abc1234, 2026-12-01:a+b', 'b:4:recorded at def5678, 2026-12-02:a+b']);
  });

  it('without a recorded run or a source function, labels local rows "this checkout"', () => {
    assert.deepEqual(
      sourcedRows([{ name: 'a', v: 1 }], undefined, (r) => r.name, row),
      ['a:1:this checkout:a'],
    );
    assert.deepEqual(
      sourcedRows([], undefined, (r: R) => r.name, row),
      [],
    );
  });
});
