/**
 * 补选 (DOMAIN.md §4.8) on the real Temporal dev server and PostgreSQL: a recall leaves a seat
 * vacant; a by-election plan for that seat is accepted and one for more seats than are vacant is
 * refused with a localized reason; the by-election runs through the election workflow (300-ms days)
 * to its result; certified, the winner joins the sitting committee until the sitting term's end and
 * nobody else's term changes. Only the party secretary and the street office may plan one (every
 * other role 403, another community's staff 403). Records workflows/__histories__/election-by-election.json
 * with MINYI_RECORD_HISTORIES=1 (or when it is missing).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { temporal as proto } from '@temporalio/proto';
import { certifyElection } from '../db/admin-certify.server';
import { addPerson } from '../db/admin-people.server';
import { recordRecall } from '../db/admin-recall.server';
import { createCommunity as createAdminCommunity, createStreetOffice } from '../db/admin.server';
import { vacanciesOf } from '../db/election-vacancies.server';
import { grantRole } from '../db/roster.server';
import { drive, runElectionToVoting, syntheticVoters, waitForPhase, yesTo } from '../db/seed-elections.server';
import { ACTION_ROLES } from '../domain/election/permissions';
import { ROLES, type Role } from '../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { electionWorkflowId } from '../workflows/election-api';
import { lockedPasswordHash, todayInShanghai } from './admin.server';
import { signIn } from './auth.server';
import { castOnlineBallot, createElection, electionById } from './elections.server';
import * as newElectionPage from './routes/c.$communityId.elections.new';
import { closeTemporal, temporal } from './temporal.server';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});
const tag = () => Math.random().toString(36).slice(2, 10);
const HISTORY = 'workflows/__histories__/election-by-election.json';
const record = process.env.MINYI_RECORD_HISTORIES === '1' || !existsSync(HISTORY);
const recording = (workflowId: string, history: proto.api.history.v1.IHistory) =>
  JSON.stringify({ workflowId, historyBase64: Buffer.from(proto.api.history.v1.History.encode(history).finish()).toString('base64') });
const TERM_END = '2028-12-31';

const recallPassed = (membershipId: string) => ({
  membershipId,
  petitionBasis: 'adults' as const,
  petitionSigners: 300,
  petitionBase: 1200,
  memberReply: '本人对群众反映的问题作出说明。',
  meetingOn: todayInShanghai(),
  meetingMembers: 1200,
  present: 700,
  yes: 400,
});

it('a recall leaves a seat vacant; the by-election fills it, and the winner serves to the sitting term’s end', async () => {
  const street = await createStreetOffice(sql, { slug: `st-${tag()}`, nameZh: '补选街道', nameEn: 'By-election street', actor: null });
  if (!street.ok) throw new Error(street.key);
  const c = await createAdminCommunity(sql, { streetOfficeId: street.id, slug: `c-${tag()}`, nameZh: '补选社区', nameEn: 'By-election', households: 300, isDrill: true, settings: { elections: { onlineVotingAllowed: true } }, actor: null });
  if (!c.ok) throw new Error(c.key);
  const [so] = await sql<{ id: string }[]>`insert into users (id, username, display_name, password_hash) values (gen_random_uuid()::text, ${`so-${tag()}`}, '街道', 'x') returning id`;
  await sql`insert into memberships (user_id, role, street_office_id) values (${so!.id}, 'street_office_admin', ${street.id})`;
  const locked = await lockedPasswordHash();
  const person = async (name: string) => {
    const r = await addPerson(sql, c.id, { name, gender: 'female', birthYear: 1970, groupName: '一组', building: null, unit: null, phone: null }, { actor: null, lockedHash: locked });
    if (!r.ok) throw new Error(r.key);
    const [p] = await sql<{ userId: string }[]>`select user_id as "userId" from people where id = ${r.ids[0]!}`;
    return { personId: r.ids[0]!, userId: p!.userId };
  };
  // The sitting committee: five members elected for 2024–2028.
  const sitting: Record<string, string> = {};
  for (const [name, office] of [['主任', 'director'], ['副主任', 'deputy_director'], ['委员甲', 'member'], ['委员乙', 'member'], ['委员丙', 'member']] as const) {
    const g = await grantRole(sql, c.id, { personId: (await person(name)).personId, role: 'committee_member', attrs: { office }, startsOn: '2024-01-01', endsOn: TERM_END, reason: '上届当选' }, null);
    if (!g.ok) throw new Error(g.key);
    sitting[name] = g.membershipId;
  }
  const secretary = await person('书记');
  const clerks = [await person('选委一'), await person('选委二'), await person('选委三')];
  const setUp = (member: number, over: { director?: number } = {}) => ({
    electionId: randomUUID(),
    title: '补选委员',
    committee: clerks.map((x) => x.userId),
    chair: clerks[0]!.userId,
    plan: { electionDay: '2027-02-01', mode: 'direct' as const, seats: { director: over.director ?? 0, deputy: 0, member }, pollingPlaces: ['社区活动中心'], onlineVoting: { enabled: false as const } },
    byElection: true,
    actor: { userId: secretary.userId },
    communityId: c.id,
    dayMs: 300,
    taskQueue: 'unused-no-workflow-starts',
    sql,
  });

  // No vacancy yet: nothing to by-elect.
  expect(await createElection(setUp(1))).toMatchObject({ ok: false, key: 'election.errors.byElectionNoVacancy' });
  const recalled = await recordRecall(sql, c.id, recallPassed(sitting['委员乙']!), so!.id);
  expect(recalled).toEqual({ ok: true, passed: true });
  expect((await vacanciesOf(sql, c.id, todayInShanghai())).vacancies).toEqual({ director: 0, deputy: 0, member: 1 });
  // More seats than are vacant, or a seat that is not vacant: refused, nothing written.
  expect(await createElection(setUp(2))).toEqual({ ok: false, key: 'election.errors.byElectionMoreSeatsThanVacant', params: { seats: 2, vacant: 1 } });
  expect(await createElection(setUp(0, { director: 1 }))).toMatchObject({ ok: false, key: 'election.errors.byElectionOfficeNotVacant.director' });
  expect(await sql`select count(*)::int as n from elections where community_id = ${c.id}`).toEqual([{ n: 0 }]);

  const worker = await startTestWorker(sql);
  try {
    const voters = syntheticVoters(10);
    const pick = (i: number) => voters[i]!.name;
    const run = await runElectionToVoting({
      sql,
      communityId: c.id,
      title: '补选委员',
      starter: { userId: secretary.userId, roles: ['party_secretary'] },
      committee: clerks.map((x) => x.userId),
      clerk: { userId: clerks[0]!.userId, roles: ['resident', 'election_committee'] },
      voters,
      seats: { director: 0, deputy: 0, member: 1 },
      byElection: true,
      nominations: () => [
        { name: pick(0), office: 'member', votes: 9 },
        { name: pick(1), office: 'member', votes: 4 },
      ],
      dayMs: 300,
      taskQueue: worker.taskQueue,
    });
    const { electionId, ids, snapshot } = run;
    expect(snapshot.plan.byElection).toEqual({ termEndsOn: TERM_END, vacancies: { director: 0, deputy: 0, member: 1 } });
    const plan = await sql<{ body: { byElection?: { termEndsOn: string }; seats: unknown } }[]>`select body from disclosures where id = ${snapshot.disclosures.plan}`;
    expect(plan[0]!.body).toMatchObject({ byElection: { termEndsOn: TERM_END }, seats: { director: 0, deputy: 0, member: 1 } });
    // The same double-majority rules: 8 of 10 vote, all for the first nominee.
    const register = await sql<{ id: string }[]>`select id from voters where election_id = ${electionId} and status = 'active' order by household_id, name`;
    for (const v of register.slice(0, 8)) {
      const r = await castOnlineBallot({ electionId, voterId: v.id, roundNo: 1, ballot: yesTo(snapshot, [ids[pick(0)]!]), sql });
      if (!r.ok) throw new Error(r.key);
    }
    await drive(electionId, { userId: clerks[0]!.userId, roles: ['election_committee'] }, { action: 'closePolls' });
    await drive(electionId, { userId: clerks[1]!.userId, roles: ['election_committee'] }, { action: 'tally' });
    await waitForPhase(sql, electionId, 'results');
    expect((await electionById(sql, electionId))!.snapshot.result!.members.map((m) => m.personId)).toEqual([ids[pick(0)]]);

    const today = todayInShanghai();
    expect(await certifyElection(sql, { communityId: c.id, electionId, termStartsOn: TERM_END, note: null, actor: so!.id, lockedHash: locked })).toMatchObject({ ok: false, key: 'admin.errors.byElectionTermOver' });
    const r = await certifyElection(sql, { communityId: c.id, electionId, termStartsOn: today, note: '补选', actor: so!.id, lockedHash: locked });
    expect(r).toEqual({ ok: true, members: 1, ended: 0, termEndsOn: TERM_END });
    const committee = await sql<{ name: string; office: string; startsOn: string; endsOn: string; source: string }[]>`
      select u.display_name as name, m.attrs->>'office' as office, to_char(m.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(m.ends_on, 'YYYY-MM-DD') as "endsOn", m.source
      from memberships m join users u on u.id = m.user_id where m.community_id = ${c.id} and m.role = 'committee_member' order by m.starts_on, u.display_name`;
    // The winner holds office until the sitting term's end — not five years; the others' terms are untouched.
    expect(committee.find((m) => m.name === pick(0))).toEqual({ name: pick(0), office: 'member', startsOn: today, endsOn: TERM_END, source: `by-election:${electionId}` });
    expect(committee.filter((m) => m.startsOn === '2024-01-01').map((m) => [m.name, m.endsOn])).toEqual([
      ['主任', TERM_END],
      ['副主任', TERM_END],
      ['委员丙', TERM_END],
      ['委员乙', today],
      ['委员甲', TERM_END],
    ]);
    // The seat is filled: another by-election has nothing to elect.
    expect((await vacanciesOf(sql, c.id, today)).vacancies).toEqual({ director: 0, deputy: 0, member: 0 });

    await waitForPhase(sql, electionId, 'closed');
    const handle = (await temporal()).workflow.getHandle(electionWorkflowId(electionId));
    expect(await handle.result()).toBe('closed');
    if (record) writeFileSync(HISTORY, recording(electionWorkflowId(electionId), await handle.fetchHistory()));
  } finally {
    await worker.stop();
  }
  expect(await createElection(setUp(1))).toMatchObject({ ok: false, key: 'election.errors.byElectionNoVacancy' });
});

describe('the by-election set-up page', () => {
  let community: { id: string; slug: string; streetId: string };
  let people: Record<Role, { id: string; username: string }>;
  let elsewhere: { id: string; username: string }[];
  beforeAll(async () => {
    const street = await createStreet(sql);
    community = await createCommunity(sql, street.id);
    people = await onePersonPerRole(sql, community);
    // A sitting committee with one vacancy: a member resigned.
    const m = await createUser(sql, [{ role: 'committee_member', communityId: community.id, attrs: { office: 'member' } }], '辞职委员');
    await sql`update memberships set ends_on = current_date, ended_at = now(), end_reason = '辞职' where user_id = ${m.id} and role = 'committee_member'`;
    const other = await createCommunity(sql, (await createStreet(sql)).id);
    elsewhere = [
      await createUser(sql, [{ role: 'party_secretary', communityId: other.id }], '别的社区书记'),
      await createUser(sql, [{ role: 'street_office_admin', streetOfficeId: other.streetId }], '别的街道'),
    ];
  });
  const post = async (username: string, body: Record<string, string | string[]>) => {
    const s = await signIn(username, TEST_PASSWORD);
    if (!s.ok) throw new Error('sign-in failed');
    const form = new URLSearchParams();
    for (const [k, v] of Object.entries(body)) for (const x of [v].flat()) form.append(k, x);
    const request = new Request(`http://minyi.test/c/${community.slug}/elections/new?kind=by-election`, {
      method: 'POST',
      headers: { Cookie: s.cookie.split(';')[0]!, 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'zh-CN' },
      body: form,
    });
    try {
      const r = await newElectionPage.action({ request, params: { communityId: community.slug }, context: {} });
      const init = r as unknown as { init?: { status?: number }; data?: unknown };
      return { status: init.init?.status ?? 200, body: JSON.stringify(init.data ?? r) };
    } catch (e) {
      if (e instanceof Response) return { status: e.status, body: '' };
      throw e;
    }
  };
  const form = () => ({
    electionId: randomUUID(),
    title: '补选',
    electionDay: '2027-03-01',
    mode: 'direct',
    byElection: 'on',
    director: '0',
    deputy: '0',
    member: '2',
    memberMargin: '1',
    pollingPlace: '社区活动中心',
    committee: [people.resident.id, people.resident_representative.id, people.supervisor.id],
    chair: people.resident.id,
  });

  it('refuses more seats than are vacant in the reader’s language; every other role and another community’s staff get 403', async () => {
    for (const role of ROLES) {
      const r = await post(people[role].username, form());
      if ((ACTION_ROLES.create as readonly Role[]).includes(role)) {
        expect([role, r.status]).toEqual([role, 400]);
        expect(r.body).toContain('补选2个席位，但现在只有1个空缺，补选只选空缺的席位。');
      } else expect([role, r.status]).toEqual([role, 403]);
    }
    for (const u of elsewhere) expect((await post(u.username, form())).status).toBe(403);
    expect(await sql`select count(*)::int as n from elections where community_id = ${community.id}`).toEqual([{ n: 0 }]);
  });
});
