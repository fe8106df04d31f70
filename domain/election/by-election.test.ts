import { byElectionDeadline, checkByElectionPossible, checkByElectionSeats, openVacancies, sittingTerm, vacantSeats, type CommitteeSeat } from './by-election';
import { electionPlanSchema } from './schemas';

const termEndOf = (start: string) => `${Number(start.slice(0, 4)) + 5}${start.slice(4)}`;
const seat = (o: Partial<CommitteeSeat>): CommitteeSeat => ({ office: 'member', startsOn: '2024-01-01', endsOn: null, endedEarly: false, source: 'admin', ...o });

describe('the sitting term', () => {
  const committee = [seat({ office: 'director' }), seat({}), seat({ startsOn: '2024-03-01' })];
  it('is the certified term when one covers today', () => {
    expect(sittingTerm(committee, '2026-12-02', { startsOn: '2023-06-01', endsOn: '2028-05-31' }, termEndOf)).toEqual({ startsOn: '2023-06-01', endsOn: '2028-05-31' });
  });
  it('otherwise runs from the earliest start for five years when no end was recorded', () => {
    expect(sittingTerm(committee, '2026-12-02', { startsOn: '2018-01-01', endsOn: '2022-12-31' }, termEndOf)).toEqual({ startsOn: '2024-01-01', endsOn: '2029-01-01' });
  });
  it('ends on the latest planned end, not on an early end', () => {
    const planned = [seat({ endsOn: '2028-12-31' }), seat({ endsOn: '2027-01-05', endedEarly: true })];
    expect(sittingTerm(planned, '2026-12-02', null, termEndOf)).toEqual({ startsOn: '2024-01-01', endsOn: '2028-12-31' });
  });
  it('is none when nobody sits on the committee', () => {
    expect(sittingTerm([seat({ endsOn: '2025-01-01', endedEarly: true })], '2026-12-02', null, termEndOf)).toBeNull();
  });
});

describe('vacant seats', () => {
  const term = { startsOn: '2024-01-01', endsOn: '2028-12-31' };
  it('counts seats ended early in the term, per office — the recalled member’s seat is vacant from the meeting day', () => {
    const seats = [seat({ office: 'director' }), seat({ office: 'deputy', endsOn: '2026-12-02', endedEarly: true }), seat({ endsOn: '2026-05-01', endedEarly: true }), seat({})];
    expect(vacantSeats(seats, term)).toEqual({ director: 0, deputy: 1, member: 1 });
  });
  it('does not count the previous committee (ended before the term) nor a term ended on time', () => {
    const seats = [seat({ startsOn: '2019-01-01', endsOn: '2023-12-31', endedEarly: true }), seat({ endsOn: '2028-12-31' })];
    expect(vacantSeats(seats, term)).toEqual({ director: 0, deputy: 0, member: 0 });
  });
  it('a by-elected member fills one vacancy; a by-elected member recalled again leaves one', () => {
    const recalled = seat({ endsOn: '2025-01-01', endedEarly: true });
    const byElected = seat({ startsOn: '2025-06-01', endsOn: '2028-12-31', source: 'by-election:x' });
    expect(vacantSeats([recalled, byElected], term)).toEqual({ director: 0, deputy: 0, member: 0 });
    expect(vacantSeats([recalled, { ...byElected, endsOn: '2026-01-01', endedEarly: true }], term)).toEqual({ director: 0, deputy: 0, member: 1 });
  });
});

describe('a by-election’s seats', () => {
  const vacant = { director: 0, deputy: 1, member: 1 };
  it('accepts the vacant seats or fewer', () => {
    expect(checkByElectionSeats({ director: 0, deputy: 0, member: 1 }, vacant)).toEqual({ ok: true });
    expect(checkByElectionSeats({ director: 0, deputy: 1, member: 1 }, vacant)).toEqual({ ok: true });
  });
  it('refuses more seats than are vacant, none at all, and an office that is not vacant', () => {
    expect(checkByElectionSeats({ director: 0, deputy: 0, member: 3 }, vacant)).toEqual({ ok: false, key: 'election.errors.byElectionMoreSeatsThanVacant', params: { seats: 3, vacant: 2 } });
    expect(checkByElectionSeats({ director: 0, deputy: 0, member: 0 }, vacant)).toMatchObject({ ok: false, key: 'election.errors.byElectionNoSeats' });
    expect(checkByElectionSeats({ director: 1, deputy: 0, member: 0 }, vacant)).toEqual({ ok: false, key: 'election.errors.byElectionOfficeNotVacant.director', params: { seats: 1, vacant: 0 } });
    expect(checkByElectionSeats({ director: 0, deputy: 0, member: 2 }, vacant)).toMatchObject({ key: 'election.errors.byElectionOfficeNotVacant.member' });
  });
  it('may not be planned without a sitting committee, a vacancy, or time left in the term', () => {
    expect(checkByElectionPossible(null, vacant, '2026-12-02')).toMatchObject({ key: 'election.errors.byElectionNoSittingCommittee' });
    expect(checkByElectionPossible({ startsOn: '2024-01-01', endsOn: '2028-12-31' }, { director: 0, deputy: 0, member: 0 }, '2026-12-02')).toMatchObject({ key: 'election.errors.byElectionNoVacancy' });
    expect(checkByElectionPossible({ startsOn: '2024-01-01', endsOn: '2026-12-02' }, vacant, '2026-12-02')).toMatchObject({ key: 'election.errors.byElectionTermEnding' });
    expect(checkByElectionPossible({ startsOn: '2024-01-01', endsOn: '2028-12-31' }, vacant, '2026-12-02')).toEqual({ ok: true });
  });
  it('the plan schema checks a by-election’s seats against its vacancies instead of the 5–9 committee', () => {
    const plan = { electionDay: '2027-02-01', mode: 'direct', seats: { director: 0, deputy: 0, member: 1 }, pollingPlaces: ['社区活动中心'] } as const;
    expect(electionPlanSchema.safeParse(plan).success).toBe(false);
    expect(electionPlanSchema.safeParse({ ...plan, byElection: { termEndsOn: '2028-12-31', vacancies: vacant } }).success).toBe(true);
    const tooMany = electionPlanSchema.safeParse({ ...plan, seats: { director: 0, deputy: 1, member: 2 }, byElection: { termEndsOn: '2028-12-31', vacancies: vacant } });
    expect(tooMany.error?.issues.map((i) => i.message)).toEqual(['election.errors.byElectionMoreSeatsThanVacant']);
  });
});

describe('the by-election deadline and seats held by a by-election not yet certified', () => {
  const term = { startsOn: '2024-01-01', endsOn: '2028-12-31' };
  const seats = [seat({ office: 'director' }), seat({ endsOn: '2026-09-30', endedEarly: true }), seat({ endsOn: '2026-11-15', endedEarly: true })];
  it('a seat is vacant from the day after its holder’s last day; the oldest open vacancy sets the deadline three months on', () => {
    expect(openVacancies(seats, term)).toEqual([{ office: 'member', since: '2026-10-01' }, { office: 'member', since: '2026-11-16' }]);
    expect(byElectionDeadline(openVacancies(seats, term), '2026-11-01')).toEqual({ since: '2026-10-01', dueOn: '2026-12-31', daysLeft: 60, status: 'open' });
    expect(byElectionDeadline(openVacancies(seats, term), '2026-12-01')).toMatchObject({ daysLeft: 30, status: 'dueSoon' });
    expect(byElectionDeadline(openVacancies(seats, term), '2026-12-31')).toMatchObject({ daysLeft: 0, status: 'dueSoon' });
    expect(byElectionDeadline(openVacancies(seats, term), '2027-01-01')).toMatchObject({ daysLeft: -1, status: 'overdue' });
  });
  it('a by-elected member fills the oldest vacancy: the next one sets the deadline', () => {
    const filled = [...seats, seat({ startsOn: '2026-12-10', source: 'by-election:e1' })];
    expect(byElectionDeadline(openVacancies(filled, term), '2026-12-20')).toMatchObject({ since: '2026-11-16', dueOn: '2027-02-15' });
  });
  it('seats a by-election holds (result published, not certified) are not vacant for a second one, and carry no deadline', () => {
    expect(vacantSeats(seats, term, { director: 0, deputy: 0, member: 2 })).toEqual({ director: 0, deputy: 0, member: 0 });
    expect(vacantSeats(seats, term, { director: 0, deputy: 0, member: 1 })).toEqual({ director: 0, deputy: 0, member: 1 });
    expect(checkByElectionSeats({ director: 0, deputy: 0, member: 2 }, vacantSeats(seats, term, { director: 0, deputy: 0, member: 1 }))).toMatchObject({ ok: false, key: 'election.errors.byElectionMoreSeatsThanVacant' });
    expect(byElectionDeadline(openVacancies(seats, term, { director: 0, deputy: 0, member: 2 }), '2027-01-05')).toBeNull();
  });
});
