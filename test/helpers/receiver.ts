// A real HTTP receiver on 127.0.0.1 for events out (webhooks, postbacks): it records
// every request and answers with the statuses a test scripts, 200 once they run out.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

export async function startReceiver() {
  const requests: Received[] = [];
  // A status to answer with, or 'hold': take the request and never answer it.
  const script: (number | 'hold')[] = [];
  const waiters: { count: number; done: () => void }[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const status = script.shift() ?? 200;
      if (status === 'hold') return notify();
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `failing with ${status}`);
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
    answer: (...statuses: (number | 'hold')[]) => script.push(...statuses),
    /** Resolves once `count` requests have arrived in all. */
    received: (count: number) => (requests.length >= count ? Promise.resolve() : new Promise<void>((done) => waiters.push({ count, done }))),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
