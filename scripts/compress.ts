// The compression the Node server's copies of dist/ are made with (scripts/precompress.ts),
// shared so that bench/ measures the bytes browsers are actually sent.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const gzip = (body: Buffer | string): Buffer => gzipSync(body, { level: 9 });

export const brotli = (body: Buffer | string): Buffer =>
  brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(body) },
  });
