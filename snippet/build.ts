import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Where the collector serves dni.js from; dni.debug.js, loaded for `?dni_debug=1`, sits beside it. */
export const SNIPPET_OUT = join(import.meta.dirname, '..', 'dist', 'dni.js');
export const DEBUG_SNIPPET_OUT = join(import.meta.dirname, '..', 'dist', 'dni.debug.js');

/**
 * dni.js as served: one minified IIFE whose only global is the `window.dni` it sets itself.
 * `debug` builds dni.debug.js: the same code with its log lines, which dni.js goes without.
 */
export async function buildSnippet(opts: { debug?: boolean } = {}): Promise<string> {
  const debug = opts.debug ?? false;
  const result = await build({
    entryPoints: [join(import.meta.dirname, 'dni.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    define: { DEBUG_BUILD: String(debug) },
    // Not the project's tsconfig: its `strict` would add a "use strict" prologue, bytes
    // that change nothing for code TypeScript has already checked.
    tsconfigRaw: {},
    write: false,
  });
  return result.outputFiles[0]!.text;
}

/** Bytes after gzip at level 9, as the size budget counts them. */
export const gzipSize = (code: string): number => gzipSync(code, { level: 9 }).length;

/** Replaces `path` whole, so a server never serves half of it. */
function writeWhole(path: string, code: string) {
  mkdirSync(join(path, '..'), { recursive: true });
  const partial = `${path}.${process.pid}.tmp`;
  writeFileSync(partial, code);
  renameSync(partial, path);
}

/** Builds dist/dni.js and dist/dni.debug.js; returns dni.js. */
export async function writeSnippet(): Promise<string> {
  const [code, debug] = await Promise.all([buildSnippet(), buildSnippet({ debug: true })]);
  writeWhole(DEBUG_SNIPPET_OUT, debug);
  writeWhole(SNIPPET_OUT, code);
  return code;
}

if (process.argv[1] === import.meta.filename) {
  const code = await writeSnippet();
  console.log(`dist/dni.js: ${Buffer.byteLength(code)} B minified, ${gzipSize(code)} B min+gzip`);
}
