import { ageOn, idCheckCharacter, isOfVotingAge, isValidPhone, maskIdNumber, maskPhone, parseResidentId } from './idcard';

/** A well-formed ID for a birth date, with the check character computed. */
function makeId(birth: string, seq = '123', region = '110105'): string {
  const first17 = region + birth.replaceAll('-', '') + seq;
  return first17 + idCheckCharacter(first17);
}

describe('resident ID number (GB 11643)', () => {
  it('accepts the standard examples, with X as check character', () => {
    const r = parseResidentId('11010519491231002X');
    expect(r).toEqual({ ok: true, value: { id: '11010519491231002X', birthDate: '1949-12-31', gender: 'female' } });
    expect(parseResidentId('440524188001010014').ok).toBe(true);
  });

  it('normalizes a lower-case x and surrounding spaces', () => {
    const r = parseResidentId(' 11010519491231002x ');
    expect(r.ok && r.value.id).toBe('11010519491231002X');
  });

  it('reads gender from the 17th digit (odd = male)', () => {
    const r = parseResidentId(makeId('1990-03-07', '447'));
    expect(r.ok && r.value.gender).toBe('male');
  });

  it('refuses a wrong length, letters, or a leading zero as a format error', () => {
    for (const bad of ['11010519491231002', '1101051949123100211', '1101051949123100AX', '01010519491231002X', ''])
      expect(parseResidentId(bad)).toEqual({ ok: false, key: 'election.errors.idFormat' });
  });

  it('refuses an impossible birth date before the checksum', () => {
    const first17 = '110105' + '20010229' + '123'; // 2001 is not a leap year
    expect(parseResidentId(first17 + idCheckCharacter(first17))).toEqual({ ok: false, key: 'election.errors.idBirthDate' });
    const month13 = '110105' + '19901301' + '123';
    expect(parseResidentId(month13 + idCheckCharacter(month13))).toEqual({ ok: false, key: 'election.errors.idBirthDate' });
  });

  it('refuses a single wrong digit or check character', () => {
    expect(parseResidentId('110105194912310021')).toEqual({ ok: false, key: 'election.errors.idChecksum' });
    expect(parseResidentId('11010519491231003X')).toEqual({ ok: false, key: 'election.errors.idChecksum' });
  });
});

describe('age on election day', () => {
  it('counts the 18th birthday itself as eligible', () => {
    expect(isOfVotingAge('2008-12-10', '2026-12-10')).toBe(true);
    expect(isOfVotingAge('2008-12-11', '2026-12-10')).toBe(false);
    expect(ageOn('2008-12-11', '2026-12-10')).toBe(17);
  });

  it('gives a 29 February birthday to 28 February in common years', () => {
    expect(isOfVotingAge('2008-02-29', '2026-02-28')).toBe(true);
    expect(isOfVotingAge('2008-02-29', '2026-02-27')).toBe(false);
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
  });
});

describe('masking', () => {
  it('shows an ID as first 3 and last 4', () => {
    expect(maskIdNumber('110105194912311234')).toBe('110***********1234');
    expect(maskIdNumber('11010519491231002x')).toBe('110***********002X');
  });

  it('shows a mobile number as 138****1234', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138 1234 1234')).toBe('138****1234');
    expect(maskPhone('1234567')).toBe('*******');
  });

  it('accepts mainland mobiles and landlines with area code only', () => {
    expect(isValidPhone('13812341234')).toBe(true);
    expect(isValidPhone('010-12345678')).toBe(true);
    expect(isValidPhone('12812341234')).toBe(false);
    expect(isValidPhone('12345')).toBe(false);
  });
});
