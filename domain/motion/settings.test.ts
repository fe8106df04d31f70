import { DomainError } from '../errors';
import { checkNotice, earliestMeetingDay, openingAfterRefusal, overdueLevel, votingWindow } from './deadlines';
import { DEFAULT_MOTION_SETTINGS, bodyRuleFor, noticeDaysFor, resolveMotionSettings } from './settings';

describe('community settings', () => {
  it('default to the values of DOMAIN.md §3.4 with real days', () => {
    const s = DEFAULT_MOTION_SETTINGS;
    expect(s.dayMs).toBe(86_400_000);
    expect([s.lapseDays, s.dueDays.jointMeeting, s.dueDays.partyReview, s.dueDays.resolution]).toEqual([
      180, 15, 30, 30,
    ]);
    expect(
      ['joint_meeting', 'party_members_meeting', 'representatives_meeting', 'residents_meeting'].map((b) =>
        noticeDaysFor(b as never, s),
      ),
    ).toEqual([2, 3, 3, 7]);
    expect([s.votingWindowDays, s.disclosureDays, s.spendingThresholdYuan, s.budgetOverrunPercent]).toEqual([
      3, 7, 20_000, 10,
    ]);
  });

  it('accept values inside the allowed ranges and refuse values outside them', () => {
    expect(resolveMotionSettings({ dueDays: { jointMeeting: 7 } }).dueDays).toEqual({
      jointMeeting: 7,
      partyReview: 30,
      resolution: 30,
    });
    const refused = (input: Parameters<typeof resolveMotionSettings>[0]) => {
      try {
        resolveMotionSettings(input);
        return undefined;
      } catch (e) {
        return (e as DomainError).params;
      }
    };
    expect(refused({ dueDays: { resolution: 61 } })).toEqual({ setting: 'dueDays.resolution' });
    expect(refused({ disclosureDays: 6 })).toEqual({ setting: 'disclosureDays' }); // 7 is the fixed minimum
    expect(refused({ noticeDays: { party_members_meeting: 2 } })).toEqual({
      setting: 'noticeDays.party_members_meeting',
    });
    expect(refused({ votingWindowDays: 8 })).toEqual({ setting: 'votingWindowDays' });
    expect(refused({ budgetOverrunPercent: 21 })).toEqual({ setting: 'budgetOverrunPercent' });
    expect(refused({ lapseDays: 366 })).toEqual({ setting: 'lapseDays' });
  });

  it('take body rules only when they are at least as strict as the law', () => {
    const strict = resolveMotionSettings({
      bodyRules: { party_members_meeting: { quorum: 'atLeastTwoThirds', pass: 'moreThanHalf', passBase: 'expected' } },
    });
    expect(bodyRuleFor('party_members_meeting', strict).quorum).toBe('atLeastTwoThirds');
    expect(bodyRuleFor('joint_meeting', strict).quorum).toBe('moreThanHalf');
    expect(() =>
      resolveMotionSettings({
        bodyRules: { representatives_meeting: { quorum: 'moreThanHalf', pass: 'moreThanHalf', passBase: 'present' } },
      }),
    ).toThrow(expect.objectContaining({ key: 'motion.errors.ruleLaxerThanLaw' }));
  });
});

describe('deadlines with real days', () => {
  const s = DEFAULT_MOTION_SETTINGS;
  const sh = (d: number, h = 0) => Date.UTC(2026, 10, d, h - 8);

  it("checks a representatives' meeting on 25 Nov needs notice by 00:00 on 22 Nov", () => {
    expect(checkNotice('representatives_meeting', sh(22, 0), sh(25, 14), s).ok).toBe(true);
    expect(checkNotice('representatives_meeting', sh(22, 8), sh(25, 14), s)).toMatchObject({
      ok: false,
      key: 'motion.errors.noticeTooShort',
      params: { days: 3, earliest: sh(26) },
    });
    expect(earliestMeetingDay('residents_meeting', sh(22, 8), s)).toBe(sh(30));
    expect(checkNotice('joint_meeting', sh(25, 9), sh(24, 9), s)).toMatchObject({
      key: 'motion.errors.meetingBeforeNotice',
    });
    // the party committee has no notice period
    expect(checkNotice('party_committee', sh(25, 9), sh(25, 10), s).ok).toBe(true);
  });

  it('after a "notice too short" refusal, takes the earliest day it names and as much again as the date moved', () => {
    const tried = sh(25, 14);
    const refused = checkNotice('representatives_meeting', sh(22, 8), tried, s);
    const later = openingAfterRefusal(refused, tried, 1_000)!;
    expect(later).toBe(sh(26) + (sh(26) - tried));
    expect(checkNotice('representatives_meeting', sh(22, 8), later, s).ok).toBe(true);
    expect(openingAfterRefusal({ ok: true }, tried, 1_000)).toBeUndefined();
    expect(openingAfterRefusal(checkNotice('joint_meeting', sh(25, 9), sh(24, 9), s), tried, 1_000)).toBeUndefined(); // another refusal
  });

  it('opens a 3-day voting window and escalates overdue stages 7 days after the due date', () => {
    expect(votingWindow(sh(25, 9), s)).toEqual({ opensAt: sh(25, 9), closesAt: sh(28, 9) });
    expect(overdueLevel(sh(25), sh(24), s)).toBe('onTime');
    expect(overdueLevel(sh(25), sh(25), s)).toBe('reminder');
    expect(overdueLevel(sh(25), sh(32) - 1, s)).toBe('reminder');
    expect(overdueLevel(sh(25), sh(32), s)).toBe('escalation');
  });
});
