import type { Context } from 'hono';
import * as z from 'zod';
import { ApiError } from './errors';

export const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = () => new ApiError('payload_too_large', `Bodies are limited to ${MAX_BODY_BYTES} bytes`);

/**
 * The body as UTF-8 text. It is read as a stream and given up as soon as it passes
 * MAX_BODY_BYTES, so a body sent without Content-Length (chunked) is never held past
 * the limit; a declared length over it is refused before reading anything. Web
 * streams only, so every runtime reads it the same way.
 */
async function readText(c: Context): Promise<string> {
  const declared = Number(c.req.header('content-length') ?? '0');
  if (declared > MAX_BODY_BYTES) throw tooLarge();
  const body = c.req.raw.body;
  if (!body) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    let next: ReadableStreamReadResult<Uint8Array>;
    try {
      next = await reader.read();
    } catch {
      // The client went away mid-body: its request, not a server error.
      throw new ApiError('invalid_request', 'The body could not be read to its end');
    }
    const { done, value } = next;
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      // Not awaited: the answer need not wait for the runtime to give up the rest.
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

function mediaType(c: Context): string {
  return (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
}

function check<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    const where = first.path.length ? `${first.path.join('.')}: ` : '';
    throw new ApiError('invalid_request', `${where}${first.message}`, parsed.error.issues);
  }
  return parsed.data;
}

/**
 * A JSON body checked against `schema`. `text/plain` carrying JSON is accepted when
 * `allowTextPlain` is set (the snippet uses it to avoid a CORS preflight).
 * An empty body is read as `{}` when `optional` is set.
 */
export async function jsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  opts: { allowTextPlain?: boolean; optional?: boolean } = {},
): Promise<z.infer<S>> {
  const type = mediaType(c);
  const text = await readText(c);
  if (text.trim() === '' && opts.optional) return check(schema, {});
  const accepted = type === 'application/json' || (opts.allowTextPlain && (type === 'text/plain' || type === ''));
  if (!accepted) throw new ApiError('unsupported_media_type', 'Send the body as application/json');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_request', 'The body is not valid JSON');
  }
  return check(schema, value);
}

/** A form-encoded body (carrier webhooks), as ordered name/value pairs. */
export async function formBody(c: Context): Promise<URLSearchParams> {
  if (mediaType(c) !== 'application/x-www-form-urlencoded') {
    throw new ApiError('unsupported_media_type', 'Send the body as application/x-www-form-urlencoded');
  }
  return new URLSearchParams(await readText(c));
}

/** Query parameters checked against `schema`. */
export function queryParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return check(schema, c.req.query());
}

export { check as parseWith };
