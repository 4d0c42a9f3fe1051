// Fuzzes the runner's notebook reader (scripts/notebook_file.py, through `notebooks.py validate`,
// which starts no kernel): every mutation of a small notebook must either read exactly as the
// original, read faithfully as the changed notebook the bytes now describe (an edited constant is
// still a notebook), or be refused with a one-line RunnerInputError naming the file. Never anything else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { ROOT, runRunner } from '../support/notebook';

const ORIGINAL = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'notebooks', '01-ok.ipynb'));
const CASES = 300;

type Mutation = (bytes: Buffer) => Buffer;
const lines = (b: Buffer) => b.toString('latin1').split('\n');
const fromLines = (ls: string[]) => Buffer.from(ls.join('\n'), 'latin1');

const mutation: fc.Arbitrary<[string, Mutation]> = fc.oneof(
  fc.nat().map((i): [string, Mutation] => [
    'delete a line',
    (b) => {
      const ls = lines(b);
      ls.splice(i % ls.length, 1);
      return fromLines(ls);
    },
  ]),
  fc.nat().map((i): [string, Mutation] => [
    'duplicate a line',
    (b) => {
      const ls = lines(b);
      ls.splice(i % ls.length, 0, ls[i % ls.length]);
      return fromLines(ls);
    },
  ]),
  fc.tuple(fc.nat(), fc.nat()).map(([i, j]): [string, Mutation] => [
    'swap two lines',
    (b) => {
      const ls = lines(b);
      [ls[i % ls.length], ls[j % ls.length]] = [ls[j % ls.length], ls[i % ls.length]];
      return fromLines(ls);
    },
  ]),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([i, x]): [string, Mutation] => [
    'flip a byte',
    (b) => {
      const c = Buffer.from(b);
      c[i % c.length] ^= x;
      return c;
    },
  ]),
  fc.nat().map((n): [string, Mutation] => ['truncate', (b) => b.subarray(0, n % b.length)]),
  fc
    .tuple(
      fc.nat(),
      fc.constantFrom('-3', '2.5', '1e999', 'NaN', 'Infinity', '-1', 'x', '"4"', 'null', '[]', '{}', 'true', '0'),
    )
    .map(([i, token]): [string, Mutation] => [
      `replace a number by ${token}`,
      (b) => {
        const text = b.toString('latin1');
        const numbers = [...text.matchAll(/-?\d+(\.\d+)?/g)];
        const m = numbers[i % numbers.length];
        return Buffer.from(text.slice(0, m.index) + token + text.slice(m.index! + m[0].length), 'latin1');
      },
    ]),
  fc.constant<[string, Mutation]>([
    'CRLF line ends',
    (b) => Buffer.from(b.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
  ]),
);

/** What the file itself says, read independently of the runner: cell types and sources. */
function cellsOf(bytes: Buffer): [string, string][] {
  const nb = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  return nb.cells.map((c: { cell_type: string; source: string | string[] }) => [
    c.cell_type,
    [c.source].flat().join(''),
  ]);
}

test(`notebook reader: ${CASES} mutations each read identically, read faithfully, or are refused naming the file`, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinlab-nbfuzz-'));
  const cases = fc.sample(mutation, { numRuns: CASES, seed: 20261201 });
  const files = cases.map(([, mutate], i) => {
    const file = path.join(dir, `case-${String(i).padStart(3, '0')}.ipynb`);
    fs.writeFileSync(file, mutate(ORIGINAL));
    return file;
  });
  const original = path.join(dir, 'original.ipynb');
  fs.writeFileSync(original, ORIGINAL);
  const call = runRunner(['validate', original, ...files]);
  assert.equal(call.exitCode, 0, call.output);
  const answers = call.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.equal(answers.length, files.length + 1);
  const base = answers[0];
  assert.equal(base.ok, true, base.error);
  const counts = { identical: 0, faithfulChange: 0, typedError: 0 };
  const problems: string[] = [];
  answers.slice(1).forEach((a, i) => {
    const what = `${path.basename(a.file)} (${cases[i][0]})`;
    if (a.ok) {
      const same =
        JSON.stringify([a.params, a.ranges, a.cells]) === JSON.stringify([base.params, base.ranges, base.cells]);
      if (same) counts.identical++;
      else if (JSON.stringify(a.cells) === JSON.stringify(cellsOf(fs.readFileSync(a.file)))) counts.faithfulChange++;
      else problems.push(`${what}: read differently from what the file says`);
    } else if (a.type === 'RunnerInputError' && a.error.startsWith(`${a.file}: `) && !a.error.includes('\n')) {
      counts.typedError++;
    } else {
      problems.push(`${what}: ${a.type}: ${a.error}`);
    }
  });
  console.log(
    `notebook reader fuzz: ${CASES} cases: ${counts.identical} read identically to the original, ${counts.faithfulChange} faithful reads of ` +
      `a changed notebook, ${counts.typedError} typed errors, ${problems.length} other`,
  );
  assert.deepEqual(problems, []);
  assert.ok(counts.typedError > CASES / 3, 'most mutations break the notebook and are refused');
  assert.ok(counts.identical > 0, 'harmless mutations (CRLF) read identically');
});
