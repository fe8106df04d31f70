import { REAL_DAY_MS } from '../calendar';
import type { Reachable, Recipient } from './plan';
import { planByElectionDeadline, planServiceStep, serviceNotifies, type StepContext } from './steps';

/** 2026-12-dd at hh:mm Asia/Shanghai. */
const sh = (hh: number, mm = 0, day = 2) => Date.UTC(2026, 11, day, hh - 8, mm);
const who = (n: { to: Recipient; channel: string }) => `${'userId' in n.to ? n.to.userId : 'subscriptionId' in n.to ? n.to.subscriptionId : n.to.voterId}:${n.channel}`;
const households: Reachable[] = [
  { userId: 'h1', sms: true, email: false },
  { userId: 'h2', sms: true, email: true },
];
const ctx = (over: Partial<StepContext> = {}): StepContext => ({ dayMs: REAL_DAY_MS, people: households, subscribers: [{ subscriptionId: 's1', channel: 'sms' }], ...over });
const base = { planId: 'p', title: '2026年服务单位评议', survey: { openedAt: sh(10), closesAt: sh(10, 0, 12) }, replyRequested: [], replyDueAt: null };

describe('planServiceStep (§9.3)', () => {
  it('tells each household of the open survey once per channel, and reminds half-way (at most a day before it closes) unless it rated', () => {
    const out = planServiceStep({ ...base, action: 'open', at: sh(10) }, ctx());
    const opened = out.filter((n) => n.kind === 'serviceSurveyOpened');
    expect(opened.map(who)).toEqual(['h1:sms', 'h2:sms', 'h2:email']);
    expect(opened.every((n) => n.stepKey === 'service-appraisal:p:survey' && n.params.closesAt === sh(10, 0, 12))).toBe(true);
    const reminders = out.filter((n) => n.kind === 'serviceReminder');
    expect(reminders.map(who)).toEqual(['h1:sms', 'h2:sms', 'h2:email']);
    expect(reminders.every((n) => n.notBefore === sh(10, 0, 11) && n.stepKey === 'service-appraisal:p:survey:reminder')).toBe(true);
    expect(reminders[0]!.unless).toEqual({ serviceRated: 'p' });
  });
  it('opened in the evening, the SMS waits for 08:00; the email does not', () => {
    const out = planServiceStep({ ...base, survey: { openedAt: sh(22), closesAt: sh(22, 0, 12) }, action: 'open', at: sh(22) }, ctx()).filter((n) => n.kind === 'serviceSurveyOpened');
    expect(out.map((n) => [who(n), n.notBefore])).toEqual([
      ['h1:sms', sh(8, 0, 3)],
      ['h2:sms', sh(8, 0, 3)],
      ['h2:email', sh(22)],
    ]);
  });
  it('publishing tells the board and the street office; each unit below the threshold brings the committee and the street office one reply request', () => {
    const street: Reachable[] = [{ userId: 'so', sms: true, email: false }];
    const committee: Reachable[] = [{ userId: 'cm', sms: false, email: true }, { userId: 'so', sms: true, email: false }];
    const out = planServiceStep({ ...base, action: 'publishResults', at: sh(10, 0, 13), disclosureId: 'd9', replyRequested: ['某物业公司'], replyDueAt: sh(10, 0, 28) }, { ...ctx({ people: street }), committee });
    expect(out.filter((n) => n.kind === 'disclosurePublished').map(who)).toEqual(['s1:sms']);
    expect(out.filter((n) => n.kind === 'serviceResultsPublished').map(who)).toEqual(['so:sms']);
    const asked = out.filter((n) => n.kind === 'serviceReplyRequested');
    expect(asked.map(who)).toEqual(['cm:email', 'so:sms']); // the staff member on both lists is told once
    expect(asked[0]!.params).toEqual({ title: base.title, unit: '某物业公司', closesAt: sh(10, 0, 28) });
    expect(planServiceStep({ ...base, action: 'publishResults', at: sh(10), replyRequested: [] }, ctx({ people: street })).some((n) => n.kind === 'serviceReplyRequested')).toBe(false);
  });
  it('closing, counting, a recorded reply and finishing tell nobody', () => {
    for (const action of ['closeSurvey', 'counted', 'recordReply', 'allRepliesIn', 'finish']) {
      expect(serviceNotifies(action)).toBe(false);
      expect(planServiceStep({ ...base, action, at: sh(10) }, ctx())).toEqual([]);
    }
  });
});

describe('planByElectionDeadline (§4.7, §8 #21)', () => {
  const d = { communityId: 'c1', since: '2026-10-01', dueOn: '2026-12-31', remindOn: '2026-12-01', overdueOn: '2027-01-01', communityName: '春晖社区' };
  const staff: Reachable[] = [{ userId: 'so', sms: true, email: true }];
  it('reminds the street office at 09:00 thirty days before, and the day after the deadline, unless the vacancy was dealt with', () => {
    const out = planByElectionDeadline(d, staff, sh(10, 0, 1) - 30 * REAL_DAY_MS);
    expect(out.map((n) => [n.kind, who(n), n.notBefore])).toEqual([
      ['byElectionDueSoon', 'so:sms', Date.parse('2026-12-01T09:00:00+08:00')],
      ['byElectionDueSoon', 'so:email', Date.parse('2026-12-01T09:00:00+08:00')],
      ['byElectionOverdue', 'so:sms', Date.parse('2027-01-01T09:00:00+08:00')],
      ['byElectionOverdue', 'so:email', Date.parse('2027-01-01T09:00:00+08:00')],
    ]);
    expect(out[0]!.stepKey).toBe('by-election:c1:2026-10-01:dueSoon');
    expect(out.every((n) => JSON.stringify(n.unless) === JSON.stringify({ byElectionVacancy: { communityId: 'c1', since: '2026-10-01' } }))).toBe(true);
  });
  it('a reminder whose day has passed goes now (outside quiet hours)', () => {
    const now = sh(11, 0, 15);
    const out = planByElectionDeadline(d, staff, now);
    expect(out.find((n) => n.kind === 'byElectionDueSoon' && n.channel === 'sms')!.notBefore).toBe(now);
    const night = sh(23, 0, 15);
    expect(planByElectionDeadline(d, staff, night).find((n) => n.kind === 'byElectionDueSoon' && n.channel === 'sms')!.notBefore).toBe(sh(8, 0, 16));
  });
});
