// Converts format-1 checkpoints (pinlab before checksums) to the checksummed format 2, for files you
// trust — nothing in a format-1 file can be verified:
//   npx tsx scripts/migrate-checkpoints.ts <file or folder>...   (folders: every *.ckpt and *.bin below)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PinlabInputError } from '../lib/errors';
import { migrateCheckpoint } from '../lib/io/checkpoint';

function* files(p: string): Generator<string> {
  if (!fs.statSync(p).isDirectory()) return yield p;
  for (const e of fs.readdirSync(p, { withFileTypes: true })) {
    const q = path.join(p, e.name);
    if (e.isDirectory()) yield* files(q);
    else if (/\.(ckpt|bin)$/.test(e.name)) yield q;
  }
}

const paths = process.argv.slice(2);
if (paths.length === 0) {
  console.error('usage: npx tsx scripts/migrate-checkpoints.ts <file or folder>...');
  process.exit(2);
}
let failed = 0;
for (const p of paths) {
  for (const f of files(p)) {
    try {
      console.log(`${migrateCheckpoint(f) ? 'converted' : 'already format 2'}: ${f}`);
    } catch (e) {
      if (!(e instanceof PinlabInputError)) throw e;
      failed++;
      console.error(`refused: ${e.message}`);
    }
  }
}
process.exit(failed > 0 ? 1 : 0);
