/**
 * Notification pages as Remix calls them, against the real database, Temporal and an SMTP server:
 * the call list (full phones only to callers, every view and call audited, refusals change
 * nothing) and board subscriptions (double opt-in, signed one-click unsubscribe).
 */
import { insertPeople } from '../db/admin-people.server';
import { contactsOf, insertNotices, setPersonContacts } from '../db/notify.server';
import { deliverDue } from '../activities/notify';
import { notifyConfig } from '../activities/notify-config';
import { createUser, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { startSmtpServer } from '../scripts/test-setup/smtp-test-server';
import { testSql, withWorker } from '../scripts/test-setup/services';
import { expectOk, fastSettings, MotionDriver, setupCommunity, waitFor } from '../workflows/motion.testkit';
import { signIn } from './auth.server';
import { closeTemporal } from './temporal.server';
import { tFor } from './i18n/config';
import { tk } from './i18n/keys';
import * as callsPage from './routes/c.$communityId.notices.calls.$meetingId';
import * as noticesPage from './routes/c.$communityId.notices._index';
import * as subscribePage from './routes/p.$communityId.subscribe';
import * as unsubscribePage from './routes/p.$communityId.unsubscribe';

const zh = (key: string) => tk(tFor('zh-CN'), key);

const sql = testSql();
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
beforeAll(async () => {
  smtp = await startSmtpServer();
  process.env.MINYI_SMTP_URL = smtp.url;
  process.env.MINYI_MAIL_FROM = 'notify@minyi.test';
  delete process.env.MINYI_ALIYUN_ACCESS_KEY_ID; // SMS off in this file
});
afterAll(async () => {
  await smtp.close();
  await closeTemporal();
  await sql.end();
});

async function outcome(p: Promise<unknown>): Promise<{ status: number; data: unknown }> {
  try {
    const r = await p;
    if (r instanceof Response) return { status: r.status, data: null };
    if (r && typeof r === 'object' && 'init' in r && 'data' in r) {
      const d = r as { data: unknown; init: { status?: number } | null };
      return { status: d.init?.status ?? 200, data: d.data };
    }
    return { status: 200, data: r };
  } catch (e) {
    if (e instanceof Response) return { status: e.status, data: null };
    throw e;
  }
}
async function cookieOf(userId: string) {
  const [u] = await sql`select username from users where id = ${userId}`;
  const r = await signIn(u!.username as string, TEST_PASSWORD);
  if (!r.ok) throw new Error('sign-in failed');
  return r.cookie.split(';')[0]!;
}
const get = (path: string, cookie?: string) => new Request(`http://minyi.test${path}`, { headers: cookie ? { Cookie: cookie } : {} });
const post = (path: string, form: Record<string, string>, cookie?: string) =>
  new Request(`http://minyi.test${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) },
    body: new URLSearchParams(form),
  });

describe('call list 电话通知单', () => {
  it('shows full phones of people not reached or not voted only to callers, logs each view, records calls; refuses others', () =>
    withWorker(sql, async (worker) => {
      const c = await setupCommunity(sql);
      const gridWorker = await createUser(sql, [{ role: 'group_leader', communityId: c.id }], '网格员小林');
      const phones = ['13912345670', '13912345671', '13912345672'];
      for (const [i, p] of c.voters.slice(0, 3).entries()) await setPersonContacts(sql, { communityId: c.id, userId: p.id, name: p.caller.displayName, phone: phones[i]! });
      const d = new MotionDriver(sql, c, worker.taskQueue, fastSettings(60_000));
      d.quickNotices = true;
      await d.create();
      await d.toResolving();
      const vote = await d.scheduleVote();
      await d.untilOpen(vote.opensAt);
      expectOk(await d.vote(c.voters[0]!, vote.questionId));
      // SMS is off here: every notice is cancelled "channel off", so nobody counts as reached.
      await waitFor(async () => {
        const [r] = await sql`select count(*)::int as n from notify_outbox where subject_id = ${d.motionId} and status = 'cancelled'`;
        return r!.n >= 3;
      }, 20_000, 'cancelled notices');

      const path = `/c/${c.slug}/notices/calls/${vote.questionId}`;
      const params = { communityId: c.slug, meetingId: vote.questionId };
      const viewed = async () => (await sql`select count(*)::int as n from audit_log where subject_id = ${vote.questionId} and action = 'notify.callListViewed'`)[0]!.n as number;

      for (const refused of [c.supervisor.id, c.resident.id, c.representatives[0]!.id, c.street.id]) {
        expect((await outcome(callsPage.loader({ request: get(path, await cookieOf(refused)), params, context: {} }))).status).toBe(403);
      }
      expect(await viewed()).toBe(0);
      const other = await setupCommunity(sql);
      expect((await outcome(callsPage.loader({ request: get(path, await cookieOf(other.director.id)), params: { ...params, communityId: other.slug }, context: {} }))).status).toBe(404);

      const page = await outcome(callsPage.loader({ request: get(path, await cookieOf(gridWorker.id)), params, context: {} }));
      expect(page.status).toBe(200);
      const list = (page.data as { list: { entries: { userId: string; phone: string | null; voted: boolean | null; reached: boolean }[] } }).list;
      expect(list.entries).toHaveLength(6); // nobody reached
      expect(list.entries.find((e) => e.userId === c.voters[1]!.id)).toMatchObject({ phone: phones[1], voted: false, reached: false });
      expect(list.entries.find((e) => e.userId === c.voters[0]!.id)).toMatchObject({ voted: true });
      expect(list.entries.find((e) => e.userId === c.voters[5]!.id)!.phone).toBeNull();
      expect(await viewed()).toBe(1);

      // The committee's status page never shows a number.
      const status = await outcome(noticesPage.loader({ request: get(`/c/${c.slug}/notices`, await cookieOf(c.director.id)), params: { communityId: c.slug }, context: {} }));
      expect(JSON.stringify(status.data)).not.toMatch(/1391234567\d/);
      expect(status.data).toMatchObject({ channels: { sms: false, email: true } });

      const gw = await cookieOf(gridWorker.id);
      const bad = await outcome(callsPage.action({ request: post(path, { personId: c.voters[1]!.id, outcome: 'maybe' }, gw), params, context: {} }));
      expect(bad.status).toBe(400);
      const stranger = await outcome(callsPage.action({ request: post(path, { personId: c.resident.id, outcome: 'no_answer' }, gw), params, context: {} }));
      expect(stranger.status).toBe(409);
      expect((await outcome(callsPage.action({ request: post(path, { personId: c.voters[1]!.id, outcome: 'no_answer' }, await cookieOf(c.supervisor.id)), params, context: {} }))).status).toBe(403);
      expect((await sql`select count(*)::int as n from notify_calls where meeting_id = ${vote.questionId}`)[0]!.n).toBe(0);
      const ok = await outcome(callsPage.action({ request: post(path, { personId: c.voters[1]!.id, outcome: 'will_attend' }, gw), params, context: {} }));
      expect(ok).toMatchObject({ status: 200, data: { ok: true } });
      const [call] = await sql`select outcome, recorded_by from notify_calls where meeting_id = ${vote.questionId}`;
      expect(call).toMatchObject({ outcome: 'will_attend', recorded_by: gridWorker.id });
      const [audited] = await sql`select details from audit_log where action = 'notify.callRecorded' and subject_id = ${vote.questionId}`;
      expect(audited!.details).toMatchObject({ person: c.voters[1]!.id, outcome: 'will_attend' });
    }));
});

describe('people register', () => {
  it('keeps an imported email encrypted and masked, and the notices find it', async () => {
    const c = await setupCommunity(sql);
    const r = await insertPeople(sql, c.id, [{ name: '邮件居民', gender: null, birthYear: 1950, groupName: null, building: null, unit: null, phone: null, email: 'old.li@example.org', row: 2 }], { actor: c.director.id, lockedHash: 'x' });
    if (!r.ok) throw new Error(r.key);
    const [p] = await sql`select user_id, email_cipher, email_masked from people where id = ${r.ids[0]!}`;
    expect(p!.email_masked).toBe('o***@example.org');
    expect(String(p!.email_cipher)).not.toContain('example.org');
    expect((await contactsOf(sql, c.id, [p!.user_id as string])).get(p!.user_id as string)).toMatchObject({ email: 'old.li@example.org', phone: null });
  });
});

describe('board subscriptions', () => {
  it('double opt-in by email, board notices with a signed one-click unsubscribe; bad input changes nothing', async () => {
    const c = await setupCommunity(sql);
    const params = { communityId: c.slug };
    const path = `/p/${c.slug}/subscribe`;
    const address = `resident-${c.id.slice(0, 8)}@example.org`;
    const count = async () => (await sql`select count(*)::int as n from notify_subscriptions where community_id = ${c.id}`)[0]!.n as number;

    const bad = await outcome(subscribePage.action({ request: post(path, { intent: 'subscribe', channel: 'email', address: 'not-an-address' }), params, context: {} }));
    // Refusals come back as conform's reply: the message key beside its field, said in words on the page.
    expect(bad).toMatchObject({ status: 400, data: { step: 'subscribe', reply: { error: { address: ['notify.errors.emailInvalid'] } } } });
    expect(zh('notify.errors.emailInvalid')).toBe('电子邮箱格式不正确');
    const badEn = await outcome(subscribePage.action({ request: post(`${path}?lng=en`, { intent: 'subscribe', channel: 'sms', address: '010-8888-1234' }), params, context: {} }));
    expect(badEn.status).toBe(400);
    const smsOff = await outcome(subscribePage.action({ request: post(path, { intent: 'subscribe', channel: 'sms', address: '13900001111' }), params, context: {} }));
    expect(smsOff).toMatchObject({ status: 400, data: { reply: { error: { channel: ['notify.errors.channelOff'] } } } });
    expect(zh('notify.errors.channelOff')).toBe('此渠道未开通');
    expect(await count()).toBe(0);

    const started = await outcome(subscribePage.action({ request: post(path, { intent: 'subscribe', channel: 'email', address }), params, context: {} }));
    expect(started.status).toBe(200);
    const { subscriptionId, masked } = started.data as { subscriptionId: string; masked: string };
    expect(masked).toBe(`r***@example.org`);
    const mail = await waitFor(async () => smtp.received.find((m) => m.to.includes(address)), 10_000, 'code email');
    const code = /(\d{6})/.exec(mail.text)![1]!;
    const wrong = await outcome(subscribePage.action({ request: post(path, { intent: 'confirm', subscriptionId, code: code === '000000' ? '111111' : '000000' }), params, context: {} }));
    expect(wrong).toMatchObject({ status: 400, data: { step: 'confirm', subscriptionId, reply: { error: { code: ['notify.errors.codeWrong'] } } } });
    expect(zh('notify.errors.codeWrong')).toBe('确认码不正确或已过期');
    expect((await sql`select status from notify_subscriptions where id = ${subscriptionId}`)[0]!.status).toBe('pending');
    const confirmed = await outcome(subscribePage.action({ request: post(path, { intent: 'confirm', subscriptionId, code }), params, context: {} }));
    expect(confirmed).toMatchObject({ status: 200, data: { step: 'done' } });

    // A published disclosure reaches the subscriber, with the unsubscribe link.
    const notice = (key: string) =>
      insertNotices(sql, { communityId: c.id, subjectType: 'disclosure', subjectId: key }, [
        { stepKey: key, kind: 'disclosurePublished', channel: 'email', to: { subscriptionId }, notBefore: Date.now(), params: { title: '加装电梯决议', disclosureKind: 'resolution', disclosureId: key } },
      ]);
    await notice(`disclosure:${c.id}:1`);
    await deliverDue(sql, c.id, notifyConfig());
    const board = smtp.received.find((m) => m.to.includes(address) && m.subject.includes('加装电梯决议'))!;
    expect(board.headers).toMatch(/List-Unsubscribe-Post: List-Unsubscribe=One-Click/);
    const token = /token=([0-9a-f-]{36}\.[A-Za-z0-9_-]{43})/.exec(board.headers)![1]!;

    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    const page = await outcome(unsubscribePage.loader({ request: get(`/p/${c.slug}/unsubscribe?token=${forged}`), params, context: {} }));
    expect(page.data).toMatchObject({ valid: false });
    expect((await outcome(unsubscribePage.action({ request: post(`/p/${c.slug}/unsubscribe`, { token: forged }), params, context: {} }))).status).toBe(400);
    // One click (RFC 8058): the mail program POSTs to the link itself.
    const one = await outcome(unsubscribePage.action({ request: post(`/p/${c.slug}/unsubscribe?token=${token}`, { 'List-Unsubscribe': 'One-Click' }), params, context: {} }));
    expect(one).toMatchObject({ status: 200, data: { ok: true } });
    expect((await sql`select status from notify_subscriptions where id = ${subscriptionId}`)[0]!.status).toBe('unsubscribed');

    await notice(`disclosure:${c.id}:2`);
    await deliverDue(sql, c.id, notifyConfig());
    const [after] = await sql`select status, cancel_reason from notify_outbox where step_key = ${`disclosure:${c.id}:2`}`;
    expect(after).toMatchObject({ status: 'cancelled', cancel_reason: 'unsubscribed' });
  });
});
