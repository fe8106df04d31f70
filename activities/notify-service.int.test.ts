/**
 * The service appraisal's notices (domain/notify/steps.ts, DOMAIN.md §9.3) on the real Temporal server
 * and PostgreSQL, to the real protocol servers (local Aliyun SMS API, SMTP): the opened survey reaches
 * one resident per household (two residents of one flat get one SMS between them), and its one
 * reminder reaches only the households that have not rated — the household that rated is not
 * reminded, whoever of it rated.
 */
import { rateServices, startServiceAppraisal, type Caller } from '../app/appraisal.server';
import { setPersonContacts } from '../db/notify.server';
import type { ServiceState } from '../domain/appraisal';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { TEMPLATES } from '../scripts/test-setup/notify-servers';
import { notifyFrame } from '../scripts/test-setup/notify-frame';
import { testSql } from '../scripts/test-setup/services';
import { until } from '../scripts/test-setup/wait';

const DAY = 3000; // the reminder is due half-way through the 7-day survey: 10.5 s, well after the two ratings below
const sql = testSql();
const frame = notifyFrame(sql);

const phone = () => `135${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

it('tells one resident per household that the survey opened, and reminds only the households that have not rated', async () => {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const committee: Caller = { userId: (await createUser(sql, [{ role: 'committee_member', communityId: c.id }], '主任')).id, roles: ['committee_member'], communityId: c.id };
  // Three households: two residents in 1号楼 101, one in 2号楼 201, one in 3号楼 301.
  const flats = [['1号楼', '101'], ['1号楼', '101'], ['2号楼', '201'], ['3号楼', '301']] as const;
  const residents: { caller: Caller; phone: string }[] = [];
  for (const [i, [building, unit]] of flats.entries()) {
    const u = await createUser(sql, [{ role: 'resident', communityId: c.id }], `居民${i}`);
    await sql`insert into people (community_id, user_id, name, building, unit) values (${c.id}, ${u.id}, ${`居民${i}`}, ${building}, ${unit})`;
    const p = phone();
    await setPersonContacts(sql, { communityId: c.id, userId: u.id, name: `居民${i}`, phone: p });
    residents.push({ caller: { userId: u.id, roles: ['resident'], communityId: c.id }, phone: p });
  }
  const mine = new Set(residents.map((r) => r.phone));
  const ours = (code: string) => frame.servers.sms.received.filter((m) => m.templateCode === code && mine.has(m.phone));

  const started = await startServiceAppraisal(committee, { year: 2026, title: '2026年度服务单位测评', surveyDays: 7, subjects: [{ name: '自来水公司', kind: 'utility' }, { name: '燃气公司', kind: 'utility' }] }, { dayMs: DAY });
  expect(started).toMatchObject({ ok: true });
  const planId = (started as { id: string }).id;

  // Opened: three SMS, one per household; of the two in 101, one.
  const opened = await until('the survey notices', async () => (ours(TEMPLATES.serviceSurveyOpened).length >= 3 ? ours(TEMPLATES.serviceSurveyOpened) : undefined));
  const openedPhones = new Set(opened.map((m) => m.phone));
  expect(openedPhones.size).toBe(3);
  expect(openedPhones.has(residents[2]!.phone) && openedPhones.has(residents[3]!.phone)).toBe(true);
  expect([residents[0]!.phone, residents[1]!.phone].filter((p) => openedPhones.has(p))).toHaveLength(1);
  expect(opened[0]!.params).toMatchObject({ title: '2026年度服务单位测评' });

  // The flat in 1号楼 rates — by the resident who was *not* told; 3号楼 rates too. Only 2号楼 is reminded.
  const [plan] = await sql<{ snapshot: ServiceState }[]>`select snapshot from appraisal_plans where id = ${planId}`;
  const subjects = plan!.snapshot.subjects.map((s) => s.id);
  const untold = openedPhones.has(residents[0]!.phone) ? residents[1]! : residents[0]!;
  for (const r of [untold, residents[3]!]) expect(await rateServices(r.caller, planId, subjects.map((subjectId) => ({ subjectId, grade: 'good' })))).toEqual({ ok: true });
  const settled = await until('the reminders settled', async () => {
    const rows = await sql<{ status: string; cancelReason: string | null }[]>`
      select status, cancel_reason as "cancelReason" from notify_outbox where subject_id = ${planId} and kind = 'serviceReminder' and channel = 'sms'`;
    return rows.length > 0 && rows.every((r) => r.status === 'sent' || r.status === 'cancelled') ? rows : undefined;
  }, 30_000);
  expect(settled.filter((r) => r.status === 'sent')).toHaveLength(1);
  expect(settled.filter((r) => r.cancelReason === 'acted')).toHaveLength(2);
  expect(ours(TEMPLATES.serviceReminder).map((m) => m.phone)).toEqual([residents[2]!.phone]);
  // Never a second notice of the same step to one phone.
  for (const p of openedPhones) expect(ours(TEMPLATES.serviceSurveyOpened).filter((m) => m.phone === p)).toHaveLength(1);
}, 90_000);
