import { canonicalQuery, percentEncode, rpcSignature } from './notify-sms';

describe('Aliyun RPC signature (SignatureVersion 1.0)', () => {
  it('encodes as the documentation says: %20 for space, %2A for *, ~ kept', () => {
    expect(percentEncode('a b*~!')).toBe('a%20b%2A~%21');
    expect(percentEncode('民议')).toBe('%E6%B0%91%E8%AE%AE');
    expect(canonicalQuery({ b: '2', a: '1:' })).toBe('a=1%3A&b=2');
  });

  it('reproduces the documented example signature (DescribeRegions, secret "testsecret")', () => {
    const params = {
      AccessKeyId: 'testid',
      Action: 'DescribeRegions',
      Format: 'XML',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
      SignatureVersion: '1.0',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
    };
    expect(rpcSignature('GET', params, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});
