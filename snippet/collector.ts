import { log } from './log';

/** What the collector answers to `POST /v1/sessions` (see API.md). */
export type Assignment = {
  visitor: string;
  session: string;
  expires_at: string;
  ping_s: number;
  /** `reason`: why a `leased:false` number is not the session's own (`bot`, `exhausted`, `rate_limited`). */
  numbers: Array<{ replace: string; number: string; leased: boolean; reason?: string }>;
};

const refused = (response: Response) => Promise.reject(response.status);

/**
 * POSTs JSON as text/plain, the one content type that needs no CORS preflight, and
 * resolves with the JSON answer; rejects with the HTTP status (or the network error).
 */
export function post<T>(url: string, body: object): Promise<T> {
  return fetch(url, { method: 'POST', body: JSON.stringify(body) }).then((response) =>
    response.ok
      ? (response.json() as Promise<T>)
      : DEBUG_BUILD
        ? // The server's own words ("Unknown site key"), for whoever debugs an install.
          response
            .json()
            .then((answer: { error: { message: string } }) => log('refused', response.status, answer.error.message))
            // No JSON error (a proxy's page): the status alone, as dni.js would say.
            .catch(() => {})
            .then(() => refused(response))
        : refused(response),
  );
}
