import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { throwsOn } from './throws';
import { parseCsv } from '../../lib/business/csv';

const cells = (text: string) => parseCsv(text, 'x.csv').map((r) => r.cells);

describe('parseCsv', () => {
  it('splits plain records and ignores one trailing newline', () => {
    assert.deepEqual(cells('a,b\n1,2\n'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
    assert.deepEqual(cells('a,b\r\n1,2'), [
      ['a', 'b'],
      ['1', '2'],
    ]);
  });
  it('keeps empty cells, including a last empty cell', () => {
    assert.deepEqual(cells('a,,c\n1,2,\n'), [
      ['a', '', 'c'],
      ['1', '2', ''],
    ]);
  });
  it('reads quoted cells with commas, doubled quotes and line breaks', () => {
    assert.deepEqual(cells('t,n\n"x, ""y""\nz",3\n""\n'), [['t', 'n'], ['x, "y"\nz', '3'], ['']]);
  });
  it('reports the line each record starts on', () => {
    assert.deepEqual(
      parseCsv('h\n"a\nb"\nc\n', 'x.csv').map((r) => r.line),
      [1, 2, 4],
    );
  });
  it('returns no records for empty text', () => {
    assert.deepEqual(cells(''), []);
  });
  it('rejects malformed quoting, naming the file and line', () => {
    throwsOn('x.csv', () => cells('a\n"open\n'), 'line 2: quoted cell is never closed');
    throwsOn('x.csv', () => cells('a\nb"c\n'), 'line 2: quote inside an unquoted cell');
    throwsOn('x.csv', () => cells('a\n"b"c\n'), 'line 2: unexpected character after a closing quote');
  });
});
