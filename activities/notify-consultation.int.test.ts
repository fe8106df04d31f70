/**
 * The consultation's notices (domain/notify/steps.ts, DOMAIN.md §5.2) on the real Temporal server and
 * PostgreSQL, to the real protocol servers (local Aliyun SMS API, SMTP): opening the opinions and
 * scheduling the meeting each reach every residents' representative once per channel, with the
 * consultation's title and times and nobody's name; a resident who is no representative is told
 * nothing by SMS; a resent command (same key) tells nobody twice.
 */
import { randomUUID } from 'node:crypto';
import { approveCatalogue, catalogueItemsFor, saveCatalogueItem, sendConsultationCommand, startConsultation, submitCatalogue, type Caller } from '../app/consultations.server';
import { setPersonContacts } from '../db/notify.server';
import { DEMO_CATALOGUE_ITEMS } from '../domain/consultation';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { TEMPLATES } from '../scripts/test-setup/notify-servers';
import { notifyFrame } from '../scripts/test-setup/notify-frame';
import { testSql } from '../scripts/test-setup/services';
import { until } from '../scripts/test-setup/wait';

const DAY = 1000;
const sql = testSql();
const frame = notifyFrame(sql);

const phone = () => `136${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

it('tells every representative once when opinions open and when the meeting is set, and nobody else', async () => {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  await sql`update communities set settings = ${sql.json({ dayMs: DAY })} where id = ${c.id}`;
  const mk = async (roles: Caller['roles'], name: string) => {
    const u = await createUser(sql, roles.map((role) => ({ role, communityId: c.id, streetOfficeId: street.id })), name);
    return { userId: u.id, roles, communityId: c.id } satisfies Caller;
  };
  const secretary = await mk(['party_secretary', 'party_member'], '书记');
  const director = await mk(['committee_member'], '主任');
  const reps = [await mk(['resident', 'resident_representative'], '代表甲'), await mk(['resident', 'resident_representative'], '代表乙'), await mk(['resident', 'resident_representative'], '代表丙')];
  const resident = await mk(['resident'], '居民丁');
  const phones = new Map<string, string>();
  for (const [i, p] of [...reps, resident].entries()) {
    const number = phone();
    phones.set(p.userId, number);
    await setPersonContacts(sql, { communityId: c.id, userId: p.userId, name: `联系人${i}`, phone: number, ...(i === 0 ? { email: `rep-${c.id.slice(0, 8)}@example.org` } : {}) });
  }
  const repPhones = new Set(reps.map((r) => phones.get(r.userId)));
  const ours = (code: string) => frame.servers.sms.received.filter((m) => m.templateCode === code && [...phones.values()].includes(m.phone));

  for (const item of DEMO_CATALOGUE_ITEMS) expect(await saveCatalogueItem(director, 2026, item)).toEqual({ ok: true });
  expect(await submitCatalogue(director, 2026)).toEqual({ ok: true });
  expect(await approveCatalogue(secretary, 2026)).toEqual({ ok: true, version: 1 });
  const env01 = (await catalogueItemsFor(c.id, 2026)).find((i) => i.code === 'ENV-01')!;
  const id = randomUUID();
  expect(await startConsultation(secretary, { consultationId: id, title: '3号楼垃圾投放点搬迁', description: '投放点离住户窗户太近，拟搬到自行车棚旁。', catalogueItemId: env01.id })).toEqual({ ok: true, id });
  const send = (who: Caller, command: Parameters<typeof sendConsultationCommand>[2], k = randomUUID()) => sendConsultationCommand(who, id, command, k);
  expect(await send(director, { action: 'fixParties', parties: [{ type: 'affected_residents', name: '3号楼居民' }] })).toEqual({ ok: true });
  expect(await send(secretary, { action: 'publishTopic' })).toEqual({ ok: true });
  const openKey = randomUUID();
  expect(await send(director, { action: 'openCollection' }, openKey)).toEqual({ ok: true });
  expect(await send(director, { action: 'openCollection' }, openKey)).toEqual({ ok: true }); // resent form: the same step

  // Opinions open: one SMS to each representative, the title in it, no name; one email where there is an address.
  const opened = await until('the opinion notices', async () => (ours(TEMPLATES.consultationOpened).length >= reps.length ? ours(TEMPLATES.consultationOpened) : undefined));
  expect(new Set(opened.map((m) => m.phone))).toEqual(repPhones);
  expect(opened[0]!.params).toMatchObject({ title: '3号楼垃圾投放点搬迁' });
  for (const m of opened) expect(JSON.stringify(m.params)).not.toMatch(/代表|居民丁|主任|书记|联系人/);
  const mail = await until('the opinion email', async () => frame.servers.smtp.received.find((m) => m.to.includes(`rep-${c.id.slice(0, 8)}@example.org`)));
  expect(mail.text).toContain('3号楼垃圾投放点搬迁');

  // The meeting, once the opinion window has closed: one SMS to each representative again.
  await until('the opinion window closed', async () => (await sql`select 1 from consultation_events where consultation_id = ${id} and action = 'timer:opinionWindowClosed'`)[0], 60_000);
  const meetingAt = Date.now() + 30 * DAY;
  const meetKey = randomUUID();
  expect(await send(director, { action: 'scheduleMeeting', meetingAt, form: 'dialogue', place: '社区活动室' }, meetKey)).toEqual({ ok: true });
  expect(await send(director, { action: 'scheduleMeeting', meetingAt, form: 'dialogue', place: '社区活动室' }, meetKey)).toEqual({ ok: true });
  const meeting = await until('the meeting notices', async () => (ours(TEMPLATES.consultationMeeting).length >= reps.length ? ours(TEMPLATES.consultationMeeting) : undefined));
  expect(new Set(meeting.map((m) => m.phone))).toEqual(repPhones);
  expect(meeting[0]!.params).toMatchObject({ title: '3号楼垃圾投放点搬迁', opensAt: expect.any(String) }); // an SMS carries the title and the time
  const address = `rep-${c.id.slice(0, 8)}@example.org`;
  const mails = await until('the meeting email', async () => {
    const got = frame.servers.smtp.received.filter((m) => m.to.includes(address));
    return got.length >= 2 ? got : undefined;
  });
  expect(mails.some((m) => m.text.includes('社区活动室'))).toBe(true); // the email carries the place too

  // Every queued notice is settled; nobody got a second SMS for a step; the resident none at all.
  await until('every notice settled', async () => {
    const rows = await sql<{ status: string }[]>`select status from notify_outbox where subject_id = ${id} and channel = 'sms'`;
    return rows.length > 0 && rows.every((r) => r.status === 'sent' || r.status === 'cancelled');
  });
  const perStep = new Map<string, number>();
  for (const m of [...ours(TEMPLATES.consultationOpened), ...ours(TEMPLATES.consultationMeeting)]) perStep.set(`${m.templateCode}:${m.phone}`, (perStep.get(`${m.templateCode}:${m.phone}`) ?? 0) + 1);
  expect([...perStep.values()].every((n) => n === 1)).toBe(true);
  expect(frame.servers.sms.received.filter((m) => m.phone === phones.get(resident.userId))).toEqual([]);
}, 120_000);
