import { beacon, post, type Assignment } from './collector';
import { readConfig, type Config } from './config';
import { guard, log } from './log';
import { numberSwapper } from './matcher';
import { load, save } from './storage';
import { swapTree } from './swap';
import { watchChanges, watchNavigation } from './watch';

/** The page's handle on the snippet: `window.dni`. */
export type Dni = {
  /** The assignment once known; null when the collector could not be reached. */
  ready: Promise<Assignment | null>;
  /** Swaps numbers under `root` (the whole document by default) again. */
  swap(root?: Node): void;
  /** Grants or withdraws consent for a tag with `data-consent="required"`. */
  consent(granted: boolean): void;
};

/** What the visitor's browser keeps: the last assignment and when the visitor was last active (ms). */
type Stored = { a: Assignment; t: number };

// Like common analytics: half an hour without activity ends a session.
const SESSION_IDLE_MS = 30 * 60_000;
// New visitors' numbers may be hidden by the site's CSS for at most this long.
const LOADING_TIMEOUT_MS = 1000;
const LOADING_CLASS = 'dni-loading';

function start({ site, api, consentRequired }: Config): Dni {
  // Anything stored was stored with consent, so it stands for consent given before;
  // and nothing is stored while consent is missing.
  let stored = load<Stored>();
  let allowed = !consentRequired || !!stored;
  let swapNumbers = numberSwapper([]);
  // Business number → the number the page shows for it now.
  const shown: Record<string, string> = {};
  let observing = false;
  let lastUrl = '';
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let settle!: (assignment: Assignment | null) => void;
  const ready = new Promise<Assignment | null>((resolve) => (settle = resolve));
  const html = document.documentElement;
  const htmlClasses = html.classList;

  const remember = (assignment: Assignment) => save((stored = { a: assignment, t: Date.now() }));

  const show = (assignment: Assignment) => {
    const swaps: Array<[string, string]> = [];
    for (const { replace, number } of assignment.numbers) {
      // Each pair is one more alternative the pattern tries on every text: none that
      // changes nothing (an unleased number), none twice (a first assignment).
      if (replace != number) swaps.push([replace, number]);
      // A page already showing an older tracking number moves on to the new one.
      if (shown[replace]) swaps.push([shown[replace], number]);
      shown[replace] = number;
    }
    // Nothing to change (every number unleased): no walk now, no watching later.
    if (!swaps.length) return;
    swapNumbers = numberSwapper(swaps);
    swapTree(html, swapNumbers);
    if (!observing) watchChanges(html, (node) => swapTree(node, swapNumbers));
    observing = true;
  };

  const ping = (leaving?: boolean) => {
    if (!stored) return;
    const url = `${api}/v1/sessions/${stored.a.session}/ping`;
    const body = { url: (lastUrl = location.href), title: document.title };
    remember(stored.a);
    log('ping', body);
    if (leaving) return beacon(url, body);
    // The collector has ended or forgotten the session: start a new one.
    const ended = () => allowed && begin(true);
    post<Pick<Assignment, 'expires_at'>>(url, body)
      .then(
        (answer) => (Date.parse(answer.expires_at) > Date.now() ? stored && remember({ ...stored.a, ...answer }) : ended()),
        (status) => status === 404 && ended(),
      )
      .catch(log);
  };

  const keepAlive = () => {
    clearInterval(pingTimer);
    if (!document.hidden) pingTimer = setInterval(guard(ping), (stored!.a.ping_s || 60) * 1000);
  };

  const begin = (sessionGone?: boolean) => {
    const now = Date.now();
    const live = !sessionGone && stored && now - stored.t < SESSION_IDLE_MS;
    if (live && Date.parse(stored!.a.expires_at) > now) {
      // Synchronous, as soon as the script runs, with no request to wait for.
      log('stored', stored!.a);
      show(stored!.a);
      settle(stored!.a);
      ping(); // records this page view and extends the lease
      return keepAlive();
    }
    htmlClasses.add(LOADING_CLASS);
    // The class doubles as the clock: gone means the answer came too late. The timeout
    // also guarantees that the site's numbers never stay hidden.
    setTimeout(() => htmlClasses.remove(LOADING_CLASS), LOADING_TIMEOUT_MS);
    const request = {
      site,
      url: (lastUrl = location.href),
      referrer: document.referrer,
      title: document.title,
      visitor: stored?.a.visitor,
      session: live ? stored!.a.session : undefined,
    };
    log('session', request);
    const done = (assignment: Assignment | null) => {
      htmlClasses.remove(LOADING_CLASS);
      settle(assignment);
    };
    post<Assignment>(`${api}/v1/sessions`, request)
      .then((assignment) => {
        if (!allowed) return;
        remember(assignment);
        // A number changing in front of the visitor is worse than one page without tracking.
        if (htmlClasses.contains(LOADING_CLASS)) show(assignment);
        else log('late', assignment);
        done(assignment);
        keepAlive();
      })
      .catch((error) => {
        log('offline', error);
        done(null);
      });
  };

  document.addEventListener(
    'visibilitychange',
    guard(() => {
      clearInterval(pingTimer);
      // Back on the page: renew the lease at once, or start anew if the session ended meanwhile.
      if (!document.hidden && stored) begin();
    }),
  );
  addEventListener('pagehide', guard(() => ping(true)));
  watchNavigation(() => location.href !== lastUrl && ping());

  if (allowed) begin();
  else log('consent', false);

  return {
    ready,
    swap: guard((root: Node = html) => swapTree(root, swapNumbers)),
    consent: guard((granted: boolean) => {
      log('consent', granted);
      if (!granted) {
        allowed = false;
        clearInterval(pingTimer);
        save((stored = undefined));
      } else if (!allowed) {
        allowed = true;
        begin();
      }
    }),
  };
}

const page = window as Window & { dni?: Dni };
// A second copy of the tag must not start a second session.
if (!page.dni)
  guard(() => {
    const config = readConfig(document.currentScript as HTMLScriptElement);
    if (config) page.dni = start(config);
  })();
