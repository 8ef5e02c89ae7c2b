import { describe, expect, it } from 'vitest';
import { clientNetwork } from '../../collector/domain/client-network';

describe('clientNetwork', () => {
  it('counts IPv4 addresses one by one, written plainly or IPv4-mapped', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::FFFF:198.51.100.1')).toBe('198.51.100.1');
  });

  it('counts an IPv6 host by its /64, however the address is written', () => {
    const one = clientNetwork('2001:db8:0:1:aaaa:bbbb:cccc:dddd');
    expect(one).toBe('2001:db8:0:1::/64');
    expect(clientNetwork('2001:0db8:0000:0001::1')).toBe(one);
    expect(clientNetwork('2001:db8:0:1::ffff')).toBe(one);
    expect(clientNetwork('2001:db8::1:0:0:1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    // A neighbouring /64 is another client.
    expect(clientNetwork('2001:db8:0:2::1')).not.toBe(one);
  });
});
