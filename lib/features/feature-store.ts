import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError, requireFiniteArray, requireInt } from '../errors';
import { loadCheckpoint, saveCheckpoint } from '../io/checkpoint';

/**
 * A versioned per-user feature store, as the serving side of an offline model sees it: each
 * version (e.g. a daily batch run) is a dense users × dim Float32 matrix written once and read
 * at request time by (user, version). Versions are kept in memory and, when a directory is given,
 * persisted one atomic file per version (`<dir>/v<version>.bin`, via `saveCheckpoint`), so a
 * crashed writer leaves every earlier version intact and a new process can read them back.
 */
export class FeatureStore {
  private readonly versions = new Map<number, Float32Array>();

  constructor(
    readonly name: string,
    readonly users: number,
    readonly dim: number,
    readonly dir: string | null = null,
  ) {
    requireInt('users', users, 1);
    requireInt('dim', dim, 1);
    if (dir) this.loadExisting(dir);
  }

  private file(version: number): string {
    return path.join(this.dir as string, `v${version}.bin`);
  }

  private loadExisting(dir: string): void {
    if (!fs.existsSync(dir)) return;
    for (const f of fs.readdirSync(dir)) {
      const m = /^v(\d+)\.bin$/.exec(f);
      if (!m) continue;
      const ck = loadCheckpoint(path.join(dir, f));
      if (!ck) continue;
      const meta = ck.meta as { name?: string; users?: number; dim?: number };
      if (meta.name !== this.name || meta.users !== this.users || meta.dim !== this.dim) {
        throw new PinlabInputError(
          'dir',
          `${f} holds store '${meta.name}' (${meta.users} × ${meta.dim}), not '${this.name}' (${this.users} × ${this.dim})`,
        );
      }
      const values = ck.arrays.values;
      if (!values || values.length !== this.users * this.dim || Object.keys(ck.arrays).length !== 1) {
        const want = `must be the one array, of users × dim = ${this.users * this.dim} numbers`;
        throw new PinlabInputError('values', want, undefined, { file: path.join(dir, f) });
      }
      this.versions.set(Number(m[1]), values);
    }
  }

  /** Writes version `version` (users × dim, row-major); a version is immutable once written. */
  put(version: number, values: Float32Array): void {
    requireInt('version', version, 0);
    if (values.length !== this.users * this.dim)
      throw new PinlabInputError(
        'values',
        `must have length users × dim = ${this.users * this.dim}, got ${values.length}`,
      );
    requireFiniteArray('values', values);
    if (this.versions.has(version))
      throw new PinlabInputError('version', `${version} already exists in store '${this.name}'`);
    const copy = Float32Array.from(values);
    if (this.dir) {
      fs.mkdirSync(this.dir, { recursive: true });
      saveCheckpoint(
        this.file(version),
        { name: this.name, users: this.users, dim: this.dim, version },
        { values: copy },
      );
    }
    this.versions.set(version, copy);
  }

  /** Stored versions, ascending. */
  list(): number[] {
    return [...this.versions.keys()].sort((a, b) => a - b);
  }

  /** The newest version ≤ `version`, or −1 when there is none (serving reads the last completed run). */
  latestAtOrBefore(version: number): number {
    let best = -1;
    for (const v of this.versions.keys()) if (v <= version && v > best) best = v;
    return best;
  }

  /** Copies user `user`'s row of `version` into out[offset …offset + dim). */
  read(user: number, version: number, out: Float32Array, offset = 0): void {
    const values = this.versions.get(version);
    if (!values)
      throw new PinlabInputError(
        'version',
        `${version} is not in store '${this.name}' (have ${this.list().join(', ') || 'none'})`,
      );
    if (!(Number.isInteger(user) && user >= 0 && user < this.users))
      throw new PinlabInputError('user', `must be in [0, ${this.users}), got ${user}`);
    out.set(values.subarray(user * this.dim, (user + 1) * this.dim), offset);
  }
}
