import { html } from 'hono/html';

/** The demo landing page: a fictional plumber whose number the snippet swaps. */
export function demoPage(opts: { publicUrl: string; siteKey: string; businessNumber: string; businessNumberDisplay: string }) {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Rapid Rooter Plumbing — demo</title>
    <link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='8' fill='%230b5cad'/%3E%3C/svg%3E" />
    <style>
      html.dni-loading .phone { visibility: hidden; }
      body { font: 16px/1.5 system-ui, sans-serif; margin: 0; color: #1c2430; background: #f5f7fa; }
      header { background: #0b5cad; color: #fff; padding: 16px 24px; display: flex; justify-content: space-between; align-items: center; flex-wrap: wrap; gap: 8px; }
      header a { color: #fff; font-weight: 700; font-size: 20px; text-decoration: none; }
      main { max-width: 760px; margin: 0 auto; padding: 24px; }
      .cta { background: #fff; border-radius: 12px; padding: 24px; box-shadow: 0 1px 3px #0002; margin: 16px 0; }
      .big { font-size: 32px; font-weight: 800; color: #0b5cad; text-decoration: none; }
      button { font: inherit; padding: 10px 16px; border-radius: 8px; border: 0; background: #e8590c; color: #fff; cursor: pointer; }
      .panel { border: 2px dashed #adb5bd; border-radius: 12px; padding: 16px; background: #fff; }
      code { background: #eef1f5; padding: 1px 4px; border-radius: 4px; }
      ul { padding-left: 20px; }
    </style>
  </head>
  <body>
    <header>
      <strong>Rapid Rooter Plumbing</strong>
      <span>Call us 24/7: <a class="phone" id="header-phone" href="tel:${opts.businessNumber}">${opts.businessNumberDisplay}</a></span>
    </header>
    <main>
      <h1>Burst pipe? We're there in 60 minutes.</h1>
      <div class="cta">
        <p>Emergency plumbers on call now. Speak to a dispatcher:</p>
        <p><a class="big phone" id="cta-phone" href="tel:${opts.businessNumber}">${opts.businessNumberDisplay}</a></p>
      </div>
      <div class="panel" data-dni-noswap>
        <h2>What just happened (demo)</h2>
        <p>
          This page's business number is <code>${opts.businessNumberDisplay}</code>. The one-line script tag at the bottom
          leased you a tracking number from a pool of fictional 555-01xx numbers and swapped it in, keeping the page's format.
          This panel is marked <code>data-dni-noswap</code>, so the number here is never swapped.
        </p>
        <ul>
          <li><a href="/demo?utm_source=google&amp;utm_medium=cpc&amp;utm_campaign=spring&amp;utm_term=emergency+plumber&amp;gclid=demo-click">Arrive as if from a Google Ads click on "emergency plumber"</a></li>
          <li><a href="/demo?utm_source=facebook&amp;utm_medium=social&amp;utm_campaign=winter">Arrive as if from a Facebook post</a></li>
        </ul>
        <p id="dni-status" role="status">Waiting for the tracking number…</p>
        <p><button id="simulate-call" type="button">Simulate a call to the number shown</button> <span id="call-result" role="status"></span></p>
        <p>Then open the <a href="/dashboard/">dashboard</a> (sign in with the admin key printed when the server first started).</p>
      </div>
    </main>
    <script src="${opts.publicUrl}/dni.js" data-site="${opts.siteKey}" async></script>
    <script>
      // What the collector said about this visit, in words: a page keeping its business
      // number otherwise looks just like a broken install (headless browsers are bots).
      const REASONS = {
        bot: 'No tracking number: the collector took this browser for a bot (a headless browser, or no User-Agent), and bots keep the business number.',
        exhausted: 'No tracking number of your own: every number in the demo pool is leased right now (pool exhausted).',
        rate_limited: 'No tracking number: this address opened more new sessions this minute than DNI_SESSION_RATE_LIMIT allows (rate limited).',
      };
      function explain(assignment) {
        const status = document.getElementById('dni-status');
        if (!assignment) return (status.textContent = 'The collector could not be reached: the business number stays.');
        const n = assignment.numbers[0];
        if (!n) return (status.textContent = 'No pool serves this visit: the business number stays.');
        status.textContent = n.leased ? 'Tracking number leased to this visit: ' + n.number + '.' : REASONS[n.reason] || 'No tracking number for this visit.';
      }
      // dni.js sets window.dni; with ?dni_debug=1 it hands over to dni.debug.js, which sets it instead.
      function whenReady() {
        if (window.dni) return window.dni.ready.then(explain);
        const script = document.querySelector('script[src$="/dni.debug.js"]') || document.querySelector('script[data-site]');
        script.addEventListener('load', whenReady, { once: true });
      }
      whenReady();
      document.getElementById('simulate-call').addEventListener('click', async () => {
        const out = document.getElementById('call-result');
        const number = decodeURIComponent(document.getElementById('cta-phone').getAttribute('href').slice(4));
        out.textContent = 'Calling ' + number + '…';
        try {
          const res = await fetch('/demo/call', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ number }) });
          const body = await res.json();
          out.textContent = res.ok
            ? 'Call recorded: ' + body.duration_s + ' s, attributed to ' + (body.attribution.source || 'nobody') + (body.attribution.keyword ? ' / "' + body.attribution.keyword + '"' : '') + ' (' + body.attribution.confidence + ').'
            : 'Could not place the call: ' + body.error.message;
        } catch (e) {
          out.textContent = 'Could not reach the server.';
        }
      });
    </script>
  </body>
</html>`;
}
