import { idCheckCharacter } from './idcard';
import {
  checkNotRegisteredElsewhere,
  isImportAcceptable,
  validateRegisterImport,
  validateRegisterRow,
  type RegisterCheckOptions,
  type RegisterImportRow,
} from './register';
import { checkObjectionFiling, electionScheduleForDay } from './timeline';
import { shanghaiDayStartMs } from './dates';

const E = '2026-12-10';

function makeId(birth: string, seq = '123'): string {
  const first17 = '110105' + birth.replaceAll('-', '') + seq;
  return first17 + idCheckCharacter(first17);
}

/** A stand-in for the keyed hash (HMAC) computed elsewhere. */
const hashOf = (id: string) => `h:${id}`;

const opts = (over: Partial<RegisterCheckOptions> = {}): RegisterCheckOptions => ({
  electionDay: E,
  hashOf,
  registeredHashes: new Set(),
  ...over,
});

const row = (over: Partial<RegisterImportRow> = {}): RegisterImportRow => ({
  name: '王秀英',
  idNumber: makeId('1950-03-07', '122'), // 17th digit 2 → female
  gender: '女',
  group: '第三居民小组',
  householdId: 'H-0301',
  phone: '13812341234',
  basis: 'local_hukou',
  ...over,
});

describe('voter register import', () => {
  it('accepts good rows, normalizing and masking', () => {
    const r = validateRegisterImport([row(), row({ name: '李建国', idNumber: makeId('1962-08-01', '131'), gender: 'male', phone: '' })], opts());
    expect(r.errors).toEqual([]);
    expect(isImportAcceptable(r)).toBe(true);
    expect(r.entries[0]).toMatchObject({ row: 1, gender: 'female', birthDate: '1950-03-07', maskedId: '110***********' + r.entries[0]!.idNumber.slice(-4), idHash: hashOf(r.entries[0]!.idNumber) });
    expect(r.entries[1]).toMatchObject({ row: 2, gender: 'male', phone: null });
  });

  it('reports each bad field with row number, field and key', () => {
    const r = validateRegisterImport(
      [row(), row({ idNumber: '11010519500307122', name: ' ' }), row({ idNumber: makeId('1950-03-07', '133'), basis: 'tenant', phone: '12345' })],
      opts({ firstRowNumber: 2 }),
    );
    expect(r.errors).toEqual([
      { row: 3, field: 'name', key: 'election.errors.nameRequired' },
      { row: 3, field: 'idNumber', key: 'election.errors.idFormat' },
      { row: 4, field: 'phone', key: 'election.errors.phoneFormat' },
      { row: 4, field: 'basis', key: 'election.errors.basisInvalid' },
      { row: 4, field: 'gender', key: 'election.errors.genderMismatch' },
    ]);
    expect(r.entries.map((e) => e.row)).toEqual([2]);
    expect(isImportAcceptable(r)).toBe(false);
  });

  it('flags a wrong check digit and an impossible birth date', () => {
    const good = makeId('1950-03-07', '122');
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    const r = validateRegisterImport([row({ idNumber: wrongCheck })], opts());
    expect(r.errors).toEqual([{ row: 1, field: 'idNumber', key: 'election.errors.idChecksum' }]);
  });

  it('flags duplicates within the file, pointing at the first row, even with a lower-case x', () => {
    const idX = '11010519491231002X';
    const r = validateRegisterImport(
      [row({ idNumber: idX }), row({ name: '张三' }), row({ idNumber: idX.toLowerCase() })],
      opts(),
    );
    expect(r.errors).toEqual([{ row: 3, field: 'idNumber', key: 'election.errors.duplicateInFile', params: { firstRow: 1 } }]);
    expect(r.entries.map((e) => e.row)).toEqual([1, 2]);
  });

  it('flags people already on this register via the keyed hash', () => {
    const id = makeId('1950-03-07', '122');
    const r = validateRegisterImport([row({ idNumber: id })], opts({ registeredHashes: new Set([hashOf(id)]) }));
    expect(r.errors).toEqual([{ row: 1, field: 'idNumber', key: 'election.errors.alreadyRegistered' }]);
  });

  it('refuses a voter registered in another community until withdrawn (§8 #16)', () => {
    const id = makeId('1950-03-07', '122');
    const elsewhere = new Set([hashOf(id)]);
    expect(checkNotRegisteredElsewhere(hashOf(id), elsewhere)).toEqual({ ok: false, key: 'election.errors.registeredElsewhere' });
    const r = validateRegisterImport([row({ idNumber: id })], opts({ registeredElsewhereHashes: elsewhere }));
    expect(r.errors).toEqual([{ row: 1, field: 'idNumber', key: 'election.errors.registeredElsewhere' }]);
    // the other registration withdrawn: the hash is no longer in the active set
    expect(isImportAcceptable(validateRegisterImport([row({ idNumber: id })], opts({ registeredElsewhereHashes: new Set() })))).toBe(true);
  });

  it('refuses voters under 18 on election day, with the day as param', () => {
    const r = validateRegisterImport([row({ idNumber: makeId('2008-12-11', '122') })], opts());
    expect(r.errors).toEqual([{ row: 1, field: 'idNumber', key: 'election.errors.underAge', params: { electionDay: E } }]);
  });

  it('an empty import is not acceptable', () => {
    expect(isImportAcceptable(validateRegisterImport([], opts()))).toBe(false);
  });
});

describe('a voter who turns 18 before E (§8 #17)', () => {
  const turns18 = row({ idNumber: makeId('2008-12-01', '122') }); // 18 on 2026-12-01, after the register closed

  it('is eligible and may be added through an objection until E−5', () => {
    const s = electionScheduleForDay(E);
    expect(validateRegisterRow(turns18, 1, opts()).errors).toEqual([]);
    expect(checkObjectionFiling(s, shanghaiDayStartMs('2026-12-05')).ok).toBe(true);
    expect(checkObjectionFiling(s, shanghaiDayStartMs('2026-12-06'))).toMatchObject({ key: 'election.errors.objectionsClosed' });
  });

  it('is eligible when the 18th birthday is election day itself, not the day after', () => {
    expect(validateRegisterRow(row({ idNumber: makeId('2008-12-10', '122') }), 1, opts()).errors).toEqual([]);
    expect(validateRegisterRow(row({ idNumber: makeId('2008-12-11', '122') }), 1, opts()).errors[0]!.key).toBe('election.errors.underAge');
  });
});
