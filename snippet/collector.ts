/** What the collector answers to `POST /v1/sessions` (see API.md). */
export type Assignment = {
  visitor: string;
  session: string;
  expires_at: string;
  ping_s: number;
  numbers: Array<{ replace: string; number: string; leased: boolean }>;
};

/**
 * POSTs JSON as text/plain, the one content type that needs no CORS preflight, and
 * resolves with the JSON answer; rejects with the HTTP status (or the network error).
 */
export function post<T>(url: string, body: object): Promise<T> {
  return fetch(url, { method: 'POST', body: JSON.stringify(body) }).then((response) =>
    response.ok ? (response.json() as Promise<T>) : Promise.reject(response.status),
  );
}
