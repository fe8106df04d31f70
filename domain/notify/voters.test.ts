import { REAL_DAY_MS } from '../calendar';
import { planElectionStep } from './steps';
import { reachVoter, voterAddress, type RegisterContact } from './voters';

const entry = (over: Partial<RegisterContact> = {}): RegisterContact => ({ voterId: 'v', phone: '13900000001', account: null, ...over });

describe('reaching a voter on the register', () => {
  it('reaches a voter without an account by the register phone, by SMS only (the register has no email)', () => {
    expect(reachVoter(entry())).toEqual({ voterId: 'v', sms: true, email: false });
    expect(voterAddress(entry({ phone: '+86 139-0000-0001' }), 'sms')).toBe('13900000001');
    expect(voterAddress(entry(), 'email')).toBeNull();
  });
  it('sends no SMS to a landline or a missing phone (the voter is left to the paper notice)', () => {
    expect(reachVoter(entry({ phone: '010-62345678' }))).toEqual({ voterId: 'v', sms: false, email: false });
    expect(reachVoter(entry({ phone: null }))).toEqual({ voterId: 'v', sms: false, email: false });
  });
  it("reaches a voter with an account by the account's contacts, the register phone only when the account has no mobile", () => {
    const linked = entry({ account: { phone: '13700000002', email: 'wang@example.com' } });
    expect(voterAddress(linked, 'sms')).toBe('13700000002');
    expect(voterAddress(linked, 'email')).toBe('wang@example.com');
    expect(voterAddress(entry({ account: { phone: null, email: null } }), 'sms')).toBe('13900000001');
    expect(voterAddress(entry({ account: { phone: '010-62345678', email: null } }), 'sms')).toBe('13900000001');
  });
});

describe('election voter notices address register entries', () => {
  const sh = (hh: number, day = 2) => Date.UTC(2026, 11, day, hh - 8);
  const base = { electionId: 'e', at: sh(10), title: '换届选举', electionDayAt: sh(0, 20), online: true };
  // v1 has an account with email; v2 has none; v3 a landline; v1 listed twice is still one recipient.
  const voters = [
    reachVoter(entry({ voterId: 'v1', account: { phone: '13700000002', email: 'a@example.com' } })),
    reachVoter(entry({ voterId: 'v2' })),
    reachVoter(entry({ voterId: 'v3', phone: '010-62345678' })),
    reachVoter(entry({ voterId: 'v1', account: { phone: '13700000002', email: 'a@example.com' } })),
  ];
  const ctx = { dayMs: REAL_DAY_MS, people: voters, subscribers: [{ subscriptionId: 's1', channel: 'email' as const }] };
  const who = (n: { to: object; channel: string }) => `${JSON.stringify(n.to)}:${n.channel}`;

  it('tells each entry once per channel it has, a voter with an account included (one recipient, not two)', () => {
    const n = planElectionStep({ ...base, action: 'voter_register.published' }, ctx);
    expect(n.map(who)).toEqual(['{"voterId":"v1"}:sms', '{"voterId":"v1"}:email', '{"voterId":"v2"}:sms']);
    expect(n.every((x) => !('userId' in x.to) && x.stepKey === 'election:e:register')).toBe(true);
  });
  it("reminds each entry unless it took part in the round; the notices carry titles and times only", () => {
    const n = planElectionStep({ ...base, action: 'election.polls_opened', round: { no: 1, openedAt: sh(8, 20), closableAt: sh(18, 20) } }, ctx);
    const reminders = n.filter((x) => x.kind === 'electionReminder');
    expect(reminders.map(who)).toEqual(['{"voterId":"v1"}:sms', '{"voterId":"v1"}:email', '{"voterId":"v2"}:sms']);
    expect(reminders.every((x) => JSON.stringify(x.unless) === JSON.stringify({ electionRound: { electionId: 'e', round: 1 } }))).toBe(true);
    for (const x of n) expect(Object.keys(x.params).sort()).toEqual(['closesAt', 'opensAt', 'title']);
  });
});
