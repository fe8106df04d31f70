import { REAL_DAY_MS } from '../calendar';
import type { Reachable, Recipient } from './plan';
import { planAppraisalStep, planConsultationStep, planElectionStep, type StepContext } from './steps';

/** 2026-12-02 at hh:mm Asia/Shanghai. */
const sh = (hh: number, mm = 0, day = 2) => Date.UTC(2026, 11, day, hh - 8, mm);

const people: Reachable[] = [
  { userId: 'a', sms: true, email: true },
  { userId: 'b', sms: true, email: false },
  { userId: 'c', sms: false, email: false }, // phone call only
  { userId: 'a', sms: true, email: true }, // listed twice (rater and subject)
];
const ctx = (over: Partial<StepContext> = {}): StepContext => ({ dayMs: REAL_DAY_MS, people, subscribers: [{ subscriptionId: 's1', channel: 'email' }], ...over });
const who = (n: { to: Recipient; channel: string }) => `${'userId' in n.to ? n.to.userId : 'subscriptionId' in n.to ? n.to.subscriptionId : n.to.voterId}:${n.channel}`;

describe('planConsultationStep', () => {
  it('tells the board of the topic, the representatives of the opinion window and the meeting, each once per channel', () => {
    const topic = planConsultationStep({ consultationId: 'k', action: 'publishTopic', at: sh(10), title: '垃圾分类', disclosureId: 'd1' }, ctx());
    expect(topic.map(who)).toEqual(['s1:email']);
    expect(topic[0]).toMatchObject({ kind: 'disclosurePublished', stepKey: 'disclosure:d1', params: { title: '垃圾分类', disclosureKind: 'consultation_topic' } });
    const opened = planConsultationStep({ consultationId: 'k', action: 'openCollection', at: sh(10), title: '垃圾分类', opinionsCloseAt: sh(10, 0, 9) }, ctx());
    expect(opened.map(who)).toEqual(['a:sms', 'a:email', 'b:sms']);
    expect(opened.every((n) => n.kind === 'consultationOpened' && n.stepKey === 'consultation:k:opinions' && n.params.closesAt === sh(10, 0, 9))).toBe(true);
    const meeting = planConsultationStep(
      { consultationId: 'k', action: 'scheduleMeeting', at: sh(22), title: '垃圾分类', meeting: { at: sh(19, 0, 8), location: '活动室' } },
      ctx(),
    );
    expect(meeting.map((n) => [who(n), n.notBefore])).toEqual([
      ['a:sms', sh(8, 0, 3)], // quiet hours: the SMS waits for 08:00
      ['a:email', sh(22)],
      ['b:sms', sh(8, 0, 3)],
    ]);
    expect(meeting[0]!.params).toEqual({ title: '垃圾分类', opensAt: sh(19, 0, 8), location: '活动室' });
    expect(planConsultationStep({ consultationId: 'k', action: 'recordMeeting', at: sh(10), title: 't' }, ctx())).toEqual([]);
  });
});

describe('planElectionStep', () => {
  const base = { electionId: 'e', at: sh(10), title: '第十二届居委会换届选举', electionDayAt: sh(0, 0, 20), online: true };
  it('tells registered voters that they are on the list, with the election day', () => {
    const n = planElectionStep({ ...base, action: 'voter_register.published' }, ctx());
    expect(n.map(who)).toEqual(['a:sms', 'a:email', 'b:sms']);
    expect(n[0]).toMatchObject({ kind: 'electionVoterNotice', stepKey: 'election:e:register', params: { title: base.title, opensAt: sh(0, 0, 20) } });
  });
  it('opens a round with one notice and, online, one reminder unless the voter took part in that round', () => {
    const round = { no: 2, openedAt: sh(8, 0, 20), closableAt: sh(18, 0, 20) };
    const n = planElectionStep({ ...base, action: 'election.polls_opened', round }, ctx());
    const reminders = n.filter((x) => x.kind === 'electionReminder');
    expect(n.filter((x) => x.kind === 'electionPollsOpened').map(who)).toEqual(['a:sms', 'a:email', 'b:sms']);
    expect(reminders.map(who)).toEqual(['a:sms', 'a:email', 'b:sms']);
    expect(reminders.every((x) => x.stepKey === 'election:e:round:2:reminder' && x.notBefore === sh(13, 0, 20))).toBe(true);
    expect(reminders[0]!.unless).toEqual({ electionRound: { electionId: 'e', round: 2 } });
    // Without the online pilot nobody can act on a reminder from home: none is planned.
    expect(planElectionStep({ ...base, online: false, action: 'election.polls_opened', round }, ctx()).some((x) => x.kind === 'electionReminder')).toBe(false);
  });
  it('tells subscribers of the plan, the candidate list and the result; other steps tell nobody', () => {
    const r = planElectionStep({ ...base, action: 'election.results_published', disclosure: { id: 'd9', kind: 'election_result' } }, ctx());
    expect(r.map((x) => [who(x), x.stepKey, x.params.disclosureKind])).toEqual([['s1:email', 'disclosure:d9', 'election_result']]);
    expect(planElectionStep({ ...base, action: 'nominee.added' }, ctx())).toEqual([]);
  });
});

describe('planAppraisalStep', () => {
  const base = { planId: 'p', title: '2026年度民主评议', meetingAt: sh(9, 0, 10) };
  it('tells raters and subjects of the plan once each, with the meeting time only', () => {
    const n = planAppraisalStep({ ...base, action: 'plan', at: sh(10) }, ctx());
    expect(n.map(who)).toEqual(['a:sms', 'a:email', 'b:sms']);
    expect(n.every((x) => x.kind === 'appraisalPlanned' && JSON.stringify(x.params) === JSON.stringify({ title: base.title, opensAt: base.meetingAt }))).toBe(true);
  });
  it('opens the rating with a notice and a reminder half-way, never to a rater who returned a form', () => {
    const rating = { openedAt: sh(10, 0, 10), closesAt: sh(12, 0, 10) };
    const n = planAppraisalStep({ ...base, action: 'openRating', at: rating.openedAt, rating }, ctx());
    const reminders = n.filter((x) => x.kind === 'appraisalReminder');
    expect(n.filter((x) => x.kind === 'appraisalRatingOpened')).toHaveLength(3);
    expect(reminders.map((x) => [who(x), x.notBefore])).toEqual([
      ['a:sms', sh(11, 0, 10)],
      ['a:email', sh(11, 0, 10)],
      ['b:sms', sh(11, 0, 10)],
    ]);
    expect(reminders.every((x) => JSON.stringify(x.unless) === '{"appraisalReturned":"p"}')).toBe(true);
  });
  it('a reminder of an evening window falls before the window closes, not after the quiet hours', () => {
    const rating = { openedAt: sh(19, 0, 10), closesAt: sh(23, 0, 10) };
    const n = planAppraisalStep({ ...base, action: 'openRating', at: rating.openedAt, rating }, ctx());
    const sms = n.filter((x) => x.kind === 'appraisalReminder' && x.channel === 'sms');
    expect(sms.every((x) => x.notBefore === sh(20, 59, 10))).toBe(true);
  });
  it('tells subscribers of the published result; the tally tells nobody', () => {
    expect(planAppraisalStep({ ...base, action: 'publish', at: sh(10), disclosureId: 'd3' }, ctx()).map(who)).toEqual(['s1:email']);
    expect(planAppraisalStep({ ...base, action: 'tally', at: sh(10) }, ctx())).toEqual([]);
  });
});
