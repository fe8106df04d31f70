import { clientKeyOf } from './client.server';

describe('clientKeyOf: one throttling key per client', () => {
  it('keeps IPv4 (also when mapped into IPv6) and counts IPv6 per /64', () => {
    expect(clientKeyOf('203.0.113.7')).toBe('203.0.113.7');
    expect(clientKeyOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientKeyOf('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(clientKeyOf('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientKeyOf('::1')).toBe('0:0:0:0::/64');
  });

  it('has no key without an address, and one shared key for nonsense', () => {
    expect(clientKeyOf(undefined)).toBeUndefined();
    expect(clientKeyOf('not an address')).toBe('unknown');
  });
});
