// Places a simulated call to the demo number most recently shown on /demo, through the
// running server: the whole loop without a carrier account.
export {};

type CallAnswer = {
  error?: { message: string };
  tracking_number: string;
  duration_s: number;
  attribution: { confidence: string; source: string | null; medium: string | null; campaign: string | null; keyword: string | null };
};

const base = (process.env.DNI_PUBLIC_URL || `http://localhost:${process.env.PORT || 8787}`).replace(/\/+$/, '');

try {
  const res = await fetch(`${base}/demo/call`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  const body = (await res.json()) as CallAnswer;
  if (!res.ok) {
    console.error(`The server said no: ${body.error?.message ?? res.statusText}`);
    process.exit(1);
  }
  const a = body.attribution;
  console.log(`Called ${body.tracking_number} for ${body.duration_s} s.`);
  console.log(`Attributed (${a.confidence}) to source=${a.source} medium=${a.medium} campaign=${a.campaign ?? '-'} keyword=${a.keyword ?? '-'}`);
  console.log(`See it on ${base}/dashboard/`);
} catch {
  console.error(`No server at ${base}: start it with npm start first.`);
  process.exit(1);
}
