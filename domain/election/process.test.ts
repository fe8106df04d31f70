import { candidateListDisclosure, planDisclosure, resultDisclosure } from './disclosures';
import { ACTION_ROLES, checkActor, needsCommitteeSeat } from './permissions';
import { electionPlanSchema } from './schemas';
import {
  checkCommand,
  closableAt,
  initialSnapshot,
  nextRoundDueBy,
  offeredCommands,
  pollsOpenAt,
  resealTimes,
  type Actor,
  type ElectionSnapshot,
  type Nominee,
} from './process';
import { electionSchedule } from './timeline';

const DAY = 1000;
const E = 1_000_000;
const plan = electionPlanSchema.parse({
  electionDay: '2026-12-10',
  mode: 'direct',
  seats: { director: 1, deputy: 1, member: 3 },
  electionCommitteeSize: 3,
  pollingPlaces: ['活动中心'],
  onlineVoting: { enabled: true, approvalRef: '批复1号' },
});
const snapshot = (over: Partial<ElectionSnapshot> = {}): ElectionSnapshot => ({
  ...initialSnapshot({
    electionId: 'e1',
    communityId: 'c1',
    title: '测试选举',
    plan,
    dayMs: DAY,
    schedule: electionSchedule(E, DAY),
    committee: [
      { userId: 'u1', name: '甲', chair: true, left: false },
      { userId: 'u2', name: '乙', chair: false, left: false },
      { userId: 'u3', name: '丙', chair: false, left: false },
    ],
  }),
  ...over,
});
const clerk: Actor = { userId: 'u1', roles: ['election_committee'] };
const nominee = (voterId: string, office: Nominee['office'], gender: Nominee['gender'] = 'male'): Nominee => ({ voterId, name: voterId, gender, office, nominationVotes: 1, userId: null });

describe('who may command', () => {
  it('needs the role and, for committee work, a seat on this election’s committee', () => {
    const s = snapshot({ phase: 'registration' });
    const late = s.schedule.registrationClosesAt;
    expect(checkCommand(s, clerk, { action: 'publishRegister' }, late)).toEqual({ ok: true });
    expect(checkCommand(s, { userId: 'u9', roles: ['election_committee'] }, { action: 'publishRegister' }, late)).toMatchObject({ key: 'election.errors.notOnElectionCommittee' });
    expect(checkCommand(s, { userId: 'u1', roles: ['resident'] }, { action: 'publishRegister' }, late)).toMatchObject({ key: 'election.errors.notAllowed' });
    expect(checkActor('confirmPaperTotals', { userId: 'sup', roles: ['supervisor'] }, ['u1'])).toEqual({ ok: true });
    expect(needsCommitteeSeat('confirmPaperTotals', ['election_committee'])).toBe(true);
    expect(needsCommitteeSeat('vote', ['resident'])).toBe(false);
    expect(ACTION_ROLES.ruleOnObjection).toEqual(['street_office_admin']);
  });
});

describe('statutory periods gate the people-driven transitions', () => {
  it('publishes the register only once registration has run (≥ E−20)', () => {
    const s = snapshot({ phase: 'registration' });
    expect(checkCommand(s, clerk, { action: 'publishRegister' }, s.schedule.registrationClosesAt - 1)).toEqual({
      ok: false,
      key: 'election.errors.tooEarly',
      params: { at: s.schedule.registrationClosesAt },
    });
    expect(checkCommand({ ...s, importsRunning: ['i1'] }, clerk, { action: 'publishRegister' }, s.schedule.registrationClosesAt)).toMatchObject({ key: 'election.errors.importRunning' });
  });

  it('finalizes the list only after nomination closes and only if it keeps the 差额 rule', () => {
    const equal = [nominee('d1', 'director'), nominee('d2', 'director'), nominee('v1', 'deputy'), nominee('v2', 'deputy'), nominee('m1', 'member'), nominee('m2', 'member'), nominee('m3', 'member')];
    const s = snapshot({ phase: 'nomination', nominees: equal });
    expect(checkCommand(s, clerk, { action: 'finalizeCandidates' }, s.schedule.nominationClosesAt - 1)).toMatchObject({ key: 'election.errors.tooEarly' });
    expect(checkCommand(s, clerk, { action: 'finalizeCandidates' }, s.schedule.nominationClosesAt)).toMatchObject({
      key: 'election.errors.equalNumberBlocked',
      params: { office: 'member', seats: 3, candidates: 3, needed: 4 },
    });
    const ok = { ...s, nominees: [...equal, nominee('m4', 'member', 'female')] };
    expect(checkCommand(ok, clerk, { action: 'finalizeCandidates' }, s.schedule.nominationClosesAt)).toEqual({ ok: true });
    expect(checkCommand(ok, clerk, { action: 'addNominee', nominee: nominee('m1', 'deputy') }, 0)).toMatchObject({ key: 'election.errors.candidateMultipleOffices' });
  });

  it('opens polls at E, or five days after a late list; closes the main round after polling day', () => {
    const s = snapshot();
    expect(pollsOpenAt(s, s.schedule.candidateListPublishBy - 1)).toBe(s.schedule.pollingOpensAt);
    expect(pollsOpenAt(s, s.schedule.pollingOpensAt - 2 * DAY)).toBe(s.schedule.pollingOpensAt + 3 * DAY);
    expect(closableAt(s, 'main', s.schedule.pollingOpensAt)).toBe(s.schedule.pollingDayEndsAt);
    expect(closableAt(s, 'runoff', 5000)).toBe(5000 + Math.round(DAY / 24));
    expect(nextRoundDueBy({ ...s, pollsOpenAt: s.schedule.pollingOpensAt }, 'runoff', 0)).toBe(s.schedule.runoffBy);
    expect(resealTimes(s, 0)).toHaveLength(8);
    expect(Math.max(...resealTimes(s, 0))).toBeLessThan(DAY);
  });

  it('refuses paper totals confirmed by the person who entered them, and a tally with an unconfirmed box', () => {
    const round = {
      no: 1,
      kind: 'main' as const,
      form: { writeInsAllowed: true, sections: [{ office: 'director' as const, seats: 1, candidateIds: ['d1', 'd2'] }] },
      alreadyElected: [],
      openedAt: 0,
      closableAt: 0,
      closedAt: null,
      paper: [{ boxId: '一号', issued: 5, returned: 5, votes: { director: { d1: 4 } }, enteredBy: 'u1', confirmedBy: null, scanAttachmentId: 'a1' }],
    };
    const s = snapshot({ phase: 'counting', round });
    expect(checkCommand(s, clerk, { action: 'confirmPaperTotals', boxId: '一号' }, 0)).toMatchObject({ key: 'election.errors.paperSelfConfirmed' });
    expect(checkCommand(s, { userId: 'u2', roles: ['election_committee'] }, { action: 'confirmPaperTotals', boxId: '一号' }, 0)).toEqual({ ok: true });
    expect(checkCommand(s, clerk, { action: 'tally' }, 0)).toMatchObject({ key: 'election.errors.paperUnconfirmed', params: { boxId: '一号' } });
    expect(checkCommand(s, clerk, { action: 'enterPaperTotals', entry: { boxId: '二号', issued: 3, returned: 3, votes: { director: { d1: 4 } } }, scanAttachmentId: 'x' }, 0)).toMatchObject({
      key: 'election.errors.paperTotalsInconsistent',
    });
  });

  it('offers the committee the next command of the phase, the public nothing', () => {
    const s = snapshot({ phase: 'registration' });
    expect(offeredCommands(s, clerk)).toEqual(['publishRegister']);
    expect(offeredCommands(s, { userId: 'x', roles: ['resident'] })).toEqual([]);
  });
});

describe('what the public sees', () => {
  it('discloses the plan, the list and results without ID numbers or voters', () => {
    const s = snapshot({ candidates: [nominee('d1', 'director'), nominee('d2', 'director', 'female')] });
    expect(planDisclosure(s)).toMatchObject({ mode: 'direct', onlineVoting: { enabled: true, approvalRef: '批复1号' }, committee: [{ name: '甲', chair: true }, { name: '乙', chair: false }, { name: '丙', chair: false }] });
    expect(candidateListDisclosure(s).offices[0]).toEqual({ office: 'director', seats: 1, candidates: [{ id: 'd1', name: 'd1', gender: 'male' }, { id: 'd2', name: 'd2', gender: 'female' }] });
    expect(resultDisclosure({ ...s, phase: 'void', voidReason: { key: 'election.errors.turnoutShort', params: {} } })).toMatchObject({ status: 'void', members: [], rounds: [] });
  });
});
