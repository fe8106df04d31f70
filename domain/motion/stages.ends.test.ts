/** Withdrawal, lapse and overdue stages; what each person may do now; refusals; the timeline. */
import { DomainError } from '../errors';
import { type Actor } from './permissions';
import { resolveMotionSettings } from './settings';
import { newMotionBasis } from './snapshot';
import {
  MOTION_COMMANDS,
  MOTION_STATES,
  STEP_OF_STATE,
  assertMay,
  availability,
  checkMotionEvent,
  isTerminal,
  motionDeadlines,
  nextActions,
  nextWakeUp,
  overdue,
  timeline,
  type MotionEvent,
} from './stages';

import {
  DAY,
  settings,
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
  fail,
  apply,
  refusal,
  draft,
  toProposed,
  toDeliberating,
  toPartyReview,
  convenePartyMeeting,
  toResolving,
  withOnlineVote,
  toResolutionDisclosed,
  published,
  toImplementing,
} from './stages.testkit';

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

describe('what a new motion may start from (§3.5)', () => {
  it('a paused implementation is amended; a motion ended without passing is proposed again; nothing else', () => {
    expect(newMotionBasis({ state: 'implementing', paused: 'budgetOverrun' })).toBe('amends');
    const again = MOTION_STATES.filter((state) => newMotionBasis({ state }) === 'supersedes');
    expect(again.sort()).toEqual(['lapsed', 'rejected', 'withdrawn']);
    for (const state of ['draft', 'resolving', 'implementing', 'closed'] as const) expect(newMotionBasis({ state })).toBeNull();
  });
});
