// One way for tests (and benchmarks) to call the collector's API, whatever carries the
// request: app.request() in process (helpers/app.ts) or fetch over HTTP (helpers/server.ts,
// helpers/worker.ts, the contract suite).

/** An ordinary desktop Chrome: the collector leases bots no number, and Node's fetch says "node". */
export const VISITOR_USER_AGENT =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/150.0.0.0 Safari/537.36';

export type ApiResponse = { status: number; headers: Headers; json: any; text: string };
export type RequestOptions = { body?: unknown; key?: string | null; headers?: Record<string, string> };
export type ApiClient = ReturnType<typeof apiClient>;

type Send = (path: string, init: RequestInit) => Response | Promise<Response>;

/**
 * Requests authorized with `adminKey` unless `key` names another (`null`: none). A body
 * that is not a string goes as JSON; `json` is undefined when the answer is not JSON.
 */
export function apiClient(send: Send, adminKey: string, defaultHeaders: Record<string, string> = {}) {
  async function request(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...defaultHeaders, ...opts.headers };
    const key = opts.key === undefined ? adminKey : opts.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] ??= 'application/json';
    }
    const res = await send(path, { method, headers, body });
    const text = await res.text();
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, text };
  }
  type Options = Omit<RequestOptions, 'body'>;
  return {
    request,
    get: (path: string, key?: string | null) => request('GET', path, { key }),
    post: (path: string, body?: unknown, opts: Options = {}) => request('POST', path, { ...opts, body }),
    put: (path: string, body?: unknown, opts: Options = {}) => request('PUT', path, { ...opts, body }),
    patch: (path: string, body?: unknown, opts: Options = {}) => request('PATCH', path, { ...opts, body }),
    /** `request` in short: `api('POST', '/v1/sites', body)`, with the admin key unless `key` is given. */
    api: (method: string, path: string, body?: unknown, key?: string) => request(method, path, { body, key }),
  };
}

/** apiClient over HTTP to the server at `url`. */
export const httpClient = (url: string, adminKey: string, defaultHeaders?: Record<string, string>) =>
  apiClient((path, init) => fetch(`${url}${path}`, init), adminKey, defaultHeaders);
