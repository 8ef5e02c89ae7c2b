import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Where the collector serves dni.js from. */
export const SNIPPET_OUT = join(import.meta.dirname, '..', 'dist', 'dni.js');

/** dni.js as served: one minified IIFE whose only global is the `window.dni` it sets itself. */
export async function buildSnippet(): Promise<string> {
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'dni.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    // Not the project's tsconfig: its `strict` would add a "use strict" prologue, bytes
    // that change nothing for code TypeScript has already checked.
    tsconfigRaw: {},
    write: false,
  });
  return result.outputFiles[0]!.text;
}

/** Bytes after gzip at level 9, as the size budget counts them. */
export const gzipSize = (code: string): number => gzipSync(code, { level: 9 }).length;

/** Builds dist/dni.js. The file is replaced whole, so a server never serves half of it. */
export async function writeSnippet(): Promise<string> {
  const code = await buildSnippet();
  mkdirSync(join(SNIPPET_OUT, '..'), { recursive: true });
  const partial = `${SNIPPET_OUT}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, SNIPPET_OUT);
  return code;
}

if (process.argv[1] === import.meta.filename) {
  const code = await writeSnippet();
  console.log(`dist/dni.js: ${Buffer.byteLength(code)} B minified, ${gzipSize(code)} B min+gzip`);
}
