import { DomainError } from '../errors';
import type { MeetingRecord } from './meetings';
import { SYSTEM_ACTOR, type Actor } from './permissions';
import { resolveMotionSettings } from './settings';
import {
  MOTION_COMMANDS,
  MOTION_STATES,
  STEP_OF_STATE,
  applyMotionEvent,
  assertMay,
  availability,
  checkMotionEvent,
  isTerminal,
  mustNotifyInquorate,
  motionDeadlines,
  newMotion,
  nextActions,
  nextWakeUp,
  overdue,
  resolutionBodyIsForced,
  timeline,
  type MotionEvent,
  type MotionSnapshot,
  type NewMotion,
} from './stages';

// A "day" lasts one second, so whole periods are exercised exactly.
const DAY = 1_000;
const settings = resolveMotionSettings({ dayMs: DAY });
const T0 = 1_800_000_000_000; // 00:00 of a (scaled) Shanghai day
const day = (n: number, ms = 0) => T0 + n * DAY + ms;
const ctx = (now: number) => ({ now, settings });

const secretary: Actor = { roles: ['party_secretary', 'party_member'] };
const director: Actor = { roles: ['committee_member'], committeeOffice: 'director' };
const member: Actor = { roles: ['committee_member'], committeeOffice: 'member' };
const supervisor: Actor = { roles: ['supervisor', 'resident'] };
const resident: Actor = { roles: ['resident'] };
const representative: Actor = { roles: ['resident_representative', 'resident'] };
const street: Actor = { roles: ['street_office_admin'] };
const system = SYSTEM_ACTOR;

const counts = (expected: number, present: number, yes: number, no: number): MeetingRecord => ({
  kind: 'counts',
  tally: { expected, present, yes, no, abstain: present - yes - no },
});
const pass = counts(5, 5, 4, 1);
const fail = counts(5, 5, 2, 3);
const tie = counts(6, 6, 3, 3);
const inquorate = counts(5, 2, 2, 0);

function apply(s: MotionSnapshot, actor: Actor, e: MotionEvent, now: number): MotionSnapshot {
  return applyMotionEvent(s, e, actor, ctx(now));
}
function refusal(s: MotionSnapshot, actor: Actor, e: MotionEvent, now: number): string | undefined {
  const v = checkMotionEvent(s, e, actor, ctx(now));
  return v.ok ? undefined : v.key;
}

const draft = (over: Partial<NewMotion> = {}) =>
  newMotion({
    motionId: 'm1',
    createdAt: day(0),
    matter: { majorReasons: ['public_project'] },
    estimatedCostYuan: 50_000,
    ...over,
  });

// The usual path, one helper per stage (notice periods: joint 2, party 3, representatives 3 days).
const toProposed = (s = draft(), at = day(1)) =>
  apply(s, secretary, { type: 'recordPartyCommitteeDecision', record: pass }, at);
const toDeliberating = (s = toProposed(), at = day(1), opensAt = day(4)) =>
  apply(s, secretary, { type: 'conveneJointMeeting', opensAt }, at);
const toPartyReview = (s = toDeliberating(), at = day(4)) =>
  apply(s, secretary, { type: 'recordJointMeeting', record: pass, conclusion: 'agree' }, at);
const convenePartyMeeting = (s = toPartyReview(), at = day(4)) =>
  apply(s, secretary, { type: 'convenePartyMeeting', opensAt: day(8) }, at);
const toResolving = (s = toPartyReview()) =>
  apply(convenePartyMeeting(s), secretary, { type: 'recordPartyMeeting', record: pass }, day(8));
const withOnlineVote = (s = toResolving()) =>
  apply(
    s,
    director,
    { type: 'scheduleResolutionMeeting', body: 'representatives_meeting', opensAt: day(12), online: true },
    day(8),
  );
const toResolutionDisclosed = (record = pass) =>
  apply(withOnlineVote(), system, { type: 'recordResolution', record }, day(15));
const published = (s = toResolutionDisclosed(), at = day(15)) => apply(s, system, { type: 'disclosurePublished' }, at);
const toImplementing = () => apply(published(), system, { type: 'endDisclosure' }, day(22));

describe('the whole 四议两公开 process, with second-long days', () => {
  it('runs from draft to closed through every step', () => {
    let s = toImplementing();
    s = apply(s, member, { type: 'recordProgress', amountYuan: 20_000 }, day(30));
    s = apply(s, director, { type: 'reportCompletion', finalAmountYuan: 48_500.5 }, day(40));
    s = apply(s, system, { type: 'disclosurePublished' }, day(41));
    expect(refusal(s, system, { type: 'endDisclosure' }, day(47, 999))).toBe('motion.errors.disclosureWindowOpen');
    s = apply(s, system, { type: 'endDisclosure' }, day(48));
    expect(s.history.map((h) => h.state)).toEqual([
      'draft',
      'proposed',
      'deliberating',
      'party_review',
      'resolving',
      'resolution_disclosed',
      'implementing',
      'result_disclosed',
      'closed',
    ]);
    expect(s.implementation).toEqual({ approvedBudgetFen: 5_000_000, spentFen: 4_850_050 });
    expect(timeline(s).every((t) => t.status === 'done')).toBe(true);
  });

  it('records the fixed text version the resolution voted on', () => {
    const s = toResolutionDisclosed();
    expect(s.resolution).toEqual({ passed: true, at: day(15), textVersion: 1, body: 'representatives_meeting' });
  });
});

describe('提议: the party committee adopts the proposal', () => {
  it('stays in draft when the party committee does not pass it or lacks a quorum', () => {
    const notPassed = apply(draft(), secretary, { type: 'recordPartyCommitteeDecision', record: tie }, day(1));
    expect(notPassed.state).toBe('draft');
    expect(notPassed.lastOutcome?.kind).toBe('notPassed');
    const noQuorum = apply(draft(), secretary, { type: 'recordPartyCommitteeDecision', record: inquorate }, day(1));
    expect(noQuorum).toMatchObject({ state: 'draft', lastOutcome: { kind: 'inquorate' } });
  });

  it('is recorded by the party secretary only', () => {
    expect(refusal(draft(), director, { type: 'recordPartyCommitteeDecision', record: pass }, day(1))).toBe(
      'motion.errors.notPermitted',
    );
  });
});

describe('notices (§3.4)', () => {
  it('needs the joint meeting notice no later than 00:00 two days before the meeting day', () => {
    const s = toProposed();
    const meeting = day(3, 600); // day 3, in the afternoon
    expect(
      refusal(s, secretary, { type: 'conveneJointMeeting', opensAt: meeting, noticeAt: day(1) }, day(1, 500)),
    ).toBeUndefined();
    expect(refusal(s, secretary, { type: 'conveneJointMeeting', opensAt: meeting }, day(1, 1))).toBe(
      'motion.errors.noticeTooShort',
    );
    const v = checkMotionEvent(s, { type: 'conveneJointMeeting', opensAt: meeting }, secretary, ctx(day(1, 1)));
    expect(v).toMatchObject({ ok: false, params: { days: 2, earliest: day(4) } });
  });

  it("needs 3 days for the party members' and representatives' meetings and 7 for the residents' meeting", () => {
    const review = toPartyReview();
    expect(refusal(review, secretary, { type: 'convenePartyMeeting', opensAt: day(6) }, day(4))).toBe(
      'motion.errors.noticeTooShort',
    );
    expect(refusal(review, secretary, { type: 'convenePartyMeeting', opensAt: day(7) }, day(4))).toBeUndefined();
    const resolving = toResolving(); // at day 8
    const reps = (opensAt: number): MotionEvent => ({
      type: 'scheduleResolutionMeeting',
      body: 'representatives_meeting',
      opensAt,
      online: false,
    });
    expect(refusal(resolving, director, reps(day(10, 999)), day(8))).toBe('motion.errors.noticeTooShort');
    expect(refusal(resolving, director, reps(day(11)), day(8))).toBeUndefined();
  });

  it('refuses a notice dated in the future, and a second meeting while one is pending', () => {
    const s = toProposed();
    expect(refusal(s, secretary, { type: 'conveneJointMeeting', opensAt: day(9), noticeAt: day(2) }, day(1))).toBe(
      'motion.errors.noticeInFuture',
    );
    expect(refusal(toDeliberating(), secretary, { type: 'conveneJointMeeting', opensAt: day(9) }, day(2))).toBe(
      'motion.errors.meetingAlreadyPending',
    );
  });

  it('records a meeting only once it has started', () => {
    const s = toDeliberating();
    expect(refusal(s, secretary, { type: 'recordJointMeeting', record: pass }, day(3))).toBe(
      'motion.errors.meetingNotYetHeld',
    );
    expect(refusal(toProposed(), secretary, { type: 'recordJointMeeting', record: pass }, day(3))).toBe(
      'motion.errors.wrongStage',
    );
  });
});

describe('商议 and 协商: consulting when the catalogue requires it or the secretary opted in', () => {
  it('goes straight to party review when neither applies', () => {
    expect(toPartyReview().state).toBe('party_review');
  });

  it.each([
    ['a mandatory catalogue item', { consultationMandatory: true }],
    ['the secretary opted in', { consultOptIn: true }],
  ])('enters consulting for %s, and leaves only when the outcome is published', (_label, over) => {
    let s = toPartyReview(toDeliberating(toProposed(draft(over))));
    expect(s.state).toBe('consulting');
    expect(refusal(s, system, { type: 'consultationCompleted' }, day(5))).toBe('motion.errors.noConsultation');
    s = apply(s, secretary, { type: 'openConsultation', consultationId: 'c1' }, day(5));
    expect(refusal(s, secretary, { type: 'openConsultation', consultationId: 'c2' }, day(5))).toBe(
      'motion.errors.consultationAlreadyOpen',
    );
    s = apply(s, system, { type: 'consultationCompleted' }, day(20));
    expect(s.state).toBe('party_review');
    expect(s.consultation).toMatchObject({ id: 'c1', completed: true });
  });

  it('does not consult twice after a party-review return', () => {
    let s = toPartyReview(toDeliberating(toProposed(draft({ consultationMandatory: true }))));
    s = apply(s, secretary, { type: 'openConsultation', consultationId: 'c1' }, day(5));
    s = apply(s, system, { type: 'consultationCompleted' }, day(20));
    s = apply(s, secretary, { type: 'convenePartyMeeting', opensAt: day(24) }, day(20));
    s = apply(s, secretary, { type: 'recordPartyMeeting', record: fail }, day(24));
    expect(s.state).toBe('deliberating');
    s = apply(s, secretary, { type: 'conveneJointMeeting', opensAt: day(27) }, day(24));
    s = apply(s, secretary, { type: 'recordJointMeeting', record: pass }, day(27));
    expect(s.state).toBe('party_review');
  });

  it('lets residents give opinions during 商议 and the committee answer them', () => {
    const s = toDeliberating();
    expect(nextActions(s, resident, ctx(day(2)))).toContain('submitResidentOpinion');
    expect(nextActions(s, member, ctx(day(2)))).toContain('answerResidentOpinion');
    expect(nextActions(toProposed(), resident, ctx(day(2)))).not.toContain('submitResidentOpinion');
  });

  it('refuses a joint meeting conclusion that contradicts the tally', () => {
    expect(
      refusal(toDeliberating(), secretary, { type: 'recordJointMeeting', record: pass, conclusion: 'reject' }, day(4)),
    ).toBe('motion.errors.conclusionContradictsTally');
    expect(
      refusal(toDeliberating(), secretary, { type: 'recordJointMeeting', record: fail, conclusion: 'agree' }, day(4)),
    ).toBe('motion.errors.conclusionContradictsTally');
    expect(
      refusal(toDeliberating(), secretary, { type: 'recordJointMeeting', record: fail, conclusion: 'revise' }, day(4)),
    ).toBeUndefined();
  });

  it('counts adopted amendments as a new text version', () => {
    const s = apply(toDeliberating(), secretary, { type: 'recordJointMeeting', record: pass, amended: true }, day(4));
    expect(s.textVersion).toBe(2);
  });
});

describe('returns: at most two, the third failure rejects', () => {
  it('returns a failed joint meeting to draft with a new text version', () => {
    const s = apply(
      toDeliberating(),
      secretary,
      { type: 'recordJointMeeting', record: fail, conclusion: 'revise' },
      day(4),
    );
    expect(s).toMatchObject({ state: 'draft', returns: 1, textVersion: 2 });
    expect(s.pendingMeeting).toBeUndefined();
  });

  it('returns a failed party review to deliberating, and rejects on the third failure', () => {
    // 1st failure: joint meeting (tie) → draft
    let s = apply(toDeliberating(), secretary, { type: 'recordJointMeeting', record: tie }, day(4));
    expect(s).toMatchObject({ state: 'draft', returns: 1 });
    // re-proposed, passes the joint meeting; 2nd failure: party review → deliberating
    s = toPartyReview(toDeliberating(toProposed(s, day(5)), day(5), day(8)), day(8));
    s = apply(s, secretary, { type: 'convenePartyMeeting', opensAt: day(12) }, day(8));
    s = apply(s, secretary, { type: 'recordPartyMeeting', record: fail }, day(12));
    expect(s).toMatchObject({ state: 'deliberating', returns: 2 });
    // 3rd failure → rejected
    s = apply(s, secretary, { type: 'conveneJointMeeting', opensAt: day(15) }, day(12));
    s = apply(s, secretary, { type: 'recordJointMeeting', record: fail }, day(15));
    expect(s.state).toBe('rejected');
    expect(isTerminal(s.state)).toBe(true);
    expect(nextActions(s, secretary, ctx(day(16)))).toEqual([]);
    expect(refusal(s, secretary, { type: 'editDraft' }, day(16))).toBe('motion.errors.motionFinished');
  });

  it('does not count an inquorate meeting as a failure', () => {
    const s = apply(toDeliberating(), secretary, { type: 'recordJointMeeting', record: inquorate }, day(4));
    expect(s).toMatchObject({ state: 'deliberating', returns: 0 });
  });
});

describe('inquorate meetings (edge #2)', () => {
  it('keep the motion in its stage and require a new notice with the full period', () => {
    let s = apply(toDeliberating(), secretary, { type: 'recordJointMeeting', record: inquorate }, day(4));
    expect(s.state).toBe('deliberating');
    expect(s.pendingMeeting).toBeUndefined();
    expect(s.lastOutcome).toMatchObject({ kind: 'inquorate', needed: 3 });
    expect(refusal(s, secretary, { type: 'recordJointMeeting', record: pass }, day(5))).toBe(
      'motion.errors.noMeetingConvened',
    );
    expect(refusal(s, secretary, { type: 'conveneJointMeeting', opensAt: day(6) }, day(4, 1))).toBe(
      'motion.errors.noticeTooShort',
    );
    expect(mustNotifyInquorate(s, 'joint_meeting')).toBe(false);
    s = apply(s, secretary, { type: 'conveneJointMeeting', opensAt: day(7) }, day(4, 1));
    s = apply(s, secretary, { type: 'recordJointMeeting', record: inquorate }, day(7));
    expect(mustNotifyInquorate(s, 'joint_meeting')).toBe(true);
  });

  it('leave a resolution stage able to schedule a new vote', () => {
    const s = apply(withOnlineVote(), system, { type: 'recordResolution', record: inquorate }, day(15));
    expect(s.state).toBe('resolving');
    expect(s.inquorate).toEqual({ representatives_meeting: 1 });
    expect(nextActions(s, director, ctx(day(15)))).toContain('scheduleResolutionMeeting');
  });
});

describe('withdrawal (§3.6)', () => {
  const withdraw = (reason = '情况有变', decisionRef = '党委〔2026〕3号'): MotionEvent => ({
    type: 'withdraw',
    reason,
    decisionRef,
  });

  it('needs the party secretary, a reason and a recorded party-committee decision', () => {
    const s = toPartyReview();
    expect(refusal(s, director, withdraw(), day(5))).toBe('motion.errors.notPermitted');
    expect(refusal(s, secretary, withdraw('  '), day(5))).toBe('motion.errors.withdrawReasonRequired');
    expect(refusal(s, secretary, withdraw('理由', ''), day(5))).toBe('motion.errors.partyDecisionRequired');
    const w = apply(s, secretary, withdraw(), day(5));
    expect(w).toMatchObject({
      state: 'withdrawn',
      withdrawal: { reason: '情况有变', notifyConsultationParties: false },
    });
  });

  it('is allowed until the resolution vote opens, not after', () => {
    const s = withOnlineVote(); // opens day 12
    expect(refusal(s, secretary, withdraw(), day(11, 999))).toBeUndefined();
    expect(refusal(s, secretary, withdraw(), day(12))).toBe('motion.errors.resolutionVoteOpened');
    expect(refusal(toResolutionDisclosed(), secretary, withdraw(), day(16))).toBe('motion.errors.wrongStage');
  });

  it('tells the consulting parties when a consultation already ran (edge #5)', () => {
    let s = toPartyReview(toDeliberating(toProposed(draft({ consultOptIn: true }))));
    s = apply(s, secretary, { type: 'openConsultation', consultationId: 'c1' }, day(5));
    s = apply(s, secretary, withdraw(), day(6));
    expect(s.withdrawal?.notifyConsultationParties).toBe(true);
  });
});

describe('lapse (edge #1): 180 days after proposed without a resolution vote', () => {
  it('lapses from the first proposal, not from a later re-proposal', () => {
    let s = apply(toDeliberating(), secretary, { type: 'recordJointMeeting', record: fail }, day(4));
    s = toProposed(s, day(50));
    expect(motionDeadlines(s, settings).lapseAt).toBe(day(181));
    expect(refusal(s, system, { type: 'lapse' }, day(180, 999))).toBe('motion.errors.notYetLapsed');
    expect(apply(s, system, { type: 'lapse' }, day(181)).state).toBe('lapsed');
  });

  it('also lapses a returned draft, but never a draft that was not proposed', () => {
    const returned = apply(toDeliberating(), secretary, { type: 'recordJointMeeting', record: fail }, day(4));
    expect(apply(returned, system, { type: 'lapse' }, day(200)).state).toBe('lapsed');
    expect(refusal(draft(), system, { type: 'lapse' }, day(500))).toBe('motion.errors.notYetLapsed');
  });

  it('does not lapse while a resolution vote is open, nor after the vote', () => {
    const late = apply(
      toResolving(),
      director,
      { type: 'scheduleResolutionMeeting', body: 'representatives_meeting', opensAt: day(181), online: true },
      day(170),
    );
    expect(refusal(late, system, { type: 'lapse' }, day(182))).toBe('motion.errors.resolutionVoteOpened');
    expect(refusal(toResolutionDisclosed(), system, { type: 'lapse' }, day(400))).toBe('motion.errors.wrongStage');
  });

  it('is refused to people: only the workflow lapses a motion', () => {
    expect(refusal(toProposed(), secretary, { type: 'lapse' }, day(400))).toBe('motion.errors.notPermitted');
  });

  it('uses the community setting within 90–365 days', () => {
    const short = resolveMotionSettings({ dayMs: DAY, lapseDays: 90 });
    expect(checkMotionEvent(toProposed(), { type: 'lapse' }, system, { now: day(91), settings: short }).ok).toBe(true);
    expect(() => resolveMotionSettings({ lapseDays: 89 })).toThrow(DomainError);
  });
});

describe('overdue stages (edge #1): reminder, escalation 7 days later, never advancing', () => {
  it('reminds at the joint-meeting due date (15 days after proposed) and escalates 7 days later', () => {
    const s = toProposed(); // proposed at day 1 → due day 16
    expect(overdue(s, ctx(day(15, 999)))).toBe('onTime');
    expect(overdue(s, ctx(day(16)))).toBe('reminder');
    expect(overdue(s, ctx(day(22, 999)))).toBe('reminder');
    expect(overdue(s, ctx(day(23)))).toBe('escalation');
    expect(motionDeadlines(s, settings)).toMatchObject({ dueAt: day(16), escalateAt: day(23), lapseAt: day(181) });
    // nothing moves by itself: the same actions remain
    expect(nextActions(s, secretary, ctx(day(100)))).toEqual(nextActions(s, secretary, ctx(day(2))));
    expect(s.state).toBe('proposed');
  });

  it('runs the party review (30 days) and resolution (30 days) clocks from entering the stage', () => {
    const review = toPartyReview(); // entered day 4
    expect(motionDeadlines(review, settings).dueAt).toBe(day(34));
    const resolving = toResolving(); // entered day 8
    expect(motionDeadlines(resolving, settings).dueAt).toBe(day(38));
    expect(motionDeadlines(toResolutionDisclosed(), settings).dueAt).toBeUndefined();
  });

  it('tells the workflow when to wake up next', () => {
    const s = withOnlineVote(); // vote opens day 12, closes day 15; resolution due day 38
    expect(nextWakeUp(s, ctx(day(9)))).toBe(day(12));
    expect(nextWakeUp(s, ctx(day(12)))).toBe(day(15));
  });
});

describe('决议: scheduling and recording the resolution', () => {
  it('is convened by the director, not by other committee members', () => {
    const s = toResolving();
    const e: MotionEvent = {
      type: 'scheduleResolutionMeeting',
      body: 'representatives_meeting',
      opensAt: day(12),
      online: true,
    };
    expect(refusal(s, member, e, day(8))).toBe('motion.errors.notPermitted');
    expect(refusal(s, director, e, day(8))).toBeUndefined();
    expect(nextActions(s, director, ctx(day(8)))).toContain('scheduleResolutionMeeting');
    expect(nextActions(s, member, ctx(day(8)))).not.toContain('scheduleResolutionMeeting');
  });

  it("forces reserved matters to the residents' meeting and refuses the representatives' meeting (edge #23)", () => {
    const convention = draft({
      matter: { majorReasons: ['residents_convention'] },
      preferredResolutionBody: 'representatives_meeting',
    });
    expect(convention.resolutionBody).toBe('residents_meeting');
    expect(resolutionBodyIsForced(convention)).toBe(true);
    const s = toResolving(toPartyReview(toDeliberating(toProposed(convention))));
    expect(
      refusal(
        s,
        director,
        { type: 'scheduleResolutionMeeting', body: 'representatives_meeting', opensAt: day(20), online: true },
        day(8),
      ),
    ).toBe('motion.errors.reservedToResidentsMeeting');
    expect(
      refusal(
        s,
        director,
        { type: 'scheduleResolutionMeeting', body: 'residents_meeting', opensAt: day(20), online: false },
        day(8),
      ),
    ).toBe('motion.errors.modeRequired');
    // residents' meeting notice: 7 days
    expect(
      refusal(
        s,
        director,
        {
          type: 'scheduleResolutionMeeting',
          body: 'residents_meeting',
          mode: 'households',
          opensAt: day(14),
          online: false,
        },
        day(8),
      ),
    ).toBe('motion.errors.noticeTooShort');
    expect(
      refusal(
        s,
        director,
        {
          type: 'scheduleResolutionMeeting',
          body: 'residents_meeting',
          mode: 'households',
          opensAt: day(15),
          online: false,
        },
        day(8),
      ),
    ).toBeUndefined();
  });

  it('treats Art. 16 fund-raising as reserved unless a delegation resolution is on record', () => {
    expect(draft({ matter: { majorReasons: ['fund_raising'] } }).resolutionBody).toBe('residents_meeting');
    const delegated = draft({
      matter: { majorReasons: ['fund_raising'], fundRaisingDelegationRef: '居民会议决议〔2025〕1号' },
    });
    expect(delegated.resolutionBody).toBe('representatives_meeting');
  });

  it('keeps the reserved rule when the draft is edited', () => {
    const s = apply(
      draft(),
      secretary,
      { type: 'editDraft', matter: { majorReasons: ['residents_convention'] } },
      day(1),
    );
    expect(s.resolutionBody).toBe('residents_meeting');
  });

  it('counts an online vote automatically at close, or early when all have voted', () => {
    const s = withOnlineVote(); // closes day 15
    expect(refusal(s, director, { type: 'recordResolution', record: pass }, day(16))).toBe(
      'motion.errors.onlineTallyIsAutomatic',
    );
    expect(refusal(s, system, { type: 'recordResolution', record: pass }, day(14))).toBe(
      'motion.errors.votingStillOpen',
    );
    expect(refusal(s, system, { type: 'recordResolution', record: pass, closedEarly: true }, day(14))).toBeUndefined();
    expect(refusal(s, system, { type: 'recordResolution', record: pass }, day(11))).toBe(
      'motion.errors.meetingNotYetHeld',
    );
  });

  it('lets the director record a meeting held in person', () => {
    const s = apply(
      toResolving(),
      director,
      { type: 'scheduleResolutionMeeting', body: 'representatives_meeting', opensAt: day(12), online: false },
      day(8),
    );
    expect(apply(s, director, { type: 'recordResolution', record: pass }, day(12)).state).toBe('resolution_disclosed');
  });

  it('discloses a failed resolution too, then rejects it; a tie fails (edge #6)', () => {
    let s = published(toResolutionDisclosed(tie));
    expect(s.resolution?.passed).toBe(false);
    expect(nextActions(s, street, ctx(day(16)))).not.toContain('contestResolution');
    s = apply(s, system, { type: 'endDisclosure' }, day(22));
    expect(s.state).toBe('rejected');
    expect(timeline(s).map((t) => t.status)).toEqual(['done', 'done', 'done', 'done', 'stopped', 'notReached']);
  });

  it('lets representatives vote only while the window is open', () => {
    const s = withOnlineVote();
    expect(nextActions(s, representative, ctx(day(11)))).not.toContain('castVote');
    expect(nextActions(s, representative, ctx(day(12)))).toEqual(expect.arrayContaining(['castVote', 'checkIn']));
    expect(nextActions(s, representative, ctx(day(15)))).not.toContain('castVote');
    // an ordinary resident does not vote in the representatives' meeting
    expect(nextActions(s, resident, ctx(day(13)))).not.toContain('castVote');
  });
});

describe('disclosure windows and blocking objections (edge #10)', () => {
  it('needs the disclosure published and 7 full days on display', () => {
    const unpublished = toResolutionDisclosed();
    expect(refusal(unpublished, system, { type: 'endDisclosure' }, day(30))).toBe(
      'motion.errors.disclosureNotPublished',
    );
    const s = published();
    expect(refusal(s, system, { type: 'endDisclosure' }, day(21, 999))).toBe('motion.errors.disclosureWindowOpen');
    expect(apply(s, system, { type: 'endDisclosure' }, day(22)).state).toBe('implementing');
  });

  it('waits, after a blocking objection on the last day, for the supervisors to accept a reply', () => {
    let s = apply(published(), supervisor, { type: 'raiseObjection', objectionId: 'o1', blocking: true }, day(21, 900));
    expect(refusal(s, system, { type: 'endDisclosure' }, day(22))).toBe('motion.errors.blockingObjectionOpen');
    s = apply(s, member, { type: 'replyToObjection', objectionId: 'o1' }, day(23));
    expect(refusal(s, system, { type: 'endDisclosure' }, day(23))).toBe('motion.errors.blockingObjectionOpen');
    s = apply(s, supervisor, { type: 'acceptObjectionReply', objectionId: 'o1' }, day(24));
    expect(apply(s, system, { type: 'endDisclosure' }, day(24)).state).toBe('implementing');
  });

  it('lets the street office rule; an upheld objection needs a correction, a substantive one restarts 7 days', () => {
    const blocked = apply(
      published(),
      supervisor,
      { type: 'raiseObjection', objectionId: 'o1', blocking: true },
      day(16),
    );
    expect(nextActions(blocked, street, ctx(day(17)))).toContain('ruleOnObjection');
    const dismissed = apply(
      blocked,
      street,
      { type: 'ruleOnObjection', objectionId: 'o1', ruling: 'dismissed' },
      day(17),
    );
    expect(refusal(dismissed, system, { type: 'endDisclosure' }, day(22))).toBeUndefined();

    let upheld = apply(blocked, street, { type: 'ruleOnObjection', objectionId: 'o1', ruling: 'upheld' }, day(17));
    expect(refusal(upheld, system, { type: 'endDisclosure' }, day(22))).toBe('motion.errors.correctionRequired');
    const typo = apply(upheld, system, { type: 'disclosureCorrected', substantive: false }, day(18));
    expect(refusal(typo, system, { type: 'endDisclosure' }, day(22))).toBeUndefined();
    upheld = apply(upheld, system, { type: 'disclosureCorrected', substantive: true }, day(18));
    expect(refusal(upheld, system, { type: 'endDisclosure' }, day(24, 999))).toBe('motion.errors.disclosureWindowOpen');
    expect(refusal(upheld, system, { type: 'endDisclosure' }, day(25))).toBeUndefined();
  });

  it('lets only supervisors block, and only during a disclosure window', () => {
    expect(refusal(published(), resident, { type: 'raiseObjection', objectionId: 'o1', blocking: true }, day(16))).toBe(
      'motion.errors.onlySupervisorsBlock',
    );
    expect(
      refusal(toPartyReview(), supervisor, { type: 'raiseObjection', objectionId: 'o1', blocking: true }, day(5)),
    ).toBe('motion.errors.blockingOnlyInDisclosure');
    // a non-blocking objection is allowed at any stage and does not hold the window
    const s = apply(published(), resident, { type: 'raiseObjection', objectionId: 'o2', blocking: false }, day(21));
    expect(s.objections[0]).toMatchObject({ by: 'resident', replyDueAt: day(24) });
    expect(apply(s, system, { type: 'endDisclosure' }, day(22)).state).toBe('implementing');
  });

  it('refuses the same objection twice', () => {
    const s = apply(published(), supervisor, { type: 'raiseObjection', objectionId: 'o1', blocking: false }, day(16));
    expect(refusal(s, supervisor, { type: 'raiseObjection', objectionId: 'o1', blocking: false }, day(16))).toBe(
      'motion.errors.duplicateObjection',
    );
    expect(s.objections[0]?.replyDueAt).toBe(day(26)); // supervision inquiries: 10 days
  });
});

describe('implementation (edge #14: budget overrun > 10% pauses for an amendment motion)', () => {
  it('pauses above 110% of the approved budget, not at exactly 110%', () => {
    let s = toImplementing(); // budget 50,000
    s = apply(s, member, { type: 'recordProgress', amountYuan: 30_000 }, day(23));
    s = apply(s, member, { type: 'recordProgress', amountYuan: 25_000 }, day(24));
    expect(s.paused).toBeUndefined();
    s = apply(s, member, { type: 'recordProgress', amountYuan: 0.01 }, day(25));
    expect(s.paused).toBe('budgetOverrun');
    expect(refusal(s, director, { type: 'reportCompletion', finalAmountYuan: 55_000 }, day(26))).toBe(
      'motion.errors.implementationPaused',
    );
    expect(nextActions(s, director, ctx(day(26)))).not.toContain('reportCompletion');
    // the amendment motion passes with a budget of 60,000
    s = apply(s, system, { type: 'resumeImplementation', approvedBudgetYuan: 60_000 }, day(60));
    expect(s.paused).toBeUndefined();
    expect(apply(s, director, { type: 'reportCompletion', finalAmountYuan: 55_000.01 }, day(61)).state).toBe(
      'result_disclosed',
    );
  });

  it('refuses final accounts more than 10% over budget', () => {
    expect(refusal(toImplementing(), director, { type: 'reportCompletion', finalAmountYuan: 55_000.01 }, day(30))).toBe(
      'motion.errors.finalAccountsOverBudget',
    );
  });

  it('lets only the director report completion', () => {
    expect(refusal(toImplementing(), member, { type: 'reportCompletion', finalAmountYuan: 1 }, day(30))).toBe(
      'motion.errors.notPermitted',
    );
  });

  it('pauses when the street office contests the resolution (edge #22)', () => {
    const s = apply(toImplementing(), street, { type: 'contestResolution' }, day(23));
    expect(s.paused).toBe('contested');
    expect(refusal(s, street, { type: 'contestResolution' }, day(24))).toBe('motion.errors.alreadyContested');
  });

  it('refuses amounts with fractions of a fen', () => {
    expect(refusal(toImplementing(), member, { type: 'recordProgress', amountYuan: 1.005 }, day(23))).toBe(
      'motion.errors.invalidAmount',
    );
    expect(refusal(toImplementing(), member, { type: 'recordProgress', amountYuan: -1 }, day(23))).toBe(
      'motion.errors.invalidAmount',
    );
  });
});

describe('nextActions: what each person may do now', () => {
  it('offers the secretary the draft commands, and residents nothing in a draft', () => {
    expect(nextActions(draft(), secretary, ctx(day(0)))).toEqual([
      'editDraft',
      'recordPartyCommitteeDecision',
      'withdraw',
    ]);
    expect(nextActions(draft(), resident, ctx(day(0)))).toEqual([]);
    expect(nextActions(draft(), supervisor, ctx(day(0)))).toEqual(['raiseObjection']);
    expect(nextActions(draft(), street, ctx(day(0)))).toEqual([]);
  });

  it('gives a person holding several roles the union of what each allows (一肩挑)', () => {
    const both: Actor = { roles: ['party_secretary', 'committee_member'], committeeOffice: 'director' };
    const actions = nextActions(toResolving(), both, ctx(day(8)));
    expect(actions).toEqual(expect.arrayContaining(['scheduleResolutionMeeting', 'withdraw', 'answerResidentOpinion']));
  });

  it('never lists system events, and people cannot send them', () => {
    expect(refusal(published(), secretary, { type: 'endDisclosure' }, day(30))).toBe('motion.errors.notPermitted');
  });

  it('lists exactly the commands that assertMay accepts, in every state', () => {
    const snapshots = [
      draft(),
      toProposed(),
      toDeliberating(),
      toPartyReview(),
      convenePartyMeeting(),
      toResolving(),
      withOnlineVote(),
      published(),
      toImplementing(),
    ];
    const actors = [secretary, director, member, supervisor, resident, representative, street];
    for (const s of snapshots) {
      for (const a of actors) {
        for (const c of MOTION_COMMANDS) {
          const listed = nextActions(s, a, ctx(day(13))).includes(c);
          if (listed) expect(() => assertMay(s, c, a, ctx(day(13)))).not.toThrow();
          else expect(() => assertMay(s, c, a, ctx(day(13)))).toThrow(DomainError);
        }
      }
    }
  });
});

describe('refusals carry message keys', () => {
  it('throws a DomainError with the key when applying a refused event', () => {
    try {
      apply(draft(), resident, { type: 'withdraw', reason: 'x', decisionRef: 'y' }, day(1));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).key).toBe('motion.errors.notPermitted');
    }
  });

  it('refuses the wrong stage with the state for the log', () => {
    expect(availability(draft(), 'recordJointMeeting', secretary, ctx(day(1)))).toEqual({
      ok: false,
      key: 'motion.errors.wrongStage',
      params: { state: 'draft' },
    });
  });
});

describe('timeline', () => {
  it('maps every non-terminal state to one of the six steps', () => {
    for (const s of MOTION_STATES) expect(STEP_OF_STATE[s] === null).toBe(isTerminal(s));
  });

  it('shows done, current and upcoming steps with the date each began', () => {
    const t = timeline(toPartyReview());
    expect(t.map((x) => x.status)).toEqual(['done', 'done', 'current', 'upcoming', 'upcoming', 'upcoming']);
    expect(t[0]).toMatchObject({ step: 'propose', labelKey: 'motion.step.propose', startedAt: day(0) });
    expect(t[2]?.startedAt).toBe(day(4));
  });

  it('shows where a rejected motion stopped', () => {
    let s = apply(toDeliberating(), secretary, { type: 'recordJointMeeting', record: fail }, day(4));
    s = apply(
      toDeliberating(toProposed(s, day(5)), day(5), day(8)),
      secretary,
      { type: 'recordJointMeeting', record: fail },
      day(8),
    );
    s = apply(
      toDeliberating(toProposed(s, day(9)), day(9), day(12)),
      secretary,
      { type: 'recordJointMeeting', record: fail },
      day(12),
    );
    expect(s.state).toBe('rejected');
    expect(timeline(s).map((x) => x.status)).toEqual([
      'done',
      'stopped',
      'notReached',
      'notReached',
      'notReached',
      'notReached',
    ]);
  });
});
