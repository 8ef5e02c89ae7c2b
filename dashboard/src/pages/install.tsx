import { CopyButton } from '../components/copy-button';
import { Shell } from '../components/shell';
import { Empty } from '../components/states';
import { useDashboard } from '../lib/context';
import { ago } from '../lib/format';
import type { Site } from '../lib/types';

const ANTI_FLICKER_CSS = 'html.dni-loading .phone{visibility:hidden}';

// The snippet opens a session on every page view: a site silent for a day has likely lost its tag.
const RECENT_MS = 24 * 3_600_000;

function Seen({ site, now }: { site: Site; now: number }) {
  if (!site.last_seen_at) return <span class="status status-off">Not seen yet: paste the tag and open a page of the site.</span>;
  const recent = now - Date.parse(site.last_seen_at) < RECENT_MS;
  return <span class={recent ? 'status status-on' : 'status status-warn'}>{recent ? `Working: last seen ${ago(site.last_seen_at, now)}` : `Not seen for a while: last seen ${ago(site.last_seen_at, now)}`}</span>;
}

/**
 * What the anti-flicker rule does, and what it cannot: the class exists only once the
 * script has run, and an async script may run after the first paint (docs/snippet.md, "No flicker").
 */
function AntiFlickerHelp() {
  return (
    <>
      <p class="muted small">
        Add the class <code>phone</code> to elements that show your number, and this rule to your CSS. While the snippet asks for a new visitor's number it puts the class{' '}
        <code>dni-loading</code> on <code>&lt;html&gt;</code>, and the rule hides those elements; after at most one second the class goes and the page shows whatever number it has (if the answer
        was late, the original one, which then stays put).
      </p>
      <p class="muted small">
        The class is set when the script runs. With the <code>async</code> tag above the browser may paint the page before that, so the original number can show for a moment.
        To make the first paint wait for the script, and so show a returning visitor's tracking number from the first frame, add <code>blocking="render"</code> to the tag
        (Chrome and Edge) or leave out <code>async</code> (every browser, but it also holds up the rest of the page). Either way a slow collector delays your page.
      </p>
    </>
  );
}

export function Install() {
  const { sites, siteId } = useDashboard();
  const shown = siteId ? sites.filter((s) => s.id === siteId) : sites;
  const now = Date.now();
  return (
    <Shell current="install" title="Install" filters={false}>
      {shown.length === 0 && (
        <section class="card">
          <Empty title="No site yet">Add a site in Settings to get its script tag.</Empty>
        </section>
      )}
      {shown.map((site) => (
        <section class="card install" key={site.id} aria-labelledby={`site-${site.id}`}>
          <div class="card-head">
            <h2 id={`site-${site.id}`}>{site.name}</h2>
            <Seen site={site} now={now} />
          </div>
          <p class="muted small">{site.domains.join(', ')}</p>
          <h3>1. Paste this tag into every page, just before &lt;/head&gt;</h3>
          <div class="code">
            <pre>
              <code>{site.script_tag}</code>
            </pre>
            <CopyButton text={site.script_tag} label="Copy tag" />
          </div>
          <h3>2. Optional: hide numbers until they are swapped</h3>
          <AntiFlickerHelp />
          <div class="code">
            <pre>
              <code>{ANTI_FLICKER_CSS}</code>
            </pre>
            <CopyButton text={ANTI_FLICKER_CSS} label="Copy CSS" />
          </div>
          <h3>3. Keep a number as it is</h3>
          <p class="muted small">
            Put <code>data-dni-noswap</code> on any element whose numbers must never change.
          </p>
        </section>
      ))}
    </Shell>
  );
}
