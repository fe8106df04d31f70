/** 决议, the disclosure windows with their objections, and implementation. */
import { nextActions, resolutionBodyIsForced, timeline, type MotionEvent } from './stages';

import {
  day,
  ctx,
  secretary,
  director,
  member,
  supervisor,
  resident,
  representative,
  street,
  system,
  pass,
  tie,
  apply,
  refusal,
  draft,
  toProposed,
  toDeliberating,
  toPartyReview,
  toResolving,
  withOnlineVote,
  toResolutionDisclosed,
  published,
  toImplementing,
} from './stages.testkit';

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

  it('resumes a contested implementation by the street office only; a budget overrun only by an amending motion (§3.5)', () => {
    const contested = apply(toImplementing(), street, { type: 'contestResolution' }, day(23));
    expect(refusal(contested, director, { type: 'resumeImplementation' }, day(24))).toBe('motion.errors.notPermitted');
    expect(refusal(contested, supervisor, { type: 'resumeImplementation' }, day(24))).toBe('motion.errors.notPermitted');
    expect(nextActions(contested, street, ctx(day(24)))).toContain('resumeImplementation');
    expect(apply(contested, street, { type: 'resumeImplementation' }, day(24)).paused).toBeUndefined();
    let over = apply(toImplementing(), member, { type: 'recordProgress', amountYuan: 55_000.01 }, day(23));
    expect(over.paused).toBe('budgetOverrun');
    expect(refusal(over, street, { type: 'resumeImplementation' }, day(24))).toBe('motion.errors.resumeNeedsAmendment');
    expect(nextActions(over, street, ctx(day(24)))).not.toContain('resumeImplementation');
    over = apply(over, system, { type: 'resumeImplementation', approvedBudgetYuan: 70_000, amendingMotionId: 'm2' }, day(60));
    expect(over.paused).toBeUndefined();
    expect(over.implementation).toEqual({ approvedBudgetFen: 7_000_000, spentFen: 5_500_001 });
    expect(refusal(toImplementing(), street, { type: 'resumeImplementation' }, day(24))).toBe('motion.errors.notPaused');
  });

  it('an amending motion goes through 四议 and, passed, closes once its resolution window ends; not passed, it is rejected', () => {
    const amending = (record = pass) => {
      let a = toResolving(toPartyReview(toDeliberating(toProposed(draft({ motionId: 'm2', amendsMotionId: 'm1', estimatedCostYuan: 70_000 })))));
      a = apply(withOnlineVote(a), system, { type: 'recordResolution', record }, day(15));
      return apply(published(a), system, { type: 'endDisclosure' }, day(22));
    };
    expect(draft({ amendsMotionId: 'm0' }).amendsMotionId).toBe('m0');
    expect(draft().amendsMotionId).toBeUndefined();
    const passed = amending();
    expect(passed.state).toBe('closed');
    expect(passed.implementation).toBeUndefined();
    expect(amending(tie).state).toBe('rejected');
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

