import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/notebook';

interface Cell { cell_type: string; source: string | string[]; metadata: { tags?: string[] } }
const dir = path.join(ROOT, 'notebooks');
const notebooks = fs.readdirSync(dir).filter((f) => /^\d\d-.*\.ipynb$/.test(f)).sort();
const text = (c: Cell) => (Array.isArray(c.source) ? c.source.join('') : c.source);

for (const file of notebooks) {
  const id = file.replace(/\.ipynb$/, '');
  test(`${id} follows the notebook template`, () => {
    const nb = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { cells: Cell[]; metadata: { kernelspec: { name: string } } };
    assert.equal(nb.metadata.kernelspec.name, 'tslab');
    assert.match(text(nb.cells[0]), new RegExp(`^# ${id.slice(0, 2)} · `), 'first cell is the "# NN · Title" heading');
    const params = nb.cells.filter((c) => c.metadata.tags?.includes('parameters'));
    assert.equal(params.length, 1, 'exactly one parameters cell');
    assert.match(text(params[0]), /^const SEED\b/m, 'the parameters cell declares SEED');
    for (const line of text(params[0]).split('\n').filter((l) => l.trim() && !l.trim().startsWith('//'))) {
      assert.match(line, /^const [A-Z][A-Z0-9_]*(: [^=]+)? = .+;( \/\/.*)?$/, `parameters are ALL_CAPS constants, one per line: ${line}`);
    }
    const code = nb.cells.filter((c) => c.cell_type === 'code');
    assert.match(text(code[code.length - 1]), /recordMetrics\(/, 'the last code cell records metrics');
    assert.ok(fs.existsSync(path.join(ROOT, 'test', 'notebooks', `${id}.test.ts`)), `test/notebooks/${id}.test.ts runs it`);
  });
}
