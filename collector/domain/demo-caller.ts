// Fictional callers for the demo's simulated calls (NXX-555-0100…0199 are reserved for
// fiction). Each call takes the next one, so repeat demo calls are different callers,
// not duplicates of the first: 800 calls before one comes round again.
const AREA_CODES = ['212', '312', '415', '512', '617', '702', '808', '919'];
const FICTIONAL_LINES = 100;

/** The caller of the demo's `n`th simulated call (0-based), in E.164. */
export function demoCaller(n: number): string {
  const line = n % FICTIONAL_LINES;
  const area = AREA_CODES[Math.floor(n / FICTIONAL_LINES) % AREA_CODES.length]!;
  return `+1${area}555${String(100 + line).padStart(4, '0')}`;
}
