/**
 * An election's voter notices (domain/notify/steps.ts, decision 073) on the real Temporal server and
 * PostgreSQL, to the local Aliyun-format SMS server: publishing the register and opening the polls
 * tell every voter on the register — those without an account by the register's phone, a voter with
 * an account once (by the account's contacts, never also by the register's phone) — the online
 * pilot's reminder skips the voter who took part in the round, and a step written again (an activity
 * retry: same step, same keys) sends nothing twice. The committee's delivery page lists the register
 * rows by name, without a phone number.
 */
import { deliveriesOf } from '../app/notify.server';
import { electionById } from '../app/elections.server';
import { setPersonContacts } from '../db/notify.server';
import { enqueueElectionNotices } from '../db/notify-steps.server';
import { runElectionUntil, syntheticVoters, waitForPhase, type DemoVoter } from '../db/seed-elections.server';
import { electionCommunity, eightNominations } from '../scripts/test-setup/elections';
import { createUser } from '../scripts/test-setup/fixtures';
import { TEMPLATES } from '../scripts/test-setup/notify-servers';
import { notifyFrame } from '../scripts/test-setup/notify-frame';
import { testSql } from '../scripts/test-setup/services';
import { until } from '../scripts/test-setup/wait';
import { deliverDue } from './notify';

const DAY = 300;
const sql = testSql();
const frame = notifyFrame(sql);

type Row = { voterId: string | null; userId: string | null; kind: string; channel: string; status: string; cancelReason: string | null };

it('tells every voter on the register once per step, by the register phone when there is no account, and reminds only those who did not take part', async () => {
  const { c, starter, committee, clerk } = await electionCommunity(sql);
  // Ten voters: #0 has an account (linked by phone and name at import) whose contacts carry another
  // mobile number; #2 gave no phone; the others are on the register only.
  const voters: DemoVoter[] = syntheticVoters(10, { phonePrefix: '136' }).map((v, i) => (i === 2 ? { ...v, phone: '' } : v));
  const account = await createUser(sql, [{ role: 'resident', communityId: c.id }], voters[0]!.name);
  await sql`update users set phone = ${voters[0]!.phone} where id = ${account.id}`;
  const accountPhone = `135${voters[0]!.phone.slice(3)}`;
  await setPersonContacts(sql, { communityId: c.id, userId: account.id, name: voters[0]!.name, phone: accountPhone });
  const registerPhones = voters.map((v) => v.phone).filter((p) => p !== '');
  const ours = new Set([...registerPhones, accountPhone]);
  const sms = (kind: keyof typeof TEMPLATES) => frame.servers.sms.received.filter((m) => m.templateCode === TEMPLATES[kind] && ours.has(m.phone));

  const run = await runElectionUntil(
    { sql, communityId: c.id, starter, committee, clerk, voters, nominations: eightNominations, dayMs: DAY, title: '第十二届居委会换届选举', taskQueue: process.env.MINYI_TASK_QUEUE },
    'candidates_published',
  );
  const { electionId } = run;
  const register = await sql<{ id: string; phone: string | null; userId: string | null }[]>`
    select id, phone, user_id as "userId" from voters where election_id = ${electionId} and status = 'active'`;
  const byPhone = new Map(register.map((v) => [v.phone, v]));
  const linked = byPhone.get(voters[0]!.phone)!;
  expect(linked.userId).toBe(account.id); // the import linked the account
  // #1 takes part in round 1 before its reminder is due: its participation flag, as issuing a paper
  // ballot at the polling station writes it (the check reads only this flag). Written now, before the
  // polls open, so that no clock decides the outcome.
  const tookPart = byPhone.get(voters[1]!.phone)!;
  await sql`insert into election_participation (election_id, round_no, voter_id, channel) values (${electionId}, 1, ${tookPart.id}, 'paper')`;

  // The register was published: one SMS per voter with a mobile number, the account holder's to the
  // account's number only.
  const registerSms = await until('the register notices', async () => (sms('electionVoterNotice').length >= 9 ? sms('electionVoterNotice') : undefined));
  const expected = [accountPhone, ...registerPhones.slice(1)].sort();
  expect(registerSms.map((m) => m.phone).sort()).toEqual(expected);
  expect(registerSms[0]!.params).toMatchObject({ title: '第十二届居委会换届选举' });
  for (const m of registerSms) expect(Object.keys(m.params).every((k) => ['title', 'opensAt', 'closesAt'].includes(k))).toBe(true);

  // The polls open: the same nine told once each; the reminder reaches all but the voter who took part.
  await waitForPhase(sql, electionId, 'voting');
  const rows = () => sql<Row[]>`
    select voter_id as "voterId", user_id as "userId", kind, channel, status, cancel_reason as "cancelReason"
    from notify_outbox where subject_type = 'election' and subject_id = ${electionId} and subscription_id is null`;
  const settled = await until('the reminders settled', async () => {
    const r = await rows();
    const reminders = r.filter((x) => x.kind === 'electionReminder');
    return reminders.length === 9 && reminders.every((x) => x.status === 'sent' || x.status === 'cancelled') ? r : undefined;
  });
  const opened = await until('the polls-opened notices', async () => (sms('electionPollsOpened').length >= 9 ? sms('electionPollsOpened') : undefined));
  expect(opened.map((m) => m.phone).sort()).toEqual(expected);
  const reminded = sms('electionReminder').map((m) => m.phone).sort();
  expect(reminded).toEqual(expected.filter((p) => p !== voters[1]!.phone));
  expect(settled.filter((x) => x.cancelReason === 'acted').map((x) => x.voterId)).toEqual([tookPart.id]);
  // Every voter notice addresses a register entry (none an account); the account holder's entry has one
  // row per step and channel, and nothing went to the register's phone of that entry.
  expect(settled.every((x) => x.voterId !== null && x.userId === null)).toBe(true);
  expect(settled.filter((x) => x.voterId === linked.id).map((x) => `${x.kind}:${x.channel}`).sort()).toEqual([
    'electionPollsOpened:sms',
    'electionReminder:sms',
    'electionVoterNotice:sms',
  ]);
  expect(frame.servers.sms.received.filter((m) => m.phone === voters[0]!.phone)).toHaveLength(0);
  // The voter without a phone is planned nothing (the paper notice and the call reach them).
  expect(settled.some((x) => x.voterId === byPhone.get(null)!.id)).toBe(false);

  // The steps written again, as a retried activity writes them: no new row, and a delivery pass sends nothing.
  const snapshot = (await electionById(sql, electionId))!.snapshot;
  expect(await enqueueElectionNotices(sql, snapshot, 'voter_register.published', Date.now())).toBe(0);
  expect(await enqueueElectionNotices(sql, snapshot, 'election.polls_opened', Date.now())).toBe(0);
  const before = frame.servers.sms.received.length;
  expect((await deliverDue(sql, c.id)).sent).toBe(0);
  expect(frame.servers.sms.received.length).toBe(before);
  for (const kind of ['electionVoterNotice', 'electionPollsOpened'] as const)
    for (const p of expected) expect(sms(kind).filter((m) => m.phone === p)).toHaveLength(1);

  // The committee's delivery page: register rows by the register's name, marked, no phone number.
  const notices = await deliveriesOf(c.id);
  const registerNotice = notices.find((n) => n.stepKey === `election:${electionId}:register`)!;
  expect(registerNotice.rows).toHaveLength(9);
  expect(registerNotice.rows.every((r) => r.onRegister && r.status === 'sent')).toBe(true);
  expect(new Set(registerNotice.rows.map((r) => r.recipient))).toEqual(new Set(voters.filter((v) => v.phone !== '').map((v) => v.name)));
  const page = JSON.stringify(notices);
  for (const p of ours) expect(page).not.toContain(p);
}, 120_000);
