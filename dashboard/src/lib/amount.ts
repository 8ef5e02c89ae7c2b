/** An amount as people type it ("1,250.50", "$25") in minor units (2 decimals); null when it is not one. */
export function parseAmount(text: string): number | null {
  const clean = text.replace(/[\s,$]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(clean)) return null;
  const [whole, frac = ''] = clean.split('.');
  return Number(whole) * 100 + Number(frac.padEnd(2, '0'));
}
