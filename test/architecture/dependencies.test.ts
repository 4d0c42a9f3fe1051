/**
 * The layering rules of docs/ARCHITECTURE.md, checked on the import statements of lib/:
 * models and layers know nothing of experiments or data-set loaders, only notebook/ touches tslab,
 * and no two folders import each other (directly or round a longer loop).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '..', '..');
const LIB = path.join(ROOT, 'lib');

interface Import {
  readonly file: string; // relative to lib/
  readonly spec: string;
  /** The imported file relative to lib/, for relative imports inside lib. */
  readonly target?: string;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' || e.name === 'node_modules' ? [] : sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

function resolveTarget(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate)) return path.relative(LIB, candidate);
  }
  throw new Error(`${path.relative(LIB, fromFile)}: cannot resolve import '${spec}'`);
}

/** Every `import … from`, `export … from`, `import('…')` and `require('…')`, comments stripped. */
export function importsOf(file: string): Import[] {
  const text = fs
    .readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const specs = [
    ...text.matchAll(/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g),
    ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
    ...text.matchAll(/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g),
  ].map((m) => m[1]);
  return specs.map((spec) => ({ file: path.relative(LIB, file), spec, target: resolveTarget(file, spec) }));
}

const folderOf = (rel: string): string => path.dirname(rel).split(path.sep).join('/');
const under = (rel: string, folder: string): boolean => rel === folder || rel.startsWith(`${folder}/`);

const all = sourceFiles(LIB).flatMap(importsOf);

test('models/ and nn/ import nothing from experiments/ or data/datasets/', () => {
  const bad = all.filter(
    (i) =>
      (under(i.file, 'models') || under(i.file, 'nn')) &&
      i.target !== undefined &&
      (under(i.target, 'experiments') || under(i.target, 'data/datasets')),
  );
  assert.deepEqual(
    bad.map((i) => `${i.file} imports ${i.spec}`),
    [],
  );
});

test('only notebook/ imports tslab', () => {
  const bad = all.filter((i) => (i.spec === 'tslab' || i.spec.startsWith('tslab/')) && !under(i.file, 'notebook'));
  assert.deepEqual(
    bad.map((i) => `${i.file} imports ${i.spec}`),
    [],
  );
});

/** The layer table of docs/ARCHITECTURE.md: its ```layers block, `N: folder folder …` per line. */
function layerTable(): Map<string, number> {
  const doc = fs.readFileSync(path.join(ROOT, 'docs', 'ARCHITECTURE.md'), 'utf8');
  const block = /```layers\n([\s\S]*?)```/.exec(doc);
  assert.ok(block, 'docs/ARCHITECTURE.md has no ```layers block');
  const layers = new Map<string, number>();
  for (const line of block[1].trim().split('\n')) {
    const [n, folders] = line.split(':');
    for (const folder of folders.trim().split(/\s+/)) layers.set(folder, Number(n));
  }
  return layers;
}

/** A folder's layer: its own entry, else its nearest listed parent's. */
function layerOf(layers: Map<string, number>, folder: string): number | undefined {
  for (let f = folder; ; f = path.posix.dirname(f)) {
    if (layers.has(f)) return layers.get(f);
    if (f === '.' || !f.includes('/')) return undefined;
  }
}

test('every folder of lib/ is placed in a layer, and imports only its own layer or lower ones', () => {
  const layers = layerTable();
  const folders = [...new Set(all.map((i) => folderOf(i.file)))];
  assert.deepEqual(
    folders.filter((f) => layerOf(layers, f) === undefined),
    [],
    'folders missing from the layer table of docs/ARCHITECTURE.md',
  );
  const upward = all.filter((i) => {
    if (i.target === undefined || path.basename(i.file) === 'index.ts') return false;
    return layerOf(layers, folderOf(i.target))! > layerOf(layers, folderOf(i.file))!;
  });
  assert.deepEqual(
    upward.map((i) => `${i.file} (layer ${layerOf(layers, folderOf(i.file))}) imports ${i.spec}`),
    [],
  );
});

/**
 * Folder graph: an edge A → B when a file directly in folder A imports a file in folder B. Barrels
 * (index.ts) only re-export what lies below them, so their edges are left out; importing a barrel
 * counts as depending on the barrel's own folder.
 */
export function folderCycles(imports: readonly Import[]): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const i of imports) {
    if (i.target === undefined || path.basename(i.file) === 'index.ts') continue;
    const a = folderOf(i.file);
    const b = folderOf(i.target);
    if (a === b) continue;
    if (!edges.has(a)) edges.set(a, new Set());
    edges.get(a)!.add(b);
  }
  // Tarjan's strongly connected components: every component of more than one folder is a cycle.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

test('no import cycles between folders', () => {
  assert.deepEqual(folderCycles(all), []);
});

test('the cycle check finds a planted two-folder cycle', () => {
  const planted: Import[] = [
    { file: 'a/x.ts', spec: '../b/y', target: 'b/y.ts' },
    { file: 'b/y.ts', spec: '../a/x', target: 'a/x.ts' },
    { file: 'a/index.ts', spec: '../c', target: 'c/index.ts' },
    { file: 'c/z.ts', spec: '../a/x', target: 'a/x.ts' },
  ];
  assert.deepEqual(folderCycles(planted), [['a', 'b']]);
});
