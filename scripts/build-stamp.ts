// Whether dist/ was built from the sources as they are now, so that `npm start` builds
// only when something changed: a second `npm start` (or a restart) then never rewrites
// dist/ under a server that is serving it. `write` records the sources' hash after a
// build; `fresh` exits 0 when dist/ matches it, 1 when a build is needed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const STAMP = join(ROOT, 'dist', '.build-inputs');
// Everything `npm run build` reads.
const INPUTS = ['snippet', 'dashboard', 'vite.config.ts', 'package-lock.json', 'scripts/precompress.ts', 'scripts/compress.ts'];

function files(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => files(join(path, name)));
}

/** A hash of the build's inputs: their paths and contents (not their times, which a checkout changes). */
export function inputsHash(): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((p) => files(join(ROOT, p)))) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const built = () => existsSync(join(ROOT, 'dist', 'dni.js')) && existsSync(join(ROOT, 'dist', 'dashboard', 'index.html'));

if (process.argv[1] === import.meta.filename) {
  const command = process.argv[2];
  if (command === 'write') {
    writeFileSync(STAMP, `${inputsHash()}\n`);
  } else if (command === 'fresh') {
    const fresh = built() && existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === inputsHash();
    if (fresh) console.log('dist/ is up to date: not rebuilt');
    process.exit(fresh ? 0 : 1);
  } else {
    console.error('Usage: tsx scripts/build-stamp.ts write|fresh');
    process.exit(2);
  }
}
