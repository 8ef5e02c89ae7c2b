import { post, type Assignment } from './collector';
import { readConfig, type Config } from './config';
import { explain } from './explain';
import { debugAsked, guard, log } from './log';
import { numberSwapper, type SwapNumbers } from './matcher';
import { cookie, load, save } from './storage';
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

// A const enum: esbuild writes the values in place, where plain constants would each
// cost a variable in dni.js.
const enum Ms {
  // Like common analytics: half an hour without activity ends a session.
  SESSION_IDLE = 30 * 60_000,
  // New visitors' numbers may be hidden by the site's CSS for at most this long.
  LOADING_TIMEOUT = 1000,
}
const LOADING_CLASS = 'dni-loading';

function start({ site, api, consentRequired }: Config): Dni {
  // Anything stored was stored with consent, so it stands for consent given before;
  // and nothing is stored while consent is missing.
  let stored = load<Stored>();
  let allowed = !consentRequired || !!stored;
  // Set once something was swapped: the page shows our numbers, and changes are watched.
  let swapNumbers: SwapNumbers | undefined;
  // Business number → the number the page shows for it now.
  const shown: Record<string, string> = {};
  let lastUrl = '';
  let pingTimer: ReturnType<typeof setInterval> | undefined;
  let settle!: (assignment: Assignment | null) => void;
  const ready = new Promise<Assignment | null>((resolve) => (settle = resolve));
  const html = document.documentElement;
  const htmlClasses = html.classList;

  const remember = (assignment: Assignment) => save((stored = { a: assignment, t: Date.now() }));
  // The page as session requests and pings describe it; its address is then the last one
  // reported. With the ad platforms' browser ids (GA4's client id, Meta's _fbp and _fbc),
  // which their tags may set only after this page's first request: the collector keeps
  // them for the conversions it sends those platforms.
  const thisPage = () => ({ url: (lastUrl = location.href), title: document.title, ga: cookie('_ga'), fbp: cookie('_fbp'), fbc: cookie('_fbc') });

  const show = (assignment: Assignment) => {
    const swaps: Array<[string, string]> = [];
    for (const { replace, number } of assignment.numbers) {
      // Each pair is one more alternative the pattern tries on every text: none that
      // changes nothing (an unleased number), none twice (a first assignment).
      if (replace != number) swaps.push([replace, number]);
      // A page already showing an older tracking number moves on to the new one.
      // Not when it shows the number already: that pair would change nothing.
      if (shown[replace] && shown[replace] != number) swaps.push([shown[replace], number]);
      shown[replace] = number;
    }
    // Nothing to change (every number unleased): no walk now, no watching later.
    if (!swaps.length) return;
    const watching = swapNumbers;
    swapTree(html, (swapNumbers = numberSwapper(swaps)));
    // Only after the walk, so the observer is not handed the walk's own changes.
    if (!watching) watchChanges(html, (node) => swapTree(node, swapNumbers!));
  };

  const ping = (leaving?: boolean) => {
    if (!stored) return;
    const url = `${api}/v1/sessions/${stored.a.session}/ping`;
    const body = thisPage();
    remember(stored.a);
    DEBUG_BUILD && log('ping', body);
    // The page is going away: the browser delivers this after unload.
    if (leaving) return navigator.sendBeacon(url, JSON.stringify(body));
    // The collector has ended or forgotten the session: start a new one.
    const ended = () => allowed && begin(true);
    post<Pick<Assignment, 'expires_at'>>(url, body)
      .then(
        (answer) => (Date.parse(answer.expires_at) > Date.now() ? stored && remember({ ...stored.a, ...answer }) : ended()),
        (status) => status == 404 && ended(),
      )
      .catch(log);
  };

  const keepAlive = () => {
    clearInterval(pingTimer);
    if (!document.hidden) pingTimer = setInterval(guard(ping), (stored!.a.ping_s || 60) * 1000);
  };

  const begin = (sessionGone?: boolean) => {
    const now = Date.now();
    if (!sessionGone && stored && now - stored.t < Ms.SESSION_IDLE && Date.parse(stored.a.expires_at) > now) {
      // Synchronous, as soon as the script runs, with no request to wait for.
      DEBUG_BUILD && log('stored', stored.a);
      DEBUG_BUILD && explain(stored.a);
      show(stored.a);
      settle(stored.a);
      ping(); // records this page view and extends the lease
      return keepAlive();
    }
    htmlClasses.add(LOADING_CLASS);
    // The class doubles as the clock: gone means the answer came too late. The timeout
    // also guarantees that the site's numbers never stay hidden.
    setTimeout(() => htmlClasses.remove(LOADING_CLASS), Ms.LOADING_TIMEOUT);
    const request = {
      site,
      referrer: document.referrer,
      ...thisPage(),
      visitor: stored?.a.visitor,
      // Sent back even after the idle time: the collector keeps a session while its lease
      // lives, and answers whether it still does. Not when it just said the session is gone.
      session: sessionGone ? undefined : stored?.a.session,
    };
    DEBUG_BUILD && log('session', request);
    post<Assignment>(`${api}/v1/sessions`, request)
      .then((assignment) => {
        DEBUG_BUILD && explain(assignment);
        // Consent withdrawn meanwhile: nothing kept, nothing shown, and `ready` gets null.
        if (allowed) {
          remember(assignment);
          // A number changing in front of the visitor is worse than one page without
          // tracking: a late first answer leaves the original numbers. But a page that
          // shows a tracking number already (one whose lease ended while the tab was
          // hidden, say) moves to the new one whenever it comes: the old one may be
          // another visitor's by now.
          if (swapNumbers || htmlClasses.contains(LOADING_CLASS)) show(assignment);
          else DEBUG_BUILD && log('late', assignment);
          keepAlive();
          return assignment;
        }
      })
      .catch(DEBUG_BUILD ? (error) => log('offline', error) : log)
      .then((assignment) => {
        htmlClasses.remove(LOADING_CLASS);
        settle(assignment || null);
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
  watchNavigation(() => location.href != lastUrl && ping());

  if (allowed) begin();
  else DEBUG_BUILD && log('consent', false);

  return {
    ready,
    swap: guard((root: Node = html) => swapNumbers && swapTree(root, swapNumbers)),
    consent: guard((granted: boolean) => {
      DEBUG_BUILD && log('consent', granted);
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

/** Runs dni.debug.js, from beside this file, in place of this build: a new tag with the same attributes. */
function loadDebugBuild(script: HTMLScriptElement) {
  const debug = document.createElement('script');
  for (const { name, value } of script.attributes) debug.setAttribute(name, value);
  debug.src = new URL('dni.debug.js', script.src).href;
  document.head.append(debug);
}

const page = window as Window & { dni?: Dni };
// A second copy of the tag must not start a second session.
if (!page.dni)
  guard(() => {
    const script = document.currentScript as HTMLScriptElement;
    // dni.js has no log text (the size budget): debugging is dni.debug.js's job.
    if (!DEBUG_BUILD && debugAsked()) return loadDebugBuild(script);
    const config = readConfig(script);
    if (config) page.dni = start(config);
  })();
