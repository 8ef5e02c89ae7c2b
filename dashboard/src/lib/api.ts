// The one way the dashboard talks to the collector: the key goes in a header, errors
// come back as ApiError with the server's own message, shown to the person as is.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  // An empty string is a value (a filter for "no keyword"); leave a parameter out with undefined.
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export type Api = {
  get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T>;
  /** Fetches a file with the key (a plain link cannot send it) and hands it to the browser as a download. */
  download(path: string, query: Query, filename: string): Promise<void>;
};

async function failure(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    return new ApiError(res.status, body.error?.code ?? 'error', body.error?.message ?? res.statusText);
  } catch {
    return new ApiError(res.status, 'error', `The server answered ${res.status} ${res.statusText}`);
  }
}

export function createApi(key: string, onUnauthorized: () => void): Api {
  async function request(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(path, {
        method,
        signal,
        headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw new ApiError(0, 'network', 'Could not reach the server. Check your connection and try again.');
    }
    if (res.status === 401) onUnauthorized();
    if (!res.ok) throw await failure(res);
    return res;
  }
  return {
    async get<T>(path: string, query?: Query, signal?: AbortSignal) {
      return (await (await request('GET', withQuery(path, query), undefined, signal)).json()) as T;
    },
    async send<T>(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown) {
      const res = await request(method, path, body);
      return (res.status === 204 ? undefined : await res.json()) as T;
    },
    async download(path, query, filename) {
      const blob = await (await request('GET', withQuery(path, query))).blob();
      saveBlob(blob, filename);
    },
  };
}

export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Asks the server who a key belongs to; used to sign in. */
export async function whoIs(key: string): Promise<import('./types').Me> {
  return createApi(key, () => {}).get('/v1/me');
}
