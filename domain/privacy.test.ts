import { maskPhone } from './privacy';

describe('maskPhone', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138-1234-1234')).toBe('138****1234');
  });
  it('hides short numbers entirely and shows nothing for none', () => {
    expect(maskPhone('1234567')).toBe('*******');
    expect(maskPhone(null)).toBe('');
  });
});
