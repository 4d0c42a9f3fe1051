// Bad input to the notebook runner is refused before any kernel starts, in one line, and a refused
// or unreadable notebook is recorded FAILED: no report or index entry is left saying "ok".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT, runRunner, tempFolders, type RunRecord } from '../support/notebook';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'notebooks');

function run(args: string[]) {
  const { out, runs } = tempFolders('input');
  const call = runRunner(['run', ...args, '--dir', FIXTURES, '--out', out, '--runs', runs]);
  const records: RunRecord[] = fs.existsSync(runs)
    ? fs.readdirSync(runs).map((d) => JSON.parse(fs.readFileSync(path.join(runs, d, 'run.json'), 'utf8')))
    : [];
  return { ...call, out, runs, records };
}

/** Exit 2, one line on stderr (no traceback) matching `message`, and no kernel started. */
function expectRefused(call: ReturnType<typeof run>, message: RegExp): void {
  assert.equal(call.exitCode, 2, call.output);
  const lines = call.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${call.stderr}`);
  assert.match(lines[0], /^notebooks\.py: error: /);
  assert.match(lines[0], message);
  assert.doesNotMatch(call.output, /Traceback|executing/);
}

test('malformed --params is a one-line error, not a traceback', () => {
  expectRefused(run(['01', '--params', '{STEPS: 3']), /--params: not a JSON object/);
  expectRefused(run(['01', '--params', '[1, 2]']), /--params: must be a JSON object, got list/);
  expectRefused(run(['01', '--params', '{"STEPS": NaN}']), /--params: not a JSON object/);
});

test('an unknown notebook is named, with the ones that exist', () => {
  expectRefused(run(['99']), /notebook '99': no such notebook \(have: 01-ok, /);
});

test('an unknown parameter is refused, recorded as a FAILED run, and leaves the default report alone', () => {
  const call = run(['01', '--set', 'NOPE=1']);
  expectRefused(call, /01-ok: parameter NOPE: not declared in the parameters cell \(declared: SEED, STEPS, LABEL\)/);
  assert.equal(call.records.length, 1);
  const [r] = call.records;
  assert.equal(r.status, 'failed');
  assert.match(r.error, /parameter NOPE/);
  assert.deepEqual(r.changed, { NOPE: '1' }, 'the refused request is recorded as asked');
  assert.deepEqual(r.cell_seconds, [], 'no cell ran');
  assert.ok(fs.existsSync(path.join(call.runs, r.dir, '01-ok.html')), 'the refused run has a FAILED report');
  assert.ok(!fs.existsSync(path.join(call.out, '01-ok.html')), 'the default-parameter report is not replaced');
});

test("values are checked against their default's type", () => {
  expectRefused(run(['01', '--set', 'STEPS=abc']), /--set STEPS: 'abc' is not a number/);
  expectRefused(
    run(['01', '--params', '{"STEPS": "10"}']),
    /parameter STEPS: must be a number like its default 50, got string "10"/,
  );
  expectRefused(
    run(['01', '--params', '{"LABEL": 3}']),
    /parameter LABEL: must be a string like its default "default", got number 3/,
  );
  expectRefused(run(['01', '--set', 'SEED=1e400']), /parameter SEED: must be finite/);
  expectRefused(run(['01', '--sweep', 'STEPS=3,x']), /--sweep STEPS: 'x' is not a number/);
  expectRefused(run(['01', '--sweep', 'STEPS=3,,4']), /--sweep STEPS: empty value/);
});

test("a notebook's declared ranges are enforced before a kernel starts (STEPS: a positive integer)", () => {
  expectRefused(run(['01', '--set', 'STEPS=-3']), /parameter STEPS: must be >= 1, got -3 \(range declared/);
  expectRefused(run(['01', '--set', 'STEPS=2.5']), /parameter STEPS: must be an integer, got 2\.5/);
  expectRefused(run(['01', '--sweep', 'STEPS=3,0']), /parameter STEPS: must be >= 1, got 0/);
});

test('a sweep over several notebooks is refused', () => {
  expectRefused(run(['01', '02', '--sweep', 'SEED=1,2']), /--sweep: sweeps one notebook at a time, 2 selected/);
});

for (const [id, reason] of [
  [
    '04-not-json',
    /04-not-json\.ipynb: not valid JSON: Expecting property name enclosed in double quotes at line 4 column 2/,
  ],
  ['05-no-parameters', /05-no-parameters\.ipynb: expected exactly one code cell tagged 'parameters', found 0/],
] as const) {
  test(`${id}: a notebook that cannot be read replaces a previous "ok" report and index entry with FAILED`, () => {
    const { out, runs } = tempFolders('stale');
    // A previous run left this notebook "ok".
    fs.mkdirSync(out, { recursive: true });
    const file = path.relative(ROOT, path.join(FIXTURES, `${id}.ipynb`));
    fs.writeFileSync(
      path.join(out, 'results.json'),
      JSON.stringify({ [id]: { id, file, status: 'ok', error: '', metrics: {} } }),
    );
    fs.writeFileSync(path.join(out, `${id}.html`), '<div class="pinlab-banner" data-status="ok"></div>');
    const call = runRunner(['run', id, '--dir', FIXTURES, '--out', out, '--runs', runs]);
    assert.equal(call.exitCode, 1, call.output);
    assert.match(call.stderr, reason);
    assert.doesNotMatch(call.output, /Traceback|executing/);
    const entry = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'))[id];
    assert.equal(entry.status, 'failed');
    assert.match(entry.error, reason);
    const page = fs.readFileSync(path.join(out, `${id}.html`), 'utf8');
    assert.ok(page.includes('data-status="failed"') && !page.includes('data-status="ok"'), 'the report says FAILED');
    assert.ok(page.includes('failed before its first cell'));
  });
}

test('a kernel that will not start fails the run with the reason', () => {
  const { out, runs } = tempFolders('nokernel');
  // Without the project-local kernel folder there is no tslab kernel.
  const env = {
    ...process.env,
    JUPYTER_PATH: path.join(out, 'no-kernels'),
    JUPYTER_DATA_DIR: path.join(out, 'no-data'),
  };
  const call = runRunner(['run', '01', '--dir', FIXTURES, '--out', out, '--runs', runs], env);
  assert.equal(call.exitCode, 1, call.output);
  assert.match(call.stderr, /01-ok\.ipynb kernel: NoSuchKernel: No such kernel named tslab/);
  const entry = JSON.parse(fs.readFileSync(path.join(out, 'results.json'), 'utf8'))['01-ok'];
  assert.equal(entry.status, 'failed');
  assert.ok(fs.readFileSync(path.join(out, '01-ok.html'), 'utf8').includes('data-status="failed"'));
});

test("every committed notebook reads, and notebook 01's SWEEP_STEPS must be a positive integer", () => {
  const files = fs
    .readdirSync(path.join(ROOT, 'notebooks'))
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f))
    .map((f) => `notebooks/${f}`);
  const answers = runRunner(['validate', ...files])
    .stdout.trim()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.deepEqual(
    answers.map((a) => [a.file, a.ok ?? a.error]),
    files.map((f) => [f, true]),
  );
  for (const [value, reason] of [
    ['-3', /must be >= 1, got -3/],
    ['2.5', /must be an integer, got 2\.5/],
  ] as const) {
    const { out, runs } = tempFolders('sweepsteps');
    const call = runRunner(['run', '01', '--set', `SWEEP_STEPS=${value}`, '--out', out, '--runs', runs]);
    assert.equal(call.exitCode, 2, call.output);
    assert.match(call.stderr, reason);
  }
});
