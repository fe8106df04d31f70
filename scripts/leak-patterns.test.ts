import { patternLeaks } from '../e2e/leaks';

describe('the privacy journey’s patterns', () => {
  it('finds a phone, an ID number and a room in public text', () => {
    expect(patternLeaks('联系电话13812345678，请来电')).toEqual(['mobile number "13812345678"']);
    expect(patternLeaks('phone: 13812345678.')).toEqual(['mobile number "13812345678"']);
    expect(patternLeaks('身份证 11010519491231002X')).toEqual(['ID number "11010519491231002X"']);
    expect(patternLeaks('3号楼2单元301室')).toEqual(['room number "3号楼2单元301室"']);
  });

  it('does not take digits inside a hash of the chain download for a phone number', () => {
    // a sha-256 in hex holding the eleven digits CI's run found in /p/chunhui/chain.json, letters around
    const hash = '"hash":"9f0ab17361096184cd2e77a1c0b5f3e4d9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4"';
    expect(patternLeaks(hash)).toEqual([]);
    expect(patternLeaks('"prev":"17361096184ab0c"')).toEqual([]);
  });

  it('does not take a longer number for a phone', () => {
    expect(patternLeaks('seq 1736109618400')).toEqual([]);
  });
});
