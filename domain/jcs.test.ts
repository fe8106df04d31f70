import { canonicalJson } from './disclosure';
// The standalone verifier a journalist runs must agree with the app on every vector.
import { canonicalize as standalone } from '../tools/verify-disclosures.mjs';

/** Test vectors of RFC 8785 (JSON Canonicalization Scheme). */
const implementations: [string, (v: unknown) => string][] = [
  ['domain/disclosure.ts', canonicalJson],
  ['tools/verify-disclosures.mjs', standalone as (v: unknown) => string],
];

const fromHex = (hex: string) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
};

// RFC 8785 Appendix B: IEEE 754 bit patterns and their canonical text.
const NUMBERS: [string, string][] = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];

describe.each(implementations)('RFC 8785 canonicalization (%s)', (_name, canonicalize) => {
  it('serializes the primitives example of §3.2.2', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],' +
        '"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts members by UTF-16 code units as in §3.2.3', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One",' +
        '"\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","ö":"Latin Small Letter O With Diaeresis",' +
        '"€":"Euro Sign","😀":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it.each(NUMBERS)('serializes the IEEE 754 value %s as %s (Appendix B)', (hex, text) => {
    expect(canonicalize(fromHex(hex))).toBe(text);
  });

  it('refuses what I-JSON forbids: NaN, Infinity and lone surrogates', () => {
    expect(() => canonicalize(fromHex('7fffffffffffffff'))).toThrow();
    expect(() => canonicalize(fromHex('7ff0000000000000'))).toThrow();
    expect(() => canonicalize({ a: '\ud800' })).toThrow();
    expect(() => canonicalize({ '\udc00': 1 })).toThrow();
  });

  it('nests: arrays keep order, objects are sorted at every level', () => {
    expect(canonicalize({ b: [3, { z: 1, a: [] }], a: {} })).toBe('{"a":{},"b":[3,{"a":[],"z":1}]}');
  });
});
