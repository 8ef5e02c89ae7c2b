// @vitest-environment happy-dom
// The whole snippet in happy-dom with a scripted collector: the lifecycle decisions
// (when to ask, what to send, what to store, when to swap). The real browser and the
// real collector are covered by test/browser/snippet-*.test.ts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Assignment } from '../../snippet/collector';
import type { Dni } from '../../snippet/dni';

const COLLECTOR = 'https://collector.test';
const NOW = Date.parse('2026-06-01T12:00:00Z');
const MINUTE = 60_000;

type Request = { url: string; body: Record<string, unknown> };
type Answer = { status: number; json?: unknown } | 'network-error' | Promise<{ status: number; json?: unknown }>;

let requests: Request[];
let beacons: Request[];
let answer: (request: Request) => Answer;
const cleanups: Array<() => void> = [];

const page = window as Window & { dni?: Dni };
const sessionPosts = () => requests.filter((r) => r.url === `${COLLECTOR}/v1/sessions`);
const pings = () => requests.filter((r) => r.url.endsWith('/ping'));
const stored = () => JSON.parse(localStorage.getItem('dni') ?? 'null');

function assignment(overrides: Partial<Assignment> = {}): Assignment {
  return {
    visitor: 'v_1',
    session: 's_1',
    expires_at: new Date(Date.now() + 30 * MINUTE).toISOString(),
    ping_s: 60,
    numbers: [{ replace: '+18005550100', number: '+18005550123', leased: true }],
    ...overrides,
  };
}

/** A collector that opens sessions with `opened` and answers pings. */
const collectorAnswering =
  (opened: Assignment = assignment()) =>
  (request: Request): Answer =>
    request.url.endsWith('/ping') ? { status: 200, json: { expires_at: new Date(Date.now() + 30 * MINUTE).toISOString() } } : { status: 200, json: opened };

function deferred() {
  let resolve!: (value: { status: number; json?: unknown }) => void;
  const promise = new Promise<{ status: number; json?: unknown }>((r) => (resolve = r));
  return { promise, resolve };
}

/** Tracks what the snippet attaches to the page so that each test starts from a clean one. */
function recordAttachments() {
  for (const target of [window, document] as EventTarget[]) {
    const add = target.addEventListener;
    target.addEventListener = function (this: EventTarget, type: string, listener: EventListenerOrEventListenerObject | null, options?: unknown) {
      cleanups.push(() => target.removeEventListener(type, listener));
      return add.call(this, type, listener, options as AddEventListenerOptions);
    };
    cleanups.push(() => (target.addEventListener = add));
  }
  const { pushState, replaceState } = history;
  cleanups.push(() => Object.assign(history, { pushState, replaceState }));
  const Observer = window.MutationObserver;
  vi.stubGlobal(
    'MutationObserver',
    class extends Observer {
      constructor(callback: MutationCallback) {
        super(callback);
        cleanups.push(() => this.disconnect());
      }
    },
  );
}

/** Takes the loaded snippet off the page, as a navigation to the next page would. */
function unloadSnippet() {
  while (cleanups.length) cleanups.pop()!();
  recordAttachments();
  delete page.dni;
}

async function loadSnippet(opts: { url?: string; attributes?: Record<string, string> } = {}): Promise<Dni | undefined> {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL(opts.url ?? 'https://shop.test/plumbing?utm_source=google');
  const script = document.createElement('script');
  script.src = `${COLLECTOR}/dni.js`;
  script.dataset.site = 'site_test';
  for (const [name, value] of Object.entries(opts.attributes ?? {})) script.setAttribute(name, value);
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
  vi.resetModules();
  await import('../../snippet/dni');
  return page.dni;
}

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  localStorage.clear();
  document.cookie = 'dni=;path=/;max-age=0';
  document.documentElement.className = '';
  document.title = 'Emergency plumbing';
  document.body.innerHTML = '<p id="phone">Call (800) 555-0100</p><a id="link" href="tel:+18005550100">Call</a>';
  delete page.dni;
  requests = [];
  beacons = [];
  answer = collectorAnswering();
  recordAttachments();
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      // text/plain (a string body and no headers) is what spares the page a CORS preflight.
      expect(typeof init.body).toBe('string');
      expect(init.headers).toBeUndefined();
      const request = { url, body: JSON.parse(init.body as string) };
      requests.push(request);
      const reply = await answer(request);
      if (reply === 'network-error') throw new TypeError('Failed to fetch');
      return { ok: reply.status < 300, status: reply.status, json: async () => reply.json };
    }),
  );
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: (url: string, body: string) => beacons.push({ url, body: JSON.parse(body) }) > 0,
  });
});

afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const phoneText = () => document.getElementById('phone')!.textContent;
const linkHref = () => document.getElementById('link')!.getAttribute('href');

describe('a new visitor', () => {
  it('opens one session with the raw page, swaps the numbers and keeps the assignment', async () => {
    Object.defineProperty(document, 'referrer', { configurable: true, get: () => 'https://www.google.com/' });
    const reply = deferred();
    answer = () => reply.promise;
    const dni = await loadSnippet();

    expect(document.documentElement.classList.contains('dni-loading')).toBe(true);
    expect(sessionPosts()).toEqual([
      {
        url: `${COLLECTOR}/v1/sessions`,
        body: { site: 'site_test', url: 'https://shop.test/plumbing?utm_source=google', referrer: 'https://www.google.com/', title: 'Emergency plumbing' },
      },
    ]);
    expect(phoneText()).toBe('Call (800) 555-0100');

    reply.resolve({ status: 200, json: assignment() });
    expect(await dni!.ready).toEqual(assignment());
    expect(phoneText()).toBe('Call (800) 555-0123');
    expect(linkHref()).toBe('tel:+18005550123');
    expect(document.documentElement.classList.contains('dni-loading')).toBe(false);
    expect(stored()).toEqual({ a: assignment(), t: NOW });
    Reflect.deleteProperty(document, 'referrer');
  });

  it('swaps content added or changed later', async () => {
    const dni = await loadSnippet();
    await dni!.ready;
    const added = document.createElement('div');
    added.innerHTML = '<span>Support: 800.555.0100</span><a href="tel:8005550100">call</a>';
    document.body.append(added);
    const later = document.createTextNode('loading…');
    document.body.append(later);
    later.data = 'Or 1-800-555-0100';
    await vi.waitFor(() => {
      expect(added.innerHTML).toBe('<span>Support: 800.555.0123</span><a href="tel:8005550123">call</a>');
      expect(later.data).toBe('Or 1-800-555-0123');
    });
  });

  it('swaps each business number to its own tracking number', async () => {
    document.body.innerHTML = '<p id="sales">Sales 800-555-0100</p><p id="support">Support 888-555-0177</p>';
    answer = collectorAnswering(
      assignment({
        numbers: [
          { replace: '+18005550100', number: '+14155550101', leased: true },
          { replace: '+18885550177', number: '+14155550202', leased: true },
        ],
      }),
    );
    await (await loadSnippet())!.ready;
    expect(document.getElementById('sales')!.textContent).toBe('Sales 415-555-0101');
    expect(document.getElementById('support')!.textContent).toBe('Support 415-555-0202');
  });

  it('leaves the page alone, and unwatched, when no number is leased', async () => {
    answer = collectorAnswering(assignment({ numbers: [{ replace: '+18005550100', number: '+18005550100', leased: false }] }));
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    await (await loadSnippet())!.ready;
    expect(phoneText()).toBe('Call (800) 555-0100');
    expect(linkHref()).toBe('tel:+18005550100');
    expect(observe).not.toHaveBeenCalled();
    observe.mockRestore();
  });

  it('leaves the original numbers when the collector is down or failing', async () => {
    for (const failure of ['network-error', { status: 500 }, { status: 403, json: { error: { code: 'forbidden' } } }] as const) {
      answer = () => failure;
      unloadSnippet();
      const dni = await loadSnippet();
      expect(await dni!.ready).toBeNull();
      expect(phoneText()).toBe('Call (800) 555-0100');
      expect(document.documentElement.classList.contains('dni-loading')).toBe(false);
      expect(stored()).toBeNull();
    }
  });

  it('shows the numbers after 1 s when the collector is slow, and then leaves them', async () => {
    const reply = deferred();
    answer = () => reply.promise;
    const dni = await loadSnippet();
    await vi.advanceTimersByTimeAsync(999);
    expect(document.documentElement.classList.contains('dni-loading')).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(document.documentElement.classList.contains('dni-loading')).toBe(false);

    reply.resolve({ status: 200, json: assignment() });
    expect(await dni!.ready).toEqual(assignment());
    // No number changes in front of the visitor; the next page shows the tracking number.
    expect(phoneText()).toBe('Call (800) 555-0100');
    expect(stored().a).toEqual(assignment());
  });
});

describe('a returning visitor', () => {
  it('with a live assignment: swaps at once, before any answer, and records the page view with a ping', async () => {
    localStorage.setItem('dni', JSON.stringify({ a: assignment(), t: NOW - 5 * MINUTE }));
    answer = () => new Promise(() => {}); // the collector never answers
    await loadSnippet({ url: 'https://shop.test/pricing' });
    expect(phoneText()).toBe('Call (800) 555-0123');
    expect(linkHref()).toBe('tel:+18005550123');
    expect(document.documentElement.classList.contains('dni-loading')).toBe(false);
    expect(sessionPosts()).toHaveLength(0);
    expect(pings()).toEqual([{ url: `${COLLECTOR}/v1/sessions/s_1/ping`, body: { url: 'https://shop.test/pricing', title: 'Emergency plumbing' } }]);
  });

  it('after 30 minutes without activity: asks again, sending the session for the collector to resume if it still lives', async () => {
    // The collector keeps a lease a few minutes past the snippet's idle time: it decides.
    localStorage.setItem('dni', JSON.stringify({ a: assignment(), t: NOW - 31 * MINUTE }));
    const dni = await loadSnippet();
    expect(sessionPosts()).toHaveLength(1);
    expect(sessionPosts()[0]!.body).toMatchObject({ visitor: 'v_1', session: 's_1' });
    expect(pings()).toHaveLength(0);
    // Resumed: the same session and number.
    expect(await dni!.ready).toEqual(assignment());
    expect(phoneText()).toBe('Call (800) 555-0123');
  });

  it('whose lease expired while the session lives: asks to resume the session', async () => {
    localStorage.setItem('dni', JSON.stringify({ a: assignment({ expires_at: new Date(NOW - MINUTE).toISOString() }), t: NOW - 10 * MINUTE }));
    await loadSnippet();
    expect(sessionPosts()[0]!.body).toMatchObject({ visitor: 'v_1', session: 's_1' });
  });

  it.each([
    ['forgot', { status: 404 }],
    ['ended', { status: 200, json: { expires_at: new Date(NOW - MINUTE).toISOString() } }],
  ])('whose session the collector %s: starts a new one and moves the page to the new number', async (_how, ended) => {
    localStorage.setItem('dni', JSON.stringify({ a: assignment(), t: NOW - MINUTE }));
    const fresh = assignment({ session: 's_2', numbers: [{ replace: '+18005550100', number: '+18005550177', leased: true }] });
    answer = (request) => (request.url.endsWith('/ping') ? ended : { status: 200, json: fresh });
    await loadSnippet();
    expect(phoneText()).toBe('Call (800) 555-0123');
    await vi.waitFor(() => expect(phoneText()).toBe('Call (800) 555-0177'));
    expect(linkHref()).toBe('tel:+18005550177');
    expect(sessionPosts()[0]!.body).toMatchObject({ visitor: 'v_1' });
    expect(sessionPosts()[0]!.body).not.toHaveProperty('session');
    expect(stored().a.session).toBe('s_2');
  });
});

describe('consent', () => {
  it('with data-consent="required": nothing stored or sent until consent(true)', async () => {
    const dni = await loadSnippet({ attributes: { 'data-consent': 'required' } });
    history.pushState({}, '', '/next');
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(requests).toEqual([]);
    expect(localStorage.length).toBe(0);
    expect(document.cookie).toBe('');
    expect(phoneText()).toBe('Call (800) 555-0100');
    expect(document.documentElement.classList.contains('dni-loading')).toBe(false);

    dni!.consent(true);
    expect(await dni!.ready).toMatchObject({ session: 's_1' });
    expect(sessionPosts()).toHaveLength(1);
    expect(phoneText()).toBe('Call (800) 555-0123');
    expect(stored().a).toMatchObject({ session: 's_1' });
  });

  it('consent(false) forgets the visitor and stops every request', async () => {
    const dni = await loadSnippet({ attributes: { 'data-consent': 'required' } });
    dni!.consent(true);
    await dni!.ready;
    const sent = requests.length;
    dni!.consent(false);
    expect(localStorage.getItem('dni') || null).toBeNull();
    history.pushState({}, '', '/elsewhere');
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    window.dispatchEvent(new Event('pagehide'));
    expect(requests).toHaveLength(sent);
    expect(beacons).toEqual([]);
  });

  it('dni.ready settles (null) when consent is withdrawn while the first answer is on its way', async () => {
    const reply = deferred();
    answer = () => reply.promise;
    const dni = await loadSnippet({ attributes: { 'data-consent': 'required' } });
    dni!.consent(true);
    expect(sessionPosts()).toHaveLength(1);
    dni!.consent(false);
    reply.resolve({ status: 200, json: assignment() });
    let settled: unknown = 'pending';
    void dni!.ready.then((value) => (settled = value));
    await vi.waitFor(() => expect(settled).toBeNull());
    expect(phoneText()).toBe('Call (800) 555-0100');
    expect(document.documentElement.classList.contains('dni-loading')).toBe(false);
    expect(localStorage.getItem('dni') || null).toBeNull();
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(requests).toHaveLength(1);
  });

  it('remembers consent given on an earlier page', async () => {
    localStorage.setItem('dni', JSON.stringify({ a: assignment(), t: NOW - MINUTE }));
    await loadSnippet({ attributes: { 'data-consent': 'required' } });
    expect(phoneText()).toBe('Call (800) 555-0123');
    expect(pings()).toHaveLength(1);
  });
});

describe("ad platforms' browser ids", () => {
  const GA = 'GA1.1.1234567890.1700000000';
  const FBP = 'fb.1.1596403881668.1116446470';
  const FBC = 'fb.1.1554763741205.IwAR2F4-dbP0l7Mn';
  const setCookies = () => {
    for (const c of [`_ga=${GA}`, `_fbp=${FBP}`, `_fbc=${FBC}`, 'session_secret=hunter2']) document.cookie = `${c};path=/`;
  };
  afterEach(() => {
    for (const name of ['_ga', '_fbp', '_fbc', 'session_secret']) document.cookie = `${name}=;path=/;expires=Thu, 01 Jan 1970 00:00:00 GMT`;
  });

  it("sends GA4's _ga and Meta's _fbp and _fbc with the session and each ping, and no other cookie", async () => {
    setCookies();
    const dni = await loadSnippet();
    expect(sessionPosts()[0]!.body).toMatchObject({ ga: GA, fbp: FBP, fbc: FBC });
    await dni!.ready;
    history.pushState({}, '', '/next');
    expect(pings()[0]!.body).toEqual({ url: 'https://shop.test/next', title: 'Emergency plumbing', ga: GA, fbp: FBP, fbc: FBC });
    expect(JSON.stringify(requests)).not.toContain('hunter2');
  });

  it("sends an id its platform's tag set after the first request with the next ping", async () => {
    const dni = await loadSnippet();
    expect(sessionPosts()[0]!.body).not.toHaveProperty('ga');
    await dni!.ready;
    document.cookie = `_ga=${GA};path=/`;
    await vi.advanceTimersByTimeAsync(MINUTE);
    expect(pings()[0]!.body).toMatchObject({ ga: GA });
    expect(pings()[0]!.body).not.toHaveProperty('fbp');
  });

  it('with data-consent="required": sends none until consent is given', async () => {
    setCookies();
    const dni = await loadSnippet({ attributes: { 'data-consent': 'required' } });
    history.pushState({}, '', '/next');
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(requests).toEqual([]);
    dni!.consent(true);
    expect(sessionPosts()[0]!.body).toMatchObject({ ga: GA, fbp: FBP, fbc: FBC });
  });
});

describe('keeping the lease', () => {
  const setHidden = (hidden: boolean) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    document.dispatchEvent(new Event('visibilitychange'));
  };

  afterEach(() => {
    Reflect.deleteProperty(document, 'hidden');
  });

  it('pings every ping_s seconds while visible, not while hidden, and sends a beacon on pagehide', async () => {
    answer = collectorAnswering(assignment({ ping_s: 15 }));
    await (await loadSnippet())!.ready;
    await vi.advanceTimersByTimeAsync(45_000);
    expect(pings()).toHaveLength(3);

    setHidden(true);
    await vi.advanceTimersByTimeAsync(10 * MINUTE);
    expect(pings()).toHaveLength(3);

    setHidden(false); // back: renew at once, then on schedule
    expect(pings()).toHaveLength(4);
    await vi.advanceTimersByTimeAsync(15_000);
    expect(pings()).toHaveLength(5);

    window.dispatchEvent(new Event('pagehide'));
    expect(beacons).toEqual([{ url: `${COLLECTOR}/v1/sessions/s_1/ping`, body: { url: 'https://shop.test/plumbing?utm_source=google', title: 'Emergency plumbing' } }]);
  });

  it('asks again when the visitor comes back after 30 minutes away, sending the session to resume', async () => {
    await (await loadSnippet())!.ready;
    setHidden(true);
    await vi.advanceTimersByTimeAsync(31 * MINUTE);
    setHidden(false);
    expect(sessionPosts()).toHaveLength(2);
    expect(sessionPosts()[1]!.body).toMatchObject({ visitor: 'v_1', session: 's_1' });
  });

  it('moves the page to the new number when the lease expired while hidden, even when the answer is slow', async () => {
    await (await loadSnippet())!.ready;
    expect(phoneText()).toBe('Call (800) 555-0123');
    setHidden(true);
    await vi.advanceTimersByTimeAsync(45 * MINUTE); // the old number is someone else's by now
    const reply = deferred();
    answer = (request) => (request.url.endsWith('/ping') ? collectorAnswering()(request) : reply.promise);
    setHidden(false);
    expect(sessionPosts()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1500);
    expect(document.documentElement.classList.contains('dni-loading')).toBe(false);

    const fresh = assignment({ session: 's_2', numbers: [{ replace: '+18005550100', number: '+18005550177', leased: true }] });
    reply.resolve({ status: 200, json: fresh });
    await vi.waitFor(() => expect(phoneText()).toBe('Call (800) 555-0177'));
    expect(linkHref()).toBe('tel:+18005550177');
    expect(stored().a).toEqual(fresh);
    // Content added later gets the new number too, not the expired one.
    const added = document.createElement('p');
    added.textContent = 'Or (800) 555-0100';
    document.body.append(added);
    await vi.waitFor(() => expect(added.textContent).toBe('Or (800) 555-0177'));
    // And the lease kept alive is the one on the page.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pings().at(-1)!.url).toBe(`${COLLECTOR}/v1/sessions/s_2/ping`);
  });

  it('records a page view for each single-page-app navigation to a new address', async () => {
    await (await loadSnippet())!.ready;
    const before = pings().length;
    document.title = 'Pricing';
    history.pushState({}, '', '/pricing');
    history.replaceState({ scroll: 10 }, ''); // same address: not a new page
    history.replaceState({}, '', '/pricing?tab=2');
    expect(pings().slice(before).map((p) => p.body)).toEqual([
      { url: 'https://shop.test/pricing', title: 'Pricing' },
      { url: 'https://shop.test/pricing?tab=2', title: 'Pricing' },
    ]);
  });
});

describe('storage', () => {
  it('falls back to a cookie where localStorage is blocked', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'localStorage');
    const blockLocalStorage = () => {
      const blocked = () => {
        throw new DOMException('blocked', 'SecurityError');
      };
      Object.defineProperty(window, 'localStorage', { configurable: true, get: blocked });
      cleanups.push(() => (descriptor ? Object.defineProperty(window, 'localStorage', descriptor) : Reflect.deleteProperty(window, 'localStorage')));
    };
    blockLocalStorage();
    await (await loadSnippet())!.ready;
    const cookie = /(?:^|; )dni=([^;]*)/.exec(document.cookie)?.[1];
    expect(JSON.parse(decodeURIComponent(cookie!))).toEqual({ a: assignment(), t: NOW });

    // The next page reads the cookie: a returning visitor, swapped at once.
    unloadSnippet();
    blockLocalStorage();
    document.body.innerHTML = '<p id="phone">Call (800) 555-0100</p>';
    requests = [];
    await loadSnippet();
    expect(phoneText()).toBe('Call (800) 555-0123');
    expect(sessionPosts()).toHaveLength(0);
  });
});

describe('the page API', () => {
  it('adds window.dni and nothing else', async () => {
    const before = new Set(Object.getOwnPropertyNames(window));
    await loadSnippet();
    expect(Object.getOwnPropertyNames(window).filter((name) => !before.has(name))).toEqual(['dni']);
  });

  it('runs once when the tag is on the page twice', async () => {
    const first = await loadSnippet();
    const second = await loadSnippet();
    expect(second).toBe(first);
    expect(sessionPosts()).toHaveLength(1);
  });

  it('dni.swap(root) swaps where the snippet cannot see by itself (a shadow root)', async () => {
    const dni = await loadSnippet();
    await dni!.ready;
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<p>800-555-0100</p>';
    dni!.swap(shadow);
    expect(shadow.innerHTML).toBe('<p>800-555-0123</p>');
  });

  it('logs its decisions with ?dni_debug=1 and is silent without', async () => {
    const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
    await (await loadSnippet())!.ready;
    expect(debug).not.toHaveBeenCalled();
    unloadSnippet();
    localStorage.clear();
    document.body.innerHTML = '<p data-dni-noswap>800-555-0100</p><p>800-555-0100</p>';
    await (await loadSnippet({ url: 'https://shop.test/?dni_debug=1' }))!.ready;
    const logged = debug.mock.calls.map((args) => args.slice(0, 2));
    expect(logged).toContainEqual(['[dni]', 'session']);
    expect(logged).toContainEqual(['[dni]', 'swap']);
    expect(logged).toContainEqual(['[dni]', 'excluded']);
    debug.mockRestore();
  });
});
