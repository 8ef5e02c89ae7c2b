// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { buildSnippet, gzipSize } from '../../snippet/build';

// The budget for dni.js as served, min+gzip (gzip level 9).
const BUDGET_BYTES = 2048;

describe('dni.js', () => {
  it(`stays within ${BUDGET_BYTES} bytes min+gzip`, async () => {
    const code = await buildSnippet();
    expect(gzipSize(code)).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('is one IIFE whose only global is the window.dni it sets', async () => {
    const code = await buildSnippet();
    expect(code.startsWith('(()=>{')).toBe(true);
    expect(code.trimEnd().endsWith('})();')).toBe(true);
  });
});
