import * as path from 'node:path';
import * as fs from 'node:fs';
import { threadCount } from '../parallel/threads';
import { emitter, inKernel, kernelVersions } from './kernel';

/** The MIME type under which a notebook reports its environment; the runner puts it in run.json's `env`. */
export const ENV_MIME = 'application/vnd.pinlab.env.v1';

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
  for (const name of [
    'pinlab',
    '@tensorflow/tfjs',
    '@tensorflow/tfjs-backend-wasm',
    'danfojs-node',
    'graphology',
    'plotly.js-dist-min',
    'apache-arrow',
  ]) {
    out[name] = packageVersion(name);
  }
  return out;
}

/**
 * Reports part of the run's environment to the runner (run.json `env`): a machine-readable output
 * with no visible form. Outside a kernel it does nothing.
 */
export function recordEnv(env: {
  node?: string;
  packages?: Record<string, string>;
  tf_backend?: string;
  threads?: number;
}): void {
  if (inKernel()) emitter().show(ENV_MIME, JSON.stringify(env), '');
}

/** Prints the versions line every notebook starts with, so a report says what produced it. */
export function printVersions(): void {
  const all = versions();
  console.log(
    Object.entries(all)
      .map(([k, v]) => `${k} ${v}`)
      .join(' · '),
  );
  const { node, ...packages } = all;
  recordEnv({ node, packages, threads: threadCount() });
}
