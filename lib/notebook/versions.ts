import * as path from 'node:path';
import * as fs from 'node:fs';
import { kernelVersions } from './kernel';

function packageVersion(name: string): string {
  try {
    // Resolve the package entry, then walk up to its package.json (some packages do not export it).
    for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      const pkg = path.join(dir, 'package.json');
      if (fs.existsSync(pkg)) {
        const json = JSON.parse(fs.readFileSync(pkg, 'utf8'));
        if (json.name === name) return json.version as string;
      }
    }
  } catch {
    // not installed
  }
  return 'not installed';
}

/** Versions of the runtime and of every package a notebook's results depend on. */
export function versions(): Record<string, string> {
  const out: Record<string, string> = { node: process.version, ...kernelVersions() };
  for (const name of ['pinlab', '@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'danfojs-node', 'graphology', 'plotly.js-dist-min', 'apache-arrow']) {
    out[name] = packageVersion(name);
  }
  return out;
}

/** Prints the versions line every notebook starts with, so a report says what produced it. */
export function printVersions(): void {
  console.log(Object.entries(versions()).map(([k, v]) => `${k} ${v}`).join(' · '));
}
