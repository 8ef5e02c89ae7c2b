// A Twilio webhook request checked before anything reads it: signed by an account's auth
// token, and free of parameter names that could move a signed boundary.
import type { Config } from '../config';
import type { Db } from '../db/client';
import { ApiError } from '../http/errors';
import { signingAccount } from './account';
import { shiftedParameterName } from './parameter-names';
import { READ_NAMES } from './params';

/**
 * Finds the account whose auth token signed the form (403 when none did, and nothing is
 * stored), then refuses shifted parameter names (400). The signed URL is DNI_PUBLIC_URL
 * with the request's path and query, exactly the URL pasted into Twilio.
 */
export async function verifiedRequest(
  db: Db,
  config: Config,
  request: { form: URLSearchParams; pathAndQuery: string; signature: string | undefined },
): Promise<{ accountId: string; params: Record<string, string> }> {
  const { form } = request;
  const accountId = await signingAccount(db, config, form, {
    url: `${config.publicUrl}${request.pathAndQuery}`,
    signature: request.signature,
    params: [...form.entries()],
  });
  if (!accountId) throw new ApiError('forbidden', 'X-Twilio-Signature does not match this URL and the account’s Twilio auth token');
  const shifted = shiftedParameterName(form.keys(), READ_NAMES);
  if (shifted) {
    throw new ApiError('invalid_request', `Parameter ${shifted.name} runs into ${shifted.of}: Twilio sends no such name, and its signature cannot tell where one ends`);
  }
  return { accountId, params: Object.fromEntries(form.entries()) };
}
