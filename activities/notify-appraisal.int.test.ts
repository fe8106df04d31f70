/**
 * The cadre appraisal's notices (domain/notify/steps.ts) on the real Temporal server and PostgreSQL,
 * to the real protocol servers (local Aliyun SMS API, SMTP): the plan reaches every rater and
 * subject once per channel, the opened rating window too, and the one reminder reaches only the
 * raters who have returned no form (online or paper). A retried step notifies nobody twice.
 */
import { castRating, sendAppraisalCommand, startCadreAppraisal, type Caller } from '../app/appraisal.server';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { temporal as proto } from '@temporalio/proto';
import { temporal } from '../app/temporal.server';
import { notifyWorkflowId } from '../workflows/notify-api';
import { deliveriesOf } from '../app/notify.server';
import { setPersonContacts } from '../db/notify.server';
import { enqueueAppraisalNotices } from '../db/notify-steps.server';
import type { AppraisalState } from '../domain/appraisal';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { until, shanghaiToday as today } from '../scripts/test-setup/wait';
import { TEMPLATES } from '../scripts/test-setup/notify-servers';
import { notifyFrame } from '../scripts/test-setup/notify-frame';
import { testSql } from '../scripts/test-setup/services';

const DAY = 2000;
// The delivery workflow's history is recorded for workflows/notify-replay.int.test.ts when
// MINYI_RECORD_HISTORIES=1 (or when none is there yet).
const historiesDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'workflows', '__histories__');
const record = process.env.MINYI_RECORD_HISTORIES === '1' || !readdirSync(historiesDir).some((f) => f.startsWith('notify-'));
const sql = testSql();
const frame = notifyFrame(sql);

const phone = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe('appraisal notices', () => {
  it('tells raters and subjects of the plan and the rating once each, and reminds only those who returned no form', async () => {
    const street = await createStreet(sql);
    const c = await createCommunity(sql, street.id);
    const sup = await createUser(sql, [{ role: 'supervisor', communityId: c.id }], '监督一');
    const members = [await createUser(sql, [{ role: 'committee_member', communityId: c.id }], '张主任'), await createUser(sql, [{ role: 'committee_member', communityId: c.id }], '李委员')];
    const reps = [];
    for (let i = 1; i <= 4; i++) reps.push(await createUser(sql, [{ role: 'resident_representative', communityId: c.id }], `代表${i}`));
    const phones = new Map<string, string>();
    for (const [i, u] of [...members, ...reps].entries()) {
      const p = phone();
      phones.set(u.id, p);
      await setPersonContacts(sql, { communityId: c.id, userId: u.id, name: `评议人${i}`, phone: p, ...(i === 2 ? { email: `rater-${c.id.slice(0, 8)}@example.org` } : {}) });
    }
    const as = (id: string, roles: Caller['roles']): Caller => ({ userId: id, roles, communityId: c.id });
    const supervisor = as(sup.id, ['supervisor']);
    const ours = (code: string) => frame.servers.sms.received.filter((m) => m.templateCode === code && [...phones.values()].includes(m.phone));

    // Raters: the four representatives. Window: 72 "hours" of a 2-s day = 6 s; the reminder is due half-way.
    const started = await startCadreAppraisal(
      supervisor,
      { year: 2026, title: '2026年度民主评议', planDate: today(), meetingAt: Date.now() + 7 * DAY, windowHours: 72, scale: 'satisfaction', criteria: ['工作态度'], subjectIds: members.map((m) => m.id), raterIds: reps.map((r) => r.id) },
      { dayMs: DAY },
    );
    expect(started.ok).toBe(true);
    const planId = (started as { id: string }).id;

    // Reports reach the raters at once (≥ 3 days before the meeting, §9.2 step 2).
    for (const m of members) expect(await sendAppraisalCommand(as(m.id, ['committee_member']), planId, { action: 'submitReport', subjectId: m.id, text: '一年来的述职述廉报告' })).toEqual({ ok: true });
    expect(await sendAppraisalCommand(supervisor, planId, { action: 'deliverReports' })).toEqual({ ok: true });
    // The plan: one SMS to each of the six (raters and subjects), one email where there is an address.
    const planned = await until('the plan notices', async () => (ours(TEMPLATES.appraisalPlanned).length >= 6 ? ours(TEMPLATES.appraisalPlanned) : undefined));
    expect(new Set(planned.map((m) => m.phone))).toEqual(new Set(phones.values()));
    const mail = await until('the plan email', async () => frame.servers.smtp.received.find((m) => m.to.some((t) => t === `rater-${c.id.slice(0, 8)}@example.org`)));
    expect(mail.subject).toBe('民主评议通知：2026年度民主评议');
    expect(mail.text).not.toMatch(/张主任|李委员|代表\d/); // titles and times only, no names

    // A retried step (the activity run again) plans the same rows: nothing new in the outbox.
    const [row] = await sql<{ snapshot: AppraisalState }[]>`select snapshot from appraisal_plans where id = ${planId}`;
    expect(await enqueueAppraisalNotices(sql, { state: row!.snapshot, action: 'plan', at: Date.now(), dayMs: DAY })).toBe(0);

    await until('the meeting time', async () => (await sendAppraisalCommand(supervisor, planId, { action: 'openMeeting' })).ok);
    expect(await sendAppraisalCommand(supervisor, planId, { action: 'openRating' })).toEqual({ ok: true });

    const opened = await until('the rating notices', async () => (ours(TEMPLATES.appraisalRatingOpened).length >= 4 ? ours(TEMPLATES.appraisalRatingOpened) : undefined));
    expect(new Set(opened.map((m) => m.phone))).toEqual(new Set(reps.map((r) => phones.get(r.id))));
    // Representative 1 rates online, representative 2 takes a paper form; 3 and 4 do nothing.
    const ballot = { subjects: members.map((m) => ({ subjectId: m.id, overall: 'good' as const, criteria: ['good' as const] })) };
    expect(await castRating(as(reps[0]!.id, ['resident_representative']), planId, ballot)).toEqual({ ok: true });
    expect(await sendAppraisalCommand(supervisor, planId, { action: 'issuePaperForms', raterIds: [reps[1]!.id] })).toEqual({ ok: true });

    const outbox = () =>
      sql<{ userId: string; channel: string; status: string; cancelReason: string | null }[]>`
        select user_id as "userId", channel, status, cancel_reason as "cancelReason" from notify_outbox
        where subject_id = ${planId} and kind = 'appraisalReminder' order by user_id, channel`;
    const settled = await until('the reminders settled', async () => {
      const rows = await outbox();
      return rows.length > 0 && rows.every((r) => r.status === 'sent' || r.status === 'cancelled') ? rows : undefined;
    });
    const byUser = Object.fromEntries(settled.filter((r) => r.channel === 'sms').map((r) => [r.userId, r.cancelReason ?? r.status]));
    expect(byUser).toEqual({ [reps[0]!.id]: 'acted', [reps[1]!.id]: 'acted', [reps[2]!.id]: 'sent', [reps[3]!.id]: 'sent' });
    expect(ours(TEMPLATES.appraisalReminder).map((m) => m.phone).sort()).toEqual([phones.get(reps[2]!.id), phones.get(reps[3]!.id)].sort());
    // The committee's delivery page lists the appraisal's notices with their title and each status.
    const page = (await deliveriesOf(c.id)).filter((n) => n.subjectId === planId);
    expect(page.map((n) => [n.kind, n.title])).toEqual(
      expect.arrayContaining([['appraisalPlanned', '2026年度民主评议'], ['appraisalRatingOpened', '2026年度民主评议'], ['appraisalReminder', '2026年度民主评议']]),
    );
    expect(page.find((n) => n.kind === 'appraisalReminder')!.rows.filter((r) => r.cancelReason === 'acted')).toHaveLength(3); // representative 1 by SMS and email, representative 2 by SMS
    // Never a second notice for one step.
    const perPhone = new Map<string, number>();
    for (const m of [...ours(TEMPLATES.appraisalPlanned), ...ours(TEMPLATES.appraisalRatingOpened)]) perPhone.set(`${m.templateCode}:${m.phone}`, (perPhone.get(`${m.templateCode}:${m.phone}`) ?? 0) + 1);
    expect([...perPhone.values()].every((n) => n === 1)).toBe(true);
    if (record) {
      const history = await (await temporal()).workflow.getHandle(notifyWorkflowId(c.id)).fetchHistory();
      const bytes = proto.api.history.v1.History.encode(history).finish();
      writeFileSync(join(historiesDir, 'notify-delivery-appraisal.json'), JSON.stringify({ workflowId: notifyWorkflowId(c.id), historyBase64: Buffer.from(bytes).toString('base64') }, null, 1) + '\n');
    }
  }, 90_000);
});
