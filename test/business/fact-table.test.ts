import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { throwsOn } from './throws';
import { parseFactTable, type RowRule } from '../../lib/business/fact-table';

const SCHEMA = {
  name: { type: 'text' },
  kind: { type: 'text', oneOf: ['a', 'b'] },
  count: { type: 'number', integer: true, min: 0 },
  share: { type: 'number', optional: true },
} as const;

const HEADER = 'name,kind,count,share,source';
const parse = (body: string, rules: RowRule<typeof SCHEMA>[] = []) =>
  parseFactTable(`${HEADER}\n${body}`, 't.csv', SCHEMA, rules);

describe('parseFactTable', () => {
  it('types every column and reads empty optional cells as null', () => {
    const rows = parse('"x, y",a,3,0.25,seeds/001\nz,b,0,,seeds/002; seeds/000\n');
    assert.deepEqual(rows, [
      { name: 'x, y', kind: 'a', count: 3, share: 0.25, source: 'seeds/001' },
      { name: 'z', kind: 'b', count: 0, share: null, source: 'seeds/002; seeds/000' },
    ]);
  });
  it('accepts columns in any order and numbers in exponent form', () => {
    const rows = parseFactTable('source,share,count,kind,name\nseeds/003,1e-3,12,b,q\n', 't.csv', SCHEMA);
    assert.deepEqual(rows, [{ source: 'seeds/003', share: 0.001, count: 12, kind: 'b', name: 'q' }]);
  });
  it('rejects a missing, unexpected or repeated column by name', () => {
    throwsOn(
      't.csv:share',
      () => parseFactTable('name,kind,count,source\nx,a,1,seeds/001', 't.csv', SCHEMA),
      'missing',
    );
    throwsOn('t.csv:source', () => parseFactTable('name,kind,count,share\nx,a,1,2', 't.csv', SCHEMA), 'missing');
    throwsOn(
      't.csv:extra',
      () => parseFactTable(`${HEADER},extra\nx,a,1,2,seeds/001,9`, 't.csv', SCHEMA),
      'unexpected',
    );
    throwsOn('t.csv:name', () => parseFactTable(`${HEADER},name\nx,a,1,2,seeds/001,y`, 't.csv', SCHEMA), 'twice');
  });
  it('rejects an empty table or one without rows', () => {
    throwsOn('t.csv', () => parseFactTable('', 't.csv', SCHEMA), 'empty');
    throwsOn('t.csv', () => parseFactTable(`${HEADER}\n`, 't.csv', SCHEMA), 'no rows');
  });
  it('rejects a row with the wrong number of cells, naming its line', () => {
    throwsOn('t.csv', () => parse('x,a,1,2,seeds/001\nx,a,1,seeds/001\n'), 'line 3: has 4 cells');
  });
  it('rejects bad cells naming file, column and line', () => {
    throwsOn('t.csv:name', () => parse(',a,1,,seeds/001'), 'line 2: is required but empty');
    throwsOn('t.csv:kind', () => parse('x,c,1,,seeds/001'), "must be one of a | b, got 'c'");
    throwsOn(
      't.csv:count',
      () => parse('x,a,1,,seeds/001\nx,a,12abc,,seeds/001'),
      "line 3: must be a number, got '12abc'",
    );
    throwsOn('t.csv:count', () => parse('x,a,1.5,,seeds/001'), 'must be an integer');
    throwsOn('t.csv:count', () => parse('x,a,-1,,seeds/001'), 'must be >= 0');
    throwsOn('t.csv:share', () => parse('x,a,1,NaN,seeds/001'), 'must be a number');
    throwsOn('t.csv:share', () => parse('x,a,1,1e999,seeds/001'), 'must be a number');
  });
  it('requires every row to cite seed documents', () => {
    throwsOn('t.csv:source', () => parse('x,a,1,,'), "must cite seeds/NNN[; seeds/NNN], got ''");
    throwsOn('t.csv:source', () => parse('x,a,1,,wikipedia'), "got 'wikipedia'");
    throwsOn('t.csv:source', () => parse('x,a,1,,seeds/1'), 'must cite');
  });
  it('applies row rules and reports the broken column and line', () => {
    const shareNeedsB: RowRule<typeof SCHEMA> = (r) =>
      r.share !== null && r.kind !== 'b' ? { column: 'share', reason: 'only kind b has a share' } : null;
    assert.equal(parse('x,b,1,0.5,seeds/001', [shareNeedsB]).length, 1);
    throwsOn(
      't.csv:share',
      () => parse('x,b,1,0.5,seeds/001\ny,a,1,0.5,seeds/001', [shareNeedsB]),
      'line 3: only kind b has a share',
    );
  });
});
