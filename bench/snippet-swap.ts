// The snippet's swap pass over a page of 10,000 elements in Chromium, and dni.js's size.
// Run: npx tsx bench/snippet-swap.ts [runs]
import { brotli } from '../scripts/compress';
import { buildSnippet, gzipSize } from '../snippet/build';
import { launchBrowser, visitorContext } from '../test/helpers/browser';

const RUNS = Number(process.argv[2] ?? 31);
const ORIGIN = 'http://shop.bench';
const BLOCKS = 1000; // 10 elements each

/** A long page: cards of headings, prices, dates and links; every tenth card shows the phone number. */
function pageBody(): string {
  let html = '';
  for (let i = 0; i < BLOCKS; i++) {
    const phone = i % 10 === 0 ? 'Call (800) 555-0100 today' : `Order ${100000 + i} ships 2026-06-01`;
    html +=
      `<section><h3>Product ${i}</h3><p>From <b>$${i}.99</b>, <i>save 20%</i> until <time>06/30</time>.</p>` +
      `<ul><li>${phone}</li></ul><a href="${i % 10 === 0 ? 'tel:+18005550100' : `/p/${i}`}">more</a><span>SKU-${i}</span></section>`;
  }
  return html;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const code = await buildSnippet();
// gc() between runs keeps one run's garbage out of the next one's time.
const browser = await launchBrowser({ extraArgs: ['--js-flags=--expose-gc'] });
try {
  const context = await visitorContext(browser);
  const page = await context.newPage();
  const body = pageBody();
  await context.route(`${ORIGIN}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/dni.js') return route.fulfill({ contentType: 'text/javascript', body: code });
    if (path.endsWith('/ping')) return route.fulfill({ contentType: 'application/json', body: JSON.stringify({ expires_at: new Date(Date.now() + 1.8e6).toISOString() }) });
    return route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><head><script src="/dni.js" data-site="site_bench"></script></head><body>${body}</body></html>` });
  });
  // A returning visitor: the assignment is stored, so the page swaps without asking the collector.
  await context.addInitScript(() => {
    const a = {
      visitor: 'v_bench',
      session: 's_bench',
      expires_at: new Date(Date.now() + 1.8e6).toISOString(),
      ping_s: 60,
      numbers: [{ replace: '+18005550100', number: '+18005550123', leased: true }],
    };
    localStorage.setItem('dni', JSON.stringify({ a, t: Date.now() }));
  });
  await page.goto(`${ORIGIN}/`);

  const result = await page.evaluate(
    ({ runs, original }) => {
      const { dni, gc } = window as unknown as { dni: { swap(root?: Node): void }; gc(): void };
      const times: number[] = [];
      for (let i = 0; i < runs; i++) {
        document.body.innerHTML = original; // every run swaps the original numbers
        gc();
        const start = performance.now();
        dni.swap();
        times.push(performance.now() - start);
      }
      return {
        times,
        elements: document.body.getElementsByTagName('*').length,
        swapped: document.body.innerHTML.split(/555-0123|tel:\+18005550123/).length - 1,
      };
    },
    { runs: RUNS, original: body },
  );
  if (result.swapped === 0) throw new Error('the swap pass swapped nothing: the benchmark measures the wrong thing');
  const sorted = [...result.times].sort((a, b) => a - b);
  console.log(`Chromium ${browser.version()}; ${result.elements} elements, ${result.swapped} numbers swapped per pass (text and tel: links)`);
  console.log(`swap pass: median ${median(result.times).toFixed(2)} ms, min ${sorted[0]!.toFixed(2)} ms, max ${sorted.at(-1)!.toFixed(2)} ms over ${RUNS} runs`);
  console.log(`dni.js: ${Buffer.byteLength(code)} B minified, ${gzipSize(code)} B min+gzip, ${brotli(code).length} B min+brotli (as the Node server sends it to browsers that accept br)`);
} finally {
  await browser.close();
}
