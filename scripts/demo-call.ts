// Places a simulated call to the demo number most recently shown on /demo, through the
// server `npm start` runs on this machine: the whole loop without a carrier account.
import { configFromEnv, parseEnv } from '../collector/config';
import { nodeEnvSchema } from '../collector/node';

type CallAnswer = {
  error?: { message: string };
  tracking_number: string;
  caller: string;
  duration_s: number;
  attribution: { confidence: string; source: string | null; medium: string | null; campaign: string | null; keyword: string | null };
};

/** The server on this machine, from PORT and HOST read as `npm start` reads them. */
function localServer(env: Record<string, string | undefined>): string {
  const { port } = configFromEnv(env);
  const { HOST } = parseEnv(nodeEnvSchema, env);
  // A server bound to every interface is reached on loopback.
  const host = HOST === '0.0.0.0' || HOST === '::' ? '127.0.0.1' : HOST;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

const base = localServer(process.env);

try {
  const res = await fetch(`${base}/demo/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const body = (await res.json()) as CallAnswer;
  if (!res.ok) {
    console.error(`The server said no: ${body.error?.message ?? res.statusText}`);
    process.exit(1);
  }
  const a = body.attribution;
  console.log(`${body.caller} called ${body.tracking_number} for ${body.duration_s} s.`);
  console.log(`Attributed (${a.confidence}) to source=${a.source} medium=${a.medium} campaign=${a.campaign ?? '-'} keyword=${a.keyword ?? '-'}`);
  console.log(`See it on ${base}/dashboard/`);
} catch {
  console.error(`No server at ${base}: start it with npm start first.`);
  process.exit(1);
}
