/** The 四议两公开 process from proposal to party review: notices, consultation, returns, inquorate meetings. */
import { checkMotionEvent, isTerminal, mustNotifyInquorate, nextActions, timeline, type MotionEvent } from './stages';

import {
  day,
  ctx,
  secretary,
  director,
  member,
  resident,
  supervisor,
  system,
  pass,
  fail,
  tie,
  inquorate,
  apply,
  refusal,
  draft,
  toProposed,
  toDeliberating,
  toPartyReview,
  toResolving,
  withOnlineVote,
  toResolutionDisclosed,
  toImplementing,
} from './stages.testkit';

describe('the whole 四议两公开 process, with second-long days', () => {
  it('runs from draft to closed through every step', () => {
    let s = toImplementing();
    s = apply(s, member, { type: 'recordProgress', amountYuan: 20_000 }, day(30));
    s = apply(s, director, { type: 'reportCompletion', finalAmountYuan: 48_500.5 }, day(40));
    s = apply(s, supervisor, { type: 'approveDisclosure' }, day(41));
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

