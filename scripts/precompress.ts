// Writes a gzip (level 9) and a brotli (quality 11) copy next to every text file the
// build put in dist/, once, so the Node server sends them as they are (serveStatic's
// `precompressed`) instead of compressing on every request or not at all. The snippet's
// budget is for the bytes a browser downloads; these files are those bytes.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotli, gzip } from './compress';

const DIST = resolve(import.meta.dirname, '../dist');
const TEXT = /\.(?:js|mjs|css|html|svg|json|txt)$/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : TEXT.test(name) ? [path] : [];
  });
}

for (const path of files(DIST)) {
  const body = readFileSync(path);
  writeFileSync(`${path}.gz`, gzip(body));
  writeFileSync(`${path}.br`, brotli(body));
}
// Cloudflare compresses assets itself: the copies stay out of a Workers deploy, and so
// does the build's own record of its inputs (scripts/build-stamp.ts).
writeFileSync(join(DIST, '.assetsignore'), '*.gz\n*.br\n.build-inputs\n');
