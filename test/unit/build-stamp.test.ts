// `npm start` builds only when dist/ is stale, so a second start never rewrites dist/
// under a running server. `npm test` builds first, so dist/ here is fresh.
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { inputsHash } from '../../scripts/build-stamp';

const ROOT = resolve(import.meta.dirname, '../..');
const STAMP = join(ROOT, 'dist', '.build-inputs');
const fresh = () =>
  promisify(execFile)(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'scripts', 'build-stamp.ts'), 'fresh'], { cwd: ROOT }).then(
    () => 0,
    (err: { code: number }) => err.code,
  );

describe('the build stamp', () => {
  it('records the hash of the inputs the last build used; fresh says no build is needed until they differ', async () => {
    const recorded = readFileSync(STAMP, 'utf8');
    expect(recorded.trim()).toBe(inputsHash());
    expect(await fresh()).toBe(0);
    try {
      writeFileSync(STAMP, 'built-from-other-sources\n');
      expect(await fresh()).toBe(1);
    } finally {
      writeFileSync(STAMP, recorded);
    }
  }, 60_000);
});
