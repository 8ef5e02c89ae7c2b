// A real HTTP receiver on 127.0.0.1 for events out (webhooks, postbacks, ad platforms):
// it records every request and answers with the statuses (and bodies) a test scripts,
// 200 once they run out; a path given a fixed reply (an OAuth token endpoint) always
// answers that, and takes nothing from the script.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

export async function startReceiver() {
  const requests: Received[] = [];
  // A status to answer with (and a body), or 'hold': take the request and never answer it.
  type Answer = number | 'hold' | { status: number; body: string };
  const script: Answer[] = [];
  const fixed = new Map<string, { status: number; body: string }>();
  const waiters: { count: number; done: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const answer = fixed.get(new URL(req.url ?? '/', 'http://x').pathname) ?? script.shift() ?? 200;
      if (answer === 'hold') return notify();
      if (typeof answer === 'object') res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body);
      else res.writeHead(answer, { 'content-type': 'text/plain' }).end(answer < 300 ? 'ok' : `failing with ${answer}`);
      notify();
    });
  });
  function notify() {
    for (const w of waiters.filter((w) => requests.length >= w.count)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.done();
    }
  }
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    /** The next requests get these statuses, in order. */
    answer: (...answers: Answer[]) => script.push(...answers),
    /** Every request to `path` gets this answer, whatever the script says. */
    reply: (path: string, body: string, status = 200) => fixed.set(path, { status, body }),
    /** Resolves once `count` requests have arrived in all. */
    received: (count: number) => (requests.length >= count ? Promise.resolve() : new Promise<void>((done) => waiters.push({ count, done }))),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
