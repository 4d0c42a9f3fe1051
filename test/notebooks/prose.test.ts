import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALLOWED_EVERYWHERE, ALLOWED_NUMBERS } from './prose-allow-list';

const NOTEBOOKS = path.resolve(__dirname, '..', '..', 'notebooks');

/**
 * The prose of a markdown cell with what cannot state a result of pinlab's own removed: LaTeX
 * (formulas and their symbols), code spans, HTML tags, link targets, heading and list numbering.
 * Escaped dollars and `<span>&#36;</span>` (currency) are kept as text.
 */
export function proseOf(markdown: string): string {
  return markdown
    .replace(/<span>&#36;<\/span>|&#36;|\\\$/g, 'USD ')
    .replace(/\$\$[\s\S]*?\$\$/g, ' ')
    .replace(/\$[^$]*\$/g, ' ')
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/`[^`]*`/g, ' ')
    .replace(/<\/?[a-zA-Z][^>]*>/g, ' ')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/^#+\s+\d+[a-z]?(\s*·|\.)/gm, '')
    .replace(/^\s*\d+\.\s/gm, '')
    .replace(/[ \t\r\n]+/g, ' ');
}

/** Numbers left in `prose` once the allowed phrases are removed. */
export function unexplainedNumbers(prose: string, allowed: readonly string[]): string[] {
  let text = prose;
  for (const p of ALLOWED_EVERYWHERE) text = text.replace(p.pattern, ' ');
  // Longest phrases first, so a phrase inside a longer allowed one does not split it.
  for (const phrase of [...allowed].sort((a, b) => b.length - a.length)) text = text.split(phrase).join(' ');
  return text.match(/\d+(?:[.,  ]\d+)*/g) ?? [];
}

test('prose checker: removes formulas, code and numbering, and flags a typed-in result', () => {
  const md = '## 3. Results\n\nThe GAT reaches test AUC 0.887 ($\\alpha = 0.2$, `EPOCHS = 400`), seed 001 reported 0.6428; costs \\$10.';
  assert.deepEqual(unexplainedNumbers(proseOf(md), ['test AUC 0.6428', 'reported 0.6428', 'USD 10']), ['0.887']);
  assert.deepEqual(unexplainedNumbers(proseOf('1. first\n2. second'), []), []);
});

test('every number in the notebooks\' markdown is produced by a cell or is an allowed published or parameter-derived figure', () => {
  const problems: string[] = [];
  const unused = new Set(Object.entries(ALLOWED_NUMBERS).flatMap(([id, list]) => list.map((a) => `${id}: ${a.phrase}`)));
  for (const file of fs.readdirSync(NOTEBOOKS).filter((f) => f.endsWith('.ipynb')).sort()) {
    const id = file.replace(/\.ipynb$/, '');
    const allowed = ALLOWED_NUMBERS[id] ?? [];
    const nb = JSON.parse(fs.readFileSync(path.join(NOTEBOOKS, file), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
    nb.cells.forEach((cell, i) => {
      if (cell.cell_type !== 'markdown') return;
      const prose = proseOf(Array.isArray(cell.source) ? cell.source.join('') : cell.source);
      for (const a of allowed) if (prose.includes(a.phrase)) unused.delete(`${id}: ${a.phrase}`);
      const numbers = unexplainedNumbers(prose, allowed.map((a) => a.phrase));
      if (numbers.length) problems.push(`${id} cell ${i}: ${numbers.map((n) => `"${n}"`).join(', ')}`);
    });
  }
  assert.deepEqual(problems, [], 'numbers about pinlab\'s own results must come from a cell (claim`…${x}` or markdown(`…${x}`)); ' +
    'published or parameter-derived figures go in test/notebooks/prose-allow-list.ts with their source');
  assert.deepEqual([...unused], [], 'allow-list entries that no longer match any markdown cell');
});
