/**
 * Election hand-over (DOMAIN.md §4.8) on the real Temporal dev server and PostgreSQL: an election
 * runs through the real workflow (300-ms days) to its published result; the street office
 * certifies it; the winners become committee members from the term's start, the previous
 * committee's terms end the day before, and roles are read as of the day that matters.
 */
import { certifyElection } from '../db/admin-certify.server';
import { addPerson } from '../db/admin-people.server';
import { createCommunity, createStreetOffice } from '../db/admin.server';
import { rosterOf } from '../db/motions.server';
import { rolesInCommunity } from '../db/people.server';
import { grantRole } from '../db/roster.server';
import { drive, runElectionToVoting, syntheticVoters, waitForPhase, yesTo } from '../db/seed-elections.server';
import { dayBefore } from '../domain/admin/roles';
import { startTestWorker, testSql } from '../scripts/test-setup/services';
import { lockedPasswordHash, todayInShanghai } from './admin.server';
import { castOnlineBallot } from './elections.server';
import { closeTemporal } from './temporal.server';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});
const tag = () => Math.random().toString(36).slice(2, 10);

it('certifies a published result: winners take office from the term start, the old committee ends the day before', async () => {
  const street = await createStreetOffice(sql, { slug: `st-${tag()}`, nameZh: '换届街道', nameEn: 'Handover street', actor: null });
  if (!street.ok) throw new Error(street.key);
  const c = await createCommunity(sql, { streetOfficeId: street.id, slug: `c-${tag()}`, nameZh: '换届社区', nameEn: 'Handover', households: 300, isDrill: true, settings: { elections: { onlineVotingAllowed: true } }, actor: null });
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
  // The outgoing committee, in office since 2021.
  const oldDirector = await person('老主任');
  const oldMember = await person('老委员');
  for (const [p, office] of [[oldDirector, 'director'], [oldMember, 'member']] as const) {
    const g = await grantRole(sql, c.id, { personId: p.personId, role: 'committee_member', attrs: { office }, startsOn: '2021-01-01', endsOn: null, reason: '上届当选' }, null);
    if (!g.ok) throw new Error(g.key);
  }
  const secretary = await person('书记');
  const clerks = [await person('选委一'), await person('选委二'), await person('选委三')];

  const worker = await startTestWorker(sql);
  try {
    const voters = syntheticVoters(10);
    const pick = (i: number) => voters[i]!.name;
    const run = await runElectionToVoting({
      sql,
      communityId: c.id,
      starter: { userId: secretary.userId, roles: ['party_secretary'] },
      committee: clerks.map((x) => x.userId),
      clerk: { userId: clerks[0]!.userId, roles: ['resident', 'election_committee'] },
      voters,
      nominations: () => [
        { name: pick(0), office: 'director', votes: 9 },
        { name: pick(1), office: 'director', votes: 3 },
        { name: pick(2), office: 'deputy', votes: 8 },
        { name: pick(3), office: 'deputy', votes: 2 },
        { name: pick(4), office: 'member', votes: 9 },
        { name: pick(5), office: 'member', votes: 8 },
        { name: pick(6), office: 'member', votes: 7 },
        { name: pick(7), office: 'member', votes: 2 },
      ],
      dayMs: 300,
      taskQueue: worker.taskQueue,
    });
    const { electionId, ids, snapshot } = run;
    const today = todayInShanghai();
    // Before the result is published the street office cannot certify.
    expect(await certifyElection(sql, { communityId: c.id, electionId, termStartsOn: today, note: null, actor: so!.id, lockedHash: locked })).toMatchObject({ ok: false, key: 'admin.errors.electionNotPublished' });

    const winners = [pick(0), pick(2), pick(4), pick(5), pick(6)].map((n) => ids[n]!);
    const register = await sql<{ id: string }[]>`select id from voters where election_id = ${electionId} and status = 'active' order by household_id, name`;
    for (const v of register.slice(0, 8)) {
      const r = await castOnlineBallot({ electionId, voterId: v.id, roundNo: 1, ballot: yesTo(snapshot, winners), sql });
      if (!r.ok) throw new Error(r.key);
    }
    await drive(electionId, { userId: clerks[0]!.userId, roles: ['election_committee'] }, { action: 'closePolls' });
    await drive(electionId, { userId: clerks[1]!.userId, roles: ['election_committee'] }, { action: 'tally' });
    await waitForPhase(sql, electionId, 'results');

    const r = await certifyElection(sql, { communityId: c.id, electionId, termStartsOn: today, note: '按期换届', actor: so!.id, lockedHash: locked });
    expect(r).toEqual({ ok: true, members: 5, ended: 2, termEndsOn: null });
    const committee = await sql<{ name: string; office: string; startsOn: string; endsOn: string | null; source: string }[]>`
      select u.display_name as name, m.attrs->>'office' as office, to_char(m.starts_on, 'YYYY-MM-DD') as "startsOn", to_char(m.ends_on, 'YYYY-MM-DD') as "endsOn", m.source
      from memberships m join users u on u.id = m.user_id where m.community_id = ${c.id} and m.role = 'committee_member' order by m.starts_on, u.display_name`;
    const yesterday = dayBefore(today);
    expect(committee.filter((m) => m.startsOn === '2021-01-01')).toEqual([
      { name: '老主任', office: 'director', startsOn: '2021-01-01', endsOn: yesterday, source: 'admin' },
      { name: '老委员', office: 'member', startsOn: '2021-01-01', endsOn: yesterday, source: 'admin' },
    ]);
    const fresh = committee.filter((m) => m.startsOn === today);
    expect(fresh.map((m) => [m.name, m.office]).sort()).toEqual(
      [[pick(0), 'director'], [pick(2), 'deputy_director'], [pick(4), 'member'], [pick(5), 'member'], [pick(6), 'member']].sort(),
    );
    expect(new Set(fresh.map((m) => m.source))).toEqual(new Set([`election:${electionId}`]));
    // Each winner is in the people register now; the hand-over is in the audit log.
    expect(await sql`select count(*)::int as n from people where community_id = ${c.id} and name = any(${fresh.map((m) => m.name)})`).toEqual([{ n: 5 }]);
    const [audit] = await sql`select action, details->>'endedMemberships' as ended from audit_log where subject_id = ${electionId} and action = 'admin.electionCertified'`;
    expect(audit).toEqual({ action: 'admin.electionCertified', ended: '2' });
    // Once only.
    expect(await certifyElection(sql, { communityId: c.id, electionId, termStartsOn: today, note: null, actor: so!.id, lockedHash: locked })).toMatchObject({ ok: false, key: 'admin.errors.electionAlreadyCertified' });

    // Roles as of a date: the old director held office yesterday, not today; today's rosters are the new committee.
    expect(await rolesInCommunity(sql, oldDirector.userId, c.id)).not.toContain('committee_member');
    expect(await rolesInCommunity(sql, oldDirector.userId, c.id, yesterday)).toContain('committee_member');
    const joint = await rosterOf(sql, c.id, 'joint_meeting');
    expect(joint.map((p) => p.name).sort()).toEqual(fresh.map((m) => m.name).sort());
  } finally {
    await worker.stop();
  }
});

it('a representative whose term ended yesterday is off today’s representatives’ roster', async () => {
  const street = await createStreetOffice(sql, { slug: `st-${tag()}`, nameZh: '街道', nameEn: 'S', actor: null });
  if (!street.ok) throw new Error(street.key);
  const c = await createCommunity(sql, { streetOfficeId: street.id, slug: `c-${tag()}`, nameZh: '社区', nameEn: 'C', households: null, isDrill: false, settings: {}, actor: null });
  if (!c.ok) throw new Error(c.key);
  const locked = await lockedPasswordHash();
  const today = todayInShanghai();
  const add = async (name: string, endsOn: string | null) => {
    const p = await addPerson(sql, c.id, { name, gender: 'male', birthYear: 1960, groupName: '二组', building: null, unit: null, phone: null }, { actor: null, lockedHash: locked });
    if (!p.ok) throw new Error(p.key);
    const g = await grantRole(sql, c.id, { personId: p.ids[0]!, role: 'resident_representative', attrs: { constituency: '二组' }, startsOn: '2022-01-01', endsOn, reason: '推选' }, null);
    if (!g.ok) throw new Error(g.key);
  };
  await add('昨天卸任', dayBefore(today));
  await add('今天最后一天', today);
  const roster = await rosterOf(sql, c.id, 'representatives_meeting');
  expect(roster.map((p) => p.name)).toEqual(['今天最后一天']);
});
