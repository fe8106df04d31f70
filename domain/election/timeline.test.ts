import { shanghaiDayStartMs } from './dates';
import {
  DAY_MS,
  byElectionLastDay,
  checkMobileBoxRequestTime,
  checkNominationOpen,
  checkNominationReopenDays,
  checkObjectionFiling,
  checkPlanAdoption,
  checkProxyApplicationTime,
  checkRegistrationOpen,
  checkRunoffTime,
  electionDates,
  electionSchedule,
  electionScheduleForDay,
  milestones,
  objectionDecisionDueMs,
  objectionDecisionLastDay,
  phaseDurations,
  reopenedNominationLastDay,
  rerunLastDay,
  resultsDisclosureEndsAt,
} from './timeline';

const E = '2026-12-10';

describe('election dates for E = 2026-12-10', () => {
  const d = electionDates(E);

  it('publishes the voter list no later than 00:00 of E−20 (so by the end of E−21)', () => {
    expect(d.registerPublishLastDay).toBe('2026-11-19');
    expect(d.registrationFirstDay).toBe('2026-11-05');
    expect(d.registrationLastDay).toBe('2026-11-19');
  });

  it('takes objections until E−5 and decides them before E−1', () => {
    expect(d.objectionsFirstDay).toBe('2026-11-20');
    expect(d.objectionsLastDay).toBe('2026-12-05');
    expect(d.objectionDecisionsLastDay).toBe('2026-12-08');
  });

  it('nominates from E−19 to E−12, reviews by E−9, lists candidates ≥ 7 days ahead', () => {
    expect([d.nominationFirstDay, d.nominationLastDay]).toEqual(['2026-11-21', '2026-11-28']);
    expect(d.qualificationReviewLastDay).toBe('2026-12-01');
    expect(d.candidateListPublishLastDay).toBe('2026-12-02');
  });

  it('lets the plan move the candidate list to 5 days ahead, never fewer', () => {
    expect(electionDates(E, { candidateListLeadDays: 5 }).candidateListPublishLastDay).toBe('2026-12-04');
    expect(() => electionDates(E, { candidateListLeadDays: 4 })).toThrow(RangeError);
  });

  it('closes withdrawals and proxies on E−3, mobile-box requests on E−2', () => {
    expect(d.withdrawalsLastDay).toBe('2026-12-07');
    expect(d.proxyApplicationsLastDay).toBe('2026-12-07');
    expect(d.mobileBoxRequestsLastDay).toBe('2026-12-08');
    expect(d.proxyListPublishLastDay).toBe('2026-12-08');
  });

  it('places runoff ≤ E+7, handover ≤ E+10, the committee ≥ E−50 and the plan ≥ E−40', () => {
    expect(d.runoffLastDay).toBe('2026-12-17');
    expect(d.handoverLastDay).toBe('2026-12-20');
    expect(d.electionCommitteeLastDay).toBe('2026-10-20');
    expect(d.planPublishLastDay).toBe('2026-10-30');
    expect(d.voterListVisibleLastDay).toBe('2027-01-09');
  });

  it('refuses a malformed election day', () => {
    expect(() => electionDates('2026-12-32')).toThrow(RangeError);
  });
});

describe('schedule instants', () => {
  const s = electionScheduleForDay(E);
  const start = (date: string) => shanghaiDayStartMs(date);

  it('matches the calendar dates: a deadline passes at 00:00 of the next day', () => {
    expect(s.pollingOpensAt).toBe(start(E));
    expect(s.registerPublishBy).toBe(start('2026-11-20'));
    expect(s.objectionsCloseAt).toBe(start('2026-12-06'));
    expect(s.nominationOpensAt).toBe(start('2026-11-21'));
    expect(s.nominationClosesAt).toBe(start('2026-11-29'));
  });

  it('checks windows at an instant, half-open', () => {
    expect(checkObjectionFiling(s, s.objectionsCloseAt - 1).ok).toBe(true);
    expect(checkObjectionFiling(s, s.objectionsCloseAt)).toMatchObject({ key: 'election.errors.objectionsClosed' });
    expect(checkObjectionFiling(s, s.objectionsOpenAt - 1)).toMatchObject({ key: 'election.errors.objectionsNotOpen' });
    expect(checkNominationOpen(s, s.nominationOpensAt).ok).toBe(true);
    expect(checkNominationOpen(s, s.nominationClosesAt)).toMatchObject({ key: 'election.errors.nominationClosed' });
    expect(checkNominationOpen(s, s.nominationOpensAt - 1)).toMatchObject({ key: 'election.errors.nominationNotOpen' });
    expect(checkRegistrationOpen(s, s.registrationClosesAt)).toMatchObject({ key: 'election.errors.registrationClosed' });
    expect(checkRegistrationOpen(s, s.registrationOpensAt - 1)).toMatchObject({ key: 'election.errors.registrationNotOpen' });
    expect(checkPlanAdoption(s, s.planPublishBy)).toMatchObject({ key: 'election.errors.planTooLate' });
    expect(checkPlanAdoption(s, s.planPublishBy - 1).ok).toBe(true);
  });

  it('refuses proxy applications from E−2 and mobile-box requests from E−1 (Shanghai time)', () => {
    expect(checkProxyApplicationTime(s, start('2026-12-08') - 1).ok).toBe(true);
    expect(checkProxyApplicationTime(s, start('2026-12-08'))).toMatchObject({ key: 'election.errors.proxyWindowClosed' });
    expect(checkMobileBoxRequestTime(s, start('2026-12-09') - 1).ok).toBe(true);
    expect(checkMobileBoxRequestTime(s, start('2026-12-09'))).toMatchObject({ key: 'election.errors.mobileBoxWindowClosed' });
  });

  it('holds a runoff from E to the end of E+7', () => {
    expect(checkRunoffTime(s, s.pollingOpensAt).ok).toBe(true);
    expect(checkRunoffTime(s, start('2026-12-18') - 1).ok).toBe(true);
    expect(checkRunoffTime(s, start('2026-12-18'))).toMatchObject({ key: 'election.errors.runoffTooLate' });
    expect(checkRunoffTime(s, s.pollingOpensAt - 1)).toMatchObject({ key: 'election.errors.runoffBeforeElection' });
  });

  it('lists milestones in time order', () => {
    const m = milestones(s);
    expect(m[0]!.name).toBe('electionCommitteeBy');
    expect(m.at(-1)!.name).toBe('voterListVisibleUntil');
    for (let i = 1; i < m.length; i++) expect(m[i]!.at).toBeGreaterThanOrEqual(m[i - 1]!.at);
  });
});

describe('scaled days', () => {
  it('runs the same timeline with one-second days', () => {
    const eStart = 1_000_000;
    const s = electionSchedule(eStart, 1000);
    expect(s.nominationOpensAt).toBe(eStart - 19_000);
    expect(s.nominationClosesAt).toBe(eStart - 11_000);
    expect(s.objectionsCloseAt).toBe(eStart - 4_000);
    expect(s.runoffBy).toBe(eStart + 8_000);
  });

  it('gives phase durations in ms proportional to dayMs', () => {
    const fast = phaseDurations(1000);
    expect(fast).toMatchObject({ nominationMs: 8_000, registrationMs: 15_000, objectionsMs: 16_000, resultsDisclosureMinMs: 7_000, nominationReopenMinMs: 3_000, rerunAfterVoidMaxMs: 30_000, leadMs: 50_000 });
    const real = phaseDurations();
    expect(real.nominationMs).toBe(8 * DAY_MS);
    expect(resultsDisclosureEndsAt(5, 1000)).toBe(7_005);
  });

  it('refuses a non-positive dayMs', () => {
    expect(() => electionSchedule(0, 0)).toThrow(RangeError);
  });
});

describe('objection decisions (3 days, before E−1)', () => {
  it('gives 3 days when there is time', () => {
    expect(objectionDecisionLastDay(E, '2026-11-25')).toBe('2026-11-28');
  });
  it('cuts to E−2 for a late objection', () => {
    expect(objectionDecisionLastDay(E, '2026-12-05')).toBe('2026-12-08');
    expect(objectionDecisionLastDay(E, '2026-12-07')).toBe('2026-12-08');
    const s = electionSchedule(0, 1000);
    expect(objectionDecisionDueMs(s, s.objectionsCloseAt - 1)).toBe(s.objectionDecisionsBy);
    expect(objectionDecisionDueMs(s, -15_000)).toBe(-11_000); // received at 00:00 of E−15 → end of E−12
    expect(objectionDecisionDueMs(s, -14_001)).toBe(-11_000);
  });
});

describe('later deadlines', () => {
  it('re-runs a void election within 30 days (§8 #20)', () => {
    expect(rerunLastDay(E)).toBe('2027-01-09');
  });
  it('holds a by-election within 3 calendar months (§8 #21)', () => {
    expect(byElectionLastDay('2026-12-17')).toBe('2027-03-17');
    expect(byElectionLastDay('2026-11-30')).toBe('2027-02-28');
  });
  it('reopens nomination for at least 3 days (§8 #8)', () => {
    expect(reopenedNominationLastDay('2026-11-29')).toBe('2026-12-01');
    expect(checkNominationReopenDays(2)).toMatchObject({ key: 'election.errors.nominationReopenTooShort', params: { min: 3 } });
    expect(checkNominationReopenDays(3).ok).toBe(true);
    expect(() => reopenedNominationLastDay('2026-11-29', 2)).toThrow(RangeError);
  });
});
