// The collector core runs unchanged on Node and on workerd (without nodejs_compat), so
// nothing under collector/ except the two runtime entries may reach for Node: no
// node: or bare built-in imports, no Node-only packages, no Node globals. The typecheck
// cannot prove this (some dependencies' type files pull in @types/node), hence this scan.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CORE = join(ROOT, 'collector');
const ENTRIES = new Set(['collector/node.ts', 'collector/worker.ts']);
// Packages that only work on Node (or pick a Node build by default).
const NODE_ONLY = ['@hono/node-server', '@libsql/client', 'better-sqlite3', 'ws', 'dotenv', 'tsx', 'esbuild', 'vite'];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

// import … from 'x' / import 'x' / export … from 'x' / import('x')
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(code: string): string[] {
  return [...code.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

const stripComments = (code: string) => code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

describe('the collector core is runtime-agnostic', () => {
  const files = sources(CORE)
    .map((path) => ({ path, rel: relative(ROOT, path).split('\\').join('/') }))
    .filter((f) => !ENTRIES.has(f.rel));

  it('finds the core to check', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.map((f) => f.rel)).toContain('collector/app.ts');
  });

  it('imports no Node built-ins and no Node-only packages', () => {
    const builtins = new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]!]));
    const offenders = files.flatMap(({ path, rel }) =>
      importsOf(readFileSync(path, 'utf8'))
        .filter((spec) => spec.startsWith('node:') || builtins.has(spec) || builtins.has(spec.split('/')[0]!) || NODE_ONLY.some((p) => spec === p || spec.startsWith(`${p}/`)))
        .map((spec) => `${rel}: ${spec}`),
    );
    expect(offenders).toEqual([]);
  });

  it('uses no Node globals', () => {
    const globals = /\b(process\.|Buffer\b|__dirname|__filename|require\(|setImmediate\()/;
    const offenders = files.flatMap(({ path, rel }) =>
      stripComments(readFileSync(path, 'utf8'))
        .split('\n')
        .map((line, i) => ({ line, i }))
        .filter(({ line }) => globals.test(line))
        .map(({ line, i }) => `${rel}:${i + 1}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  // `import { z } from 'zod'` reaches zod's every locale through the `z` namespace and
  // puts about 380 KiB more into the Worker bundle than `import * as z from 'zod'`.
  it('imports zod as a namespace, so bundles leave its locales out', () => {
    const named = /import\s*\{[^}]*\}\s*from\s*['"]zod['"]/;
    const offenders = files.filter(({ path }) => named.test(readFileSync(path, 'utf8'))).map((f) => f.rel);
    expect(offenders).toEqual([]);
    expect(named.test(`import { z } from 'zod';`)).toBe(true);
  });

  it('would catch an offender', () => {
    expect(importsOf(`import { readFileSync } from 'node:fs';\nimport x from "path";\nconst y = await import('ws');`)).toEqual(['node:fs', 'path', 'ws']);
  });
});
