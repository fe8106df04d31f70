import { mapHeaders, validateImportRows } from '../admin/people';
import { REAL_DAY_MS } from '../calendar';
import type { MotionFact } from '../motion/facts';
import { emailAddress, maskEmail, mobileNumber, personEmailSchema, subscribeSchema } from './contacts';
import { afterFailure, backoffMs, MAX_ATTEMPTS } from './delivery';
import { planMotionStep, reminderAt, stepNotifies, type PlanContext, type Reachable } from './plan';
import { isQuiet, outsideQuietHours } from './quiet';

/** 2026-12-02 at hh:mm Asia/Shanghai. */
const sh = (hh: number, mm = 0, day = 2) => Date.UTC(2026, 11, day, hh - 8, mm);

describe('contacts', () => {
  it('takes mainland mobile numbers in any common spelling, refuses landlines and junk', () => {
    expect(mobileNumber('+86 139-0000-1111')).toBe('13900001111');
    expect(mobileNumber('008613900001111')).toBe('13900001111');
    expect(mobileNumber('01088881234')).toBeNull(); // landline: call list only
    expect(mobileNumber('12900001111')).toBeNull();
    expect(mobileNumber('1390000111')).toBeNull();
    expect(mobileNumber('')).toBeNull();
  });
  it('checks email addresses and caps them', () => {
    expect(emailAddress(' Zhou@Example.COM ')).toBe('Zhou@example.com');
    expect(emailAddress('no-at.example.com')).toBeNull();
    expect(emailAddress('a@b')).toBeNull();
    expect(emailAddress('a b@example.com')).toBeNull();
    expect(emailAddress(`${'a'.repeat(250)}@example.com`)).toBeNull();
    expect(maskEmail('zhou@example.com')).toBe('z***@example.com');
  });
  it('refuses a subscription whose address does not fit its channel, with a notify key', () => {
    expect(subscribeSchema.safeParse({ channel: 'sms', address: '13900001111' })).toMatchObject({ success: true, data: { channel: 'sms', address: '13900001111' } });
    const bad = subscribeSchema.safeParse({ channel: 'sms', address: 'zhou@example.com' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('notify.errors.mobileInvalid');
    expect(subscribeSchema.safeParse({ channel: 'email', address: '139' }).error?.issues[0]?.message).toBe('notify.errors.emailInvalid');
    expect(subscribeSchema.safeParse({ channel: 'fax', address: 'x' }).success).toBe(false);
    expect(personEmailSchema.parse({ email: '' })).toEqual({ email: null });
    expect(personEmailSchema.safeParse({ email: 'x@' }).error?.issues[0]?.message).toBe('notify.errors.emailInvalid');
  });
});

describe('people import with emails', () => {
  it('reads an email column, and refuses a malformed email or a landline-free junk phone with the row named', () => {
    const m = mapHeaders(['姓名', '手机号', '电子邮箱']);
    expect(m).toMatchObject({ ok: true, mapping: { name: 0, phone: 1, email: 2 } });
    if (!m.ok) return;
    const r = validateImportRows(
      [
        ['周代表', '13900001111', 'Zhou@Example.org'],
        ['吴代表', '13900002222', 'wu-at-example.org'],
        ['郑代表', '12345', ''],
      ],
      m.mapping,
    );
    expect(r.errors).toEqual([
      { row: 3, field: 'email', key: 'notify.errors.emailInvalid' },
      { row: 4, field: 'phone', key: 'admin.errors.phoneInvalid' },
    ]);
    expect(r.people[0]).toMatchObject({ row: 2, email: 'Zhou@example.org', phone: '13900001111' });
  });
});

describe('quiet hours', () => {
  it('holds an SMS planned at night until 08:00, or sends a late reminder before 21:00', () => {
    expect(isQuiet(sh(21))).toBe(true);
    expect(isQuiet(sh(7, 59))).toBe(true);
    expect(isQuiet(sh(8))).toBe(false);
    expect(outsideQuietHours(sh(14), { dayMs: REAL_DAY_MS })).toBe(sh(14));
    expect(outsideQuietHours(sh(22, 30), { dayMs: REAL_DAY_MS })).toBe(sh(8, 0, 3));
    expect(outsideQuietHours(sh(3), { dayMs: REAL_DAY_MS })).toBe(sh(8));
    // The vote closes at 07:00: the reminder planned for 23:00 goes at 20:59 the same evening.
    expect(outsideQuietHours(sh(23), { dayMs: REAL_DAY_MS, latest: sh(7, 0, 3) })).toBe(sh(20, 59));
    expect(outsideQuietHours(sh(2), { dayMs: REAL_DAY_MS, latest: sh(7) })).toBe(sh(20, 59, 1));
  });
  it('does not apply to a community with scaled days (drills, tests)', () => {
    expect(outsideQuietHours(sh(23), { dayMs: 3_000 })).toBe(sh(23));
  });
});

describe('planMotionStep', () => {
  const reps = ['u1', 'u2', 'u3', 'u4'];
  const reach: Record<string, Reachable> = {
    u1: { userId: 'u1', sms: true, email: true },
    u2: { userId: 'u2', sms: true, email: false },
    u3: { userId: 'u3', sms: false, email: false },
    u4: { userId: 'u4', sms: true, email: false },
  };
  const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
    title: '加装电梯',
    dayMs: REAL_DAY_MS,
    reach: (id) => reach[id],
    subscribers: [],
    ...over,
  });
  const opensAt = sh(10);
  const closesAt = opensAt + 3 * REAL_DAY_MS;
  const convened = (online: boolean, hasVote4 = false): MotionFact => ({
    type: 'meetingConvened',
    notice: {
      id: 'm1',
      body: 'representatives_meeting',
      online,
      opensAt,
      closesAt,
      textVersion: 1,
      roster: reps.map((personId) => ({ personId, name: `名${personId}`, ...(personId === 'u4' ? { hasVote: hasVote4 } : {}) })),
    },
  });
  const step = (facts: MotionFact[], at = sh(9), action = 'conveneMeeting', details: Record<string, unknown> = {}) => ({
    motionId: 'mo1',
    step: 7,
    at,
    action,
    details,
    facts,
  });

  it('tells each roster member of an opened vote once per channel they have, and reminds only voters, unless they voted', () => {
    const n = planMotionStep(step([convened(true)]), ctx());
    const opened = n.filter((x) => x.kind === 'voteOpened');
    expect(opened.map((x) => [x.to, x.channel])).toEqual([
      [{ userId: 'u1' }, 'sms'],
      [{ userId: 'u1' }, 'email'],
      [{ userId: 'u2' }, 'sms'],
      [{ userId: 'u4' }, 'sms'],
    ]);
    expect(opened.every((x) => x.notBefore === sh(9) && x.stepKey === 'motion:mo1:meeting:m1')).toBe(true);
    const reminders = n.filter((x) => x.kind === 'voteReminder');
    expect(reminders.map((x) => (x.to as { userId: string }).userId)).toEqual(['u1', 'u1', 'u2']); // u4 has no vote
    expect(reminders.every((x) => JSON.stringify(x.unless) === '{"voted":"m1"}' && x.notBefore === closesAt - REAL_DAY_MS)).toBe(true);
  });

  it('never carries a name or another person’s data, only the title and dates', () => {
    const n = planMotionStep(step([convened(true)]), ctx());
    for (const x of n) expect(JSON.stringify(x.params)).not.toMatch(/名u|u\d/);
    expect(n[0]!.params).toEqual({ title: '加装电梯', body: 'representatives_meeting', opensAt, closesAt });
  });

  it('sends a meeting notice (no reminder) for a meeting in person, and holds SMS in quiet hours', () => {
    const n = planMotionStep(step([convened(false)], sh(22)), ctx());
    expect(new Set(n.map((x) => x.kind))).toEqual(new Set(['meetingNotice']));
    expect(n.find((x) => x.channel === 'sms')!.notBefore).toBe(sh(8, 0, 3));
    expect(n.find((x) => x.channel === 'email')!.notBefore).toBe(sh(22));
  });

  it('lists a person on the roster twice only once', () => {
    const f = convened(true);
    if (f.type === 'meetingConvened') f.notice.roster.push({ personId: 'u2', name: 'again' });
    expect(planMotionStep(step([f]), ctx()).filter((x) => x.kind === 'voteOpened' && 'userId' in x.to && x.to.userId === 'u2')).toHaveLength(1);
  });

  it('tells the board’s subscribers of a published disclosure; other steps tell nobody', () => {
    const subs = ctx({ subscribers: [{ subscriptionId: 's1', channel: 'email' }, { subscriptionId: 's2', channel: 'sms' }] });
    const n = planMotionStep(step([], sh(12), 'disclosurePublished', { disclosureId: 'd1', kind: 'resolution' }), subs);
    expect(n.map((x) => [x.stepKey, x.channel, x.to])).toEqual([
      ['disclosure:d1', 'email', { subscriptionId: 's1' }],
      ['disclosure:d1', 'sms', { subscriptionId: 's2' }],
    ]);
    expect(planMotionStep(step([], sh(12), 'recordJointMeeting'), subs)).toEqual([]);
    expect(stepNotifies({ action: 'recordJointMeeting', facts: [] })).toBe(false);
    expect(stepNotifies({ action: 'conveneMeeting', facts: [convened(true)] })).toBe(true);
  });

  it('puts the reminder half-way through a short window, a day before the end of a long one', () => {
    expect(reminderAt(0, 3 * REAL_DAY_MS, REAL_DAY_MS)).toBe(2 * REAL_DAY_MS);
    expect(reminderAt(0, 1000, REAL_DAY_MS)).toBe(500);
  });
});

describe('delivery', () => {
  it('retries with doubling waits, then fails; a final provider answer fails at once', () => {
    expect([1, 2, 3].map((a) => backoffMs(a, 1000))).toEqual([1000, 2000, 4000]);
    expect(afterFailure(1, 'isp.SYSTEM_ERROR', 0, 1000)).toEqual({ status: 'retry', at: 1000 });
    expect(afterFailure(MAX_ATTEMPTS, 'isp.SYSTEM_ERROR', 0, 1000)).toEqual({ status: 'failed' });
    expect(afterFailure(1, 'isv.MOBILE_NUMBER_ILLEGAL', 0, 1000)).toEqual({ status: 'failed' });
  });
});
