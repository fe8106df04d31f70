import { compositionWarnings } from './composition';
import { safeCsvCell, toCsv } from './csv';
import { mapHeaders, personSchema, validateImportRows } from './people';
import { checkEnd, checkGrant, dayBefore, grantSchema, termEndOf, type HeldRole } from './roles';
import { applySettings, settingsValuesOf } from './settings';

const held = (p: Partial<HeldRole>): HeldRole => ({
  id: 'm', userId: 'u1', role: 'committee_member', attrs: { office: 'member' }, startsOn: '2026-01-01', endsOn: null, ...p,
});

describe('granting roles with dates', () => {
  it('refuses an end date before the start', () => {
    expect(checkGrant([], { userId: 'u1', role: 'resident', attrs: {}, startsOn: '2026-05-02', endsOn: '2026-05-01' })).toMatchObject({ key: 'admin.errors.endBeforeStart' });
    const parsed = grantSchema.safeParse({ personId: crypto.randomUUID(), role: 'resident', startsOn: '2026-05-02', endsOn: '2026-05-01', reason: 'x' });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues[0]).toMatchObject({ path: ['endsOn'], message: 'admin.errors.endBeforeStart' });
  });

  it('refuses overlapping terms of the same role for one person, allows back-to-back terms', () => {
    const h = [held({ endsOn: '2026-06-30' })];
    expect(checkGrant(h, { userId: 'u1', role: 'committee_member', attrs: { office: 'member' }, startsOn: '2026-06-30', endsOn: null })).toMatchObject({ key: 'admin.errors.termOverlap' });
    expect(checkGrant(h, { userId: 'u1', role: 'committee_member', attrs: { office: 'member' }, startsOn: '2026-07-01', endsOn: null }).ok).toBe(true);
    expect(checkGrant(h, { userId: 'u2', role: 'committee_member', attrs: { office: 'member' }, startsOn: '2026-03-01', endsOn: null }).ok).toBe(true);
  });

  it('keeps one director and one party secretary at a time', () => {
    const h = [held({ attrs: { office: 'director' } }), held({ userId: 'u3', role: 'party_secretary', attrs: {} })];
    expect(checkGrant(h, { userId: 'u2', role: 'committee_member', attrs: { office: 'director' }, startsOn: '2027-01-01', endsOn: null })).toMatchObject({ key: 'admin.errors.officeTaken', params: { office: 'director' } });
    expect(checkGrant(h, { userId: 'u2', role: 'party_secretary', attrs: {}, startsOn: '2027-01-01', endsOn: null })).toMatchObject({ key: 'admin.errors.officeTaken' });
    expect(checkGrant(h, { userId: 'u2', role: 'committee_member', attrs: { office: 'deputy_director' }, startsOn: '2027-01-01', endsOn: null }).ok).toBe(true);
  });

  it('keeps two-committee members off the supervision committee (§1.1)', () => {
    expect(checkGrant([held({})], { userId: 'u1', role: 'supervisor', attrs: {}, startsOn: '2026-02-01', endsOn: null })).toMatchObject({ key: 'admin.errors.supervisorOnCommittee' });
    expect(checkGrant([held({ role: 'supervisor', attrs: {} })], { userId: 'u1', role: 'party_committee_member', attrs: {}, startsOn: '2026-02-01', endsOn: null })).toMatchObject({ key: 'admin.errors.supervisorOnCommittee' });
  });

  it('needs a constituency for a representative and an office for a committee member', () => {
    const r = grantSchema.safeParse({ personId: crypto.randomUUID(), role: 'resident_representative', startsOn: '2026-01-01', reason: '当选' });
    expect(r.error!.issues.map((i) => i.message)).toContain('admin.errors.constituencyRequired');
    const c = grantSchema.safeParse({ personId: crypto.randomUUID(), role: 'committee_member', startsOn: '2026-01-01', reason: '当选' });
    expect(c.error!.issues.map((i) => i.message)).toContain('admin.errors.officeRequired');
  });

  it('ends a role once, never before it started', () => {
    expect(checkEnd({ startsOn: '2026-01-10', endsOn: null }, '2026-01-09')).toMatchObject({ key: 'admin.errors.endBeforeStart' });
    expect(checkEnd({ startsOn: '2026-01-10', endsOn: '2026-02-01', endedAt: new Date() }, '2026-03-01')).toMatchObject({ key: 'admin.errors.alreadyEnded' });
    expect(checkEnd({ startsOn: '2026-01-10', endsOn: null }, '2026-01-10').ok).toBe(true);
  });

  it('computes a five-year term and the day before', () => {
    expect(termEndOf('2026-03-01')).toBe('2031-02-28');
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
  });
});

describe('composition warnings (warn, never block)', () => {
  const m = (id: string, gender: 'male' | 'female') => ({ userId: id, gender });
  it('warns when representatives are under 4/5 of the meeting or women under 1/3', () => {
    const committee = ['a', 'b', 'c', 'd', 'e'].map((id) => m(id, 'male'));
    const reps = Array.from({ length: 19 }, (_, i) => m(`r${i}`, i < 8 ? 'female' : 'male'));
    expect(compositionWarnings(committee, reps).map((w) => w.key)).toEqual(['admin.warnings.representativesShare', 'admin.warnings.committeeNoWoman']);
    const reps20 = Array.from({ length: 20 }, (_, i) => m(`r${i}`, i < 9 ? 'female' : 'male'));
    // 20 of 25 = 4/5 exactly: no warning; 9 women of 25 (< 1/3 = 8.33…)? 27 ≥ 25: fine.
    expect(compositionWarnings([...committee.slice(0, 4), m('e', 'female')], reps20)).toEqual([]);
    const fewWomen = Array.from({ length: 20 }, (_, i) => m(`r${i}`, i < 7 ? 'female' : 'male'));
    expect(compositionWarnings([...committee.slice(0, 4), m('e', 'female')], fewWomen).map((w) => w.key)).toEqual(['admin.warnings.womenShare']);
  });
  it('counts a person on the committee who is also a representative once', () => {
    const w = compositionWarnings([m('a', 'female')], [m('a', 'female')]);
    expect(w.map((x) => x.key)).toEqual(['admin.warnings.committeeSize']);
  });
});

describe('people register rows', () => {
  it('maps Chinese headers and refuses a file without a name column', () => {
    expect(mapHeaders(['姓名', '性别', '手机号'])).toEqual({ ok: true, mapping: { name: 0, gender: 1, phone: 2 } });
    expect(mapHeaders(['full name'], { name: 'Full Name' })).toEqual({ ok: true, mapping: { name: 0 } });
    expect(mapHeaders(['名字'])).toMatchObject({ ok: false, key: 'admin.errors.importNameColumnMissing' });
    expect(mapHeaders(['姓名'], { phone: '电话号码' })).toMatchObject({ ok: false, key: 'admin.errors.importHeaderMissing' });
  });

  it('names each bad row and field, and a phone twice in the file', () => {
    const { people, errors } = validateImportRows(
      [
        ['张三', '男', '1960', '13800138000'],
        ['', '女', '1970', ''],
        ['李四', '未知', '1850', '12345'],
        ['王五', '女', '', '138 0013 8000'],
        ['', '', '', ''],
      ],
      { name: 0, gender: 1, birthYear: 2, phone: 3 },
    );
    expect(people.map((p) => p.name)).toEqual(['张三']);
    expect(errors).toEqual([
      { row: 3, field: 'name', key: 'form.required' },
      { row: 4, field: 'gender', key: 'admin.errors.genderInvalid' },
      { row: 4, field: 'birthYear', key: 'admin.errors.birthYearInvalid' },
      { row: 4, field: 'phone', key: 'admin.errors.phoneInvalid' },
      { row: 5, field: 'phone', key: 'admin.errors.phoneDuplicateInFile', params: { first: 2 } },
    ]);
  });

  it('normalizes a phone and caps text lengths', () => {
    expect(personSchema.parse({ name: ' 赵六 ', phone: '+86 139-0000-1111' })).toMatchObject({ name: '赵六', phone: '13900001111', gender: null });
    expect(personSchema.safeParse({ name: 'x'.repeat(51) }).success).toBe(false);
  });
});

describe('settings against statutory floors', () => {
  const ctx = { isDrill: false, roles: ['committee_member'] as const, approvalRef: null };
  it('refuses a value below the floor citing its source, and changes nothing else', () => {
    const r = applySettings({}, { disclosureDays: '6', noticeRepresentativesMeeting: '2' }, ctx);
    expect(r).toEqual({
      ok: false,
      refusals: [
        { field: 'noticeRepresentativesMeeting', key: 'admin.errors.settingBelowFloor', params: { setting: 'noticeRepresentativesMeeting', min: 3, basis: 's7b' } },
        { field: 'disclosureDays', key: 'admin.errors.settingBelowFloor', params: { setting: 'disclosureDays', min: 7, basis: 's14' } },
      ],
    });
  });
  it('keeps other keys and reports what changed', () => {
    const r = applySettings({ consultation: { x: 1 } }, { disclosureDays: '10' }, ctx);
    expect(r.ok && r.settings).toMatchObject({ consultation: { x: 1 }, motion: { disclosureDays: 10 } });
    expect(r.ok && r.changed).toEqual(['disclosureDays']);
    expect(settingsValuesOf(r.ok ? r.settings : {}).disclosureDays).toBe(10);
  });
  it('lets only the street office allow online voting, with an approval reference; day length only in drills', () => {
    expect(applySettings({}, { onlineVotingAllowed: 'on' }, ctx)).toMatchObject({ ok: false, refusals: [{ key: 'admin.errors.onlineVotingNeedsStreetOffice' }] });
    expect(applySettings({}, { onlineVotingAllowed: 'on' }, { ...ctx, roles: ['street_office_admin'] })).toMatchObject({ ok: false, refusals: [{ key: 'admin.errors.onlineVotingNeedsApproval' }] });
    expect(applySettings({}, { onlineVotingAllowed: 'on' }, { ...ctx, roles: ['street_office_admin'], approvalRef: '街道批复〔2026〕3号' }).ok).toBe(true);
    expect(applySettings({}, { dayMs: '3000' }, ctx)).toMatchObject({ ok: false, refusals: [{ key: 'admin.errors.dayLengthOnlyForDrills' }] });
    expect(applySettings({}, { dayMs: '3000' }, { ...ctx, isDrill: true })).toMatchObject({ ok: true, settings: { motion: { dayMs: 3000 }, elections: { dayMs: 3000 } } });
  });
});

describe('CSV export cells', () => {
  it('neutralizes formulas and quotes separators', () => {
    expect(['=1+1', '+x', '-2', '@SUM(A1)', 'ok', 'a,b', 'say "hi"'].map(safeCsvCell)).toEqual([
      "'=1+1", "'+x", "'-2", "'@SUM(A1)", 'ok', '"a,b"', '"say ""hi"""',
    ]);
    expect(toCsv(['a'], [['=cmd']])).toBe("\uFEFFa\r\n'=cmd\r\n");
  });
});
