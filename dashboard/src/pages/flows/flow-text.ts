// How a flow's steps read in its summary.
import { phone } from '../../lib/format';
import type { FlowGate, FlowMenu, FlowOverflow } from '../../lib/types';

const times = (n: number) => (n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`);

export function gateText(g: FlowGate | null): string {
  if (!g) return 'None: callers are connected at once';
  const again = g.retries ? `, asked again ${times(g.retries)}` : '';
  return `Press ${g.digit} within ${g.timeout_s} s${again}; with no key, ${g.no_input === 'route' ? 'connected anyway' : 'hung up'}`;
}

export function menuText(m: FlowMenu | null): string {
  if (!m) return 'None';
  return Object.entries(m.options)
    .map(([k, v]) => `${k} ${v}`)
    .join(' · ');
}

export function overflowText(o: FlowOverflow): string {
  if (o.kind === 'number') return `Dial ${phone(o.number)}`;
  if (o.kind === 'voicemail') return `Voicemail: “${o.prompt}”`;
  return o.message ? `Say “${o.message}” and hang up` : 'Hang up';
}
