// What the session rate limit counts as one client. Pure.
//
// An IPv6 host usually holds a whole /64 and may pick any address in it, so counting
// single addresses would let one machine open sessions without limit. IPv4 addresses
// (also when written IPv4-mapped, ::ffff:203.0.113.7) count one by one.

const MAPPED_V4 = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The address or network one client is counted as: an IPv4 address, or an IPv6 /64 (`2001:db8:0:1::/64`). */
export function clientNetwork(ip: string): string {
  const address = ip.trim().replace(/%.*$/, '');
  const v4 = MAPPED_V4.exec(address);
  if (v4) return v4[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = tail === undefined ? front : [...front, ...Array<string>(Math.max(0, 8 - front.length - back.length)).fill('0'), ...back];
  const prefix = groups.slice(0, 4).map((g) => (Number.parseInt(g, 16) || 0).toString(16));
  return `${prefix.join(':')}::/64`;
}
