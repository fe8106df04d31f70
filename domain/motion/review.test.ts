/** §3.7.3: the supervision committee's review of a disclosure before publication (review.ts). */
import { describe, expect, it } from 'vitest';
import { isWorkingDay, shanghaiWeekday, workingDaysEnd } from '../calendar';
import { motionDisclosureContent } from './disclosure';
import { publishedReview, reviewDeadline } from './review';
import { motionDeadlines, nextActions } from './stages';
import { openTasks } from './tasks';
import {
  DAY,
  apply,
  ctx,
  day,
  director,
  member,
  refusal,
  resident,
  secretary,
  settings,
  street,
  supervisor,
  system,
  toResolutionDisclosed,
  withOnlineVote,
  pass,
} from './stages.testkit';

// With the testkit's one-second days, day(15) is a Monday and day(19) a Friday.
const disclosed = toResolutionDisclosed(); // entered resolution_disclosed at day(15)

describe('working days (domain/calendar.ts)', () => {
  it('knows the weekday of scaled and real days', () => {
    expect(shanghaiWeekday(day(15), DAY)).toBe(1);
    expect(shanghaiWeekday(day(20), DAY)).toBe(6);
    expect(isWorkingDay(day(21), DAY)).toBe(false);
    // 3 Dec 2026 is a Thursday in Shanghai, also just after midnight there (still 2 Dec in UTC).
    expect(shanghaiWeekday(Date.UTC(2026, 11, 2, 16, 30))).toBe(4);
  });

  it('does not count the day itself and skips the weekend', () => {
    expect(workingDaysEnd(day(15, 500), 2, DAY)).toBe(day(18)); // Mon → Tue, Wed → Thu 00:00
    expect(workingDaysEnd(day(19, 999), 2, DAY)).toBe(day(24)); // Fri → Mon, Tue → Wed 00:00
    expect(workingDaysEnd(day(20), 2, DAY)).toBe(day(24)); // Sat → Mon, Tue
    // Real days: submitted Friday 4 Dec 2026 at 17:00 Shanghai → publishable from Wednesday 9 Dec 00:00.
    expect(workingDaysEnd(Date.UTC(2026, 11, 4, 9), 2)).toBe(Date.UTC(2026, 11, 8, 16));
    expect(() => workingDaysEnd(day(15), 0, DAY)).toThrow(RangeError);
  });
});

describe('a disclosure waits for review', () => {
  it('is not published on entering the disclosure state', () => {
    expect(disclosed.disclosure).toMatchObject({ kind: 'resolution', review: { status: 'pending', submittedAt: day(15) } });
    expect(refusal(disclosed, system, { type: 'disclosurePublished' }, day(15))).toBe('motion.errors.disclosureAwaitsReview');
    expect(refusal(disclosed, system, { type: 'endDisclosure' }, day(40))).toBe('motion.errors.disclosureNotPublished');
  });

  it('only a supervisor approves or asks for a correction', () => {
    for (const a of [director, secretary, member, resident, street, system]) {
      expect(refusal(disclosed, a, { type: 'approveDisclosure' }, day(15))).toBe('motion.errors.notPermitted');
      expect(refusal(disclosed, a, { type: 'requestDisclosureCorrection', reason: 'x' }, day(15))).toBe('motion.errors.notPermitted');
    }
    expect(nextActions(disclosed, supervisor, ctx(day(15)))).toEqual(expect.arrayContaining(['approveDisclosure', 'requestDisclosureCorrection']));
    expect(nextActions(disclosed, director, ctx(day(15)))).not.toContain('publishUnreviewed');
  });

  it('approved: published, the window starts at publication, the content says reviewed with the date and remark', () => {
    const ok = apply(disclosed, supervisor, { type: 'approveDisclosure', remark: '内容属实' }, day(16));
    expect(ok.disclosure?.review).toMatchObject({ status: 'approved', decidedAt: day(16), remark: '内容属实' });
    expect(refusal(ok, supervisor, { type: 'approveDisclosure' }, day(16))).toBe('motion.errors.noDisclosureAwaitingReview');
    const pub = apply(ok, system, { type: 'disclosurePublished' }, day(16, 10));
    expect(motionDeadlines(pub, settings).disclosureEndsAt).toBe(day(16, 10) + settings.disclosureDays * DAY);
    expect(publishedReview(pub)).toEqual({ status: 'reviewed', reviewedAt: new Date(day(16)).toISOString(), remark: '内容属实' });
  });

  it('unreviewed: refused before 2 working days, allowed after to the director and the secretary only, labelled', () => {
    expect(reviewDeadline(disclosed.disclosure!.review!, settings)).toBe(day(18));
    expect(refusal(disclosed, director, { type: 'publishUnreviewed' }, day(18) - 1)).toBe('motion.errors.reviewPeriodRunning');
    for (const a of [member, supervisor, resident, street]) {
      expect(refusal(disclosed, a, { type: 'publishUnreviewed' }, day(18))).toBe('motion.errors.notPermitted');
    }
    expect(refusal(disclosed, secretary, { type: 'publishUnreviewed' }, day(18))).toBeUndefined();
    const out = apply(disclosed, director, { type: 'publishUnreviewed' }, day(18));
    expect(out.disclosure?.review?.status).toBe('unreviewed');
    expect(refusal(out, system, { type: 'disclosurePublished' }, day(18))).toBeUndefined();
    expect(publishedReview(out)).toEqual({ status: 'notReviewed' });
  });

  it('over a weekend: entered on a Friday, publishable unreviewed from Wednesday', () => {
    const late = apply(withOnlineVote(), system, { type: 'recordResolution', record: pass }, day(19, 300));
    expect(refusal(late, director, { type: 'publishUnreviewed' }, day(23, 999))).toBe('motion.errors.reviewPeriodRunning');
    expect(refusal(late, director, { type: 'publishUnreviewed' }, day(24))).toBeUndefined();
  });

  it('a correction request: the committee sees the reason, resubmits with a note, and the 2 working days start again', () => {
    expect(refusal(disclosed, supervisor, { type: 'requestDisclosureCorrection', reason: '  ' }, day(16))).toBe('motion.errors.correctionReasonRequired');
    const asked = apply(disclosed, supervisor, { type: 'requestDisclosureCorrection', reason: '表决人数写错了' }, day(16));
    expect(asked.disclosure?.review).toMatchObject({ status: 'correctionRequested', correctionReason: '表决人数写错了', corrections: 1 });
    // Neither approval nor publishing unreviewed while the correction is asked for, even after 2 working days.
    expect(refusal(asked, supervisor, { type: 'approveDisclosure' }, day(17))).toBe('motion.errors.disclosureAwaitsResubmission');
    expect(refusal(asked, director, { type: 'publishUnreviewed' }, day(30))).toBe('motion.errors.disclosureAwaitsResubmission');
    expect(refusal(asked, supervisor, { type: 'resubmitDisclosure', note: 'x' }, day(17))).toBe('motion.errors.notPermitted');
    expect(refusal(asked, director, { type: 'resubmitDisclosure', note: '' }, day(17))).toBe('motion.errors.resubmitNoteRequired');
    expect(refusal(disclosed, director, { type: 'resubmitDisclosure', note: 'x' }, day(17))).toBe('motion.errors.noCorrectionRequested');
    const again = apply(asked, secretary, { type: 'resubmitDisclosure', note: '已核对更正' }, day(17, 100));
    expect(again.disclosure?.review).toMatchObject({ status: 'pending', submittedAt: day(17, 100), resubmitNote: '已核对更正' });
    expect(refusal(again, director, { type: 'publishUnreviewed' }, day(19, 999))).toBe('motion.errors.reviewPeriodRunning'); // Thu, Fri
    expect(refusal(again, director, { type: 'publishUnreviewed' }, day(20))).toBeUndefined();
  });

  it('the result disclosure is reviewed the same way', () => {
    const pub = apply(apply(disclosed, supervisor, { type: 'approveDisclosure' }, day(15)), system, { type: 'disclosurePublished' }, day(15));
    const impl = apply(pub, system, { type: 'endDisclosure' }, day(22));
    const result = apply(impl, director, { type: 'reportCompletion', finalAmountYuan: 40_000 }, day(30));
    expect(result.disclosure).toMatchObject({ kind: 'result', review: { status: 'pending', submittedAt: day(30) } });
    expect(refusal(result, system, { type: 'disclosurePublished' }, day(30))).toBe('motion.errors.disclosureAwaitsReview');
  });
});

describe('tasks and wake-ups', () => {
  it('a supervisor task while pending, the director’s "publish unreviewed" after 2 working days, resubmission after a request', () => {
    const m = { motionId: 'm1', snapshot: disclosed, settings };
    const kinds = (now: number, s = disclosed) => openTasks({ ...m, snapshot: s }, now).map((t) => [t.kind, t.to]);
    expect(kinds(day(16))).toEqual([['motion.task.reviewDisclosure', { role: 'supervisor' }]]);
    expect(kinds(day(18))).toEqual([
      ['motion.task.reviewDisclosure', { role: 'supervisor' }],
      ['motion.task.publishUnreviewed', { office: 'director' }],
    ]);
    const asked = apply(disclosed, supervisor, { type: 'requestDisclosureCorrection', reason: 'x' }, day(16));
    expect(kinds(day(16), asked)).toEqual([['motion.task.resubmitDisclosure', { office: 'director' }]]);
    expect(motionDeadlines(disclosed, settings).reviewDueAt).toBe(day(18));
    expect(motionDeadlines(asked, settings).reviewDueAt).toBeUndefined();
  });
});

describe('published content', () => {
  it('carries the review status (hash-chained with the rest)', () => {
    const ok = apply(disclosed, supervisor, { type: 'approveDisclosure' }, day(16));
    const src = {
      motion: { number: 1, title: 't', category: 'facilities', catalogueItemId: null, proposalText: 'p', snapshot: ok, estimatedCostFen: '0' },
      objections: [],
      progress: [],
    };
    expect(motionDisclosureContent('resolution', src)).toMatchObject({ review: { status: 'reviewed', remark: null } });
    expect(motionDisclosureContent('withdrawal', src)).not.toHaveProperty('review');
  });
});
