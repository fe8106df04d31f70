/**
 * Authorization of every election action for every role (DOMAIN.md §1.2): the web's guard
 * (`authorizeElection` = requireRole + the committee seat), the public, another community, a
 * member of another election's committee, and the workflow validator's re-check.
 */
import { randomUUID } from 'node:crypto';
import { ELECTION_ACTIONS, type ElectionAction } from '../domain/election/permissions';
import { ROLES, type Role } from '../domain/roles';
import { createCommunity, createStreet, createUser, onePersonPerRole, TEST_PASSWORD } from '../scripts/test-setup/fixtures';
import { testSql, fileWorker } from '../scripts/test-setup/services';
import { signIn } from './auth.server';
import { authorizeCommunity, authorizeElection, createElection, sendElectionCommand } from './elections.server';
import { closeTemporal } from './temporal.server';
import { statusOf } from '../scripts/test-setup/route-fixture';

const sql = testSql();
const worker = fileWorker(sql, closeTemporal);

const IN_COMMUNITY: Role[] = ROLES.filter((r) => r !== 'platform_admin');
const LIVING_THERE: Role[] = ROLES.filter((r) => r !== 'platform_admin' && r !== 'street_office_admin');
const COMMITTEE: Role[] = ['election_committee'];

/** The specification, written out on its own (not read from the code under test). */
const ALLOWED: Record<ElectionAction, Role[]> = {
  view: IN_COMMUNITY,
  create: ['party_secretary', 'street_office_admin'],
  viewRegister: IN_COMMUNITY,
  viewRegisterIds: ['election_committee', 'street_office_admin'],
  manageRegister: COMMITTEE,
  raiseObjection: LIVING_THERE,
  decideObjection: COMMITTEE,
  publishRegister: COMMITTEE,
  nominate: COMMITTEE,
  finalizeCandidates: COMMITTEE,
  recordProxy: COMMITTEE,
  issueVotingCode: COMMITTEE,
  issuePaperBallot: COMMITTEE,
  enterPaperTotals: COMMITTEE,
  confirmPaperTotals: ['election_committee', 'supervisor'],
  closePolls: COMMITTEE,
  tally: COMMITTEE,
  openNextRound: COMMITTEE,
  vote: LIVING_THERE,
  objectToResult: ['supervisor'],
  ruleOnObjection: ['street_office_admin'],
};

const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;
async function requestAs(username: string, path: string) {
  const r = await signIn(username, TEST_PASSWORD);
  if (!r.ok) throw new Error(`sign-in failed for ${username}`);
  return new Request(`http://minyi.test${path}`, { headers: { Cookie: cookieOf(r.cookie) } });
}

it('allows each action to exactly its roles, refuses the public and every other community', async () => {
  const streetA = await createStreet(sql);
  const streetB = await createStreet(sql);
  const home = await createCommunity(sql, streetA.id);
  const elsewhere = await createCommunity(sql, streetB.id);
  const people = await onePersonPerRole(sql, home);
  const others = [
    await createUser(sql, [{ role: 'resident', communityId: home.id }], '乙'),
    await createUser(sql, [{ role: 'resident', communityId: home.id }], '丙'),
  ];
  const committee = [people.election_committee.id, ...others.map((o) => o.id)];
  const electionId = randomUUID();
  const made = await createElection({
    electionId,
    title: '权限测试选举',
    committee,
    chair: committee[0]!,
    plan: { electionDay: '2026-12-10', mode: 'direct', seats: { director: 1, deputy: 1, member: 3 }, pollingPlaces: ['活动室'] },
    actor: { userId: people.party_secretary.id },
    communityId: home.id,
    dayMs: 60_000,
    taskQueue: worker.taskQueue,
    sql,
  });
  expect(made.ok).toBe(true);
  // An election in another street's community, for the cross-community refusals.
  const outsider = await createUser(sql, [{ role: 'party_secretary', communityId: elsewhere.id }], '外社区书记');
  const outCommittee = [
    (await createUser(sql, [{ role: 'resident', communityId: elsewhere.id }], 'x')).id,
    (await createUser(sql, [{ role: 'resident', communityId: elsewhere.id }], 'y')).id,
    (await createUser(sql, [{ role: 'resident', communityId: elsewhere.id }], 'z')).id,
  ];
  const otherElection = randomUUID();
  expect(
    (
      await createElection({
        electionId: otherElection,
        title: '外社区选举',
        committee: outCommittee,
        chair: outCommittee[0]!,
        plan: { electionDay: '2026-12-10', mode: 'direct', seats: { director: 1, deputy: 1, member: 3 }, pollingPlaces: ['x'] },
        actor: { userId: outsider.id },
        communityId: elsewhere.id,
        dayMs: 60_000,
        taskQueue: worker.taskQueue,
        sql,
      })
    ).ok,
  ).toBe(true);

  for (const role of ROLES) {
    const req = await requestAs(people[role].username, `/c/${home.slug}/elections/${electionId}`);
    for (const action of ELECTION_ACTIONS) {
      const expected = ALLOWED[action].includes(role) ? 200 : 403;
      const got =
        action === 'create'
          ? await statusOf(authorizeCommunity(req, home.slug, 'create'))
          : await statusOf(authorizeElection(req, home.slug, electionId, action));
      expect({ role, action, status: got }).toEqual({ role, action, status: expected });
      // Every role is refused in another street's community; its election is not found from here.
      const away = action === 'create' ? await statusOf(authorizeCommunity(req, elsewhere.slug, 'create')) : await statusOf(authorizeElection(req, elsewhere.slug, otherElection, action));
      expect({ role, action, away }).toEqual({ role, action, away: 403 });
      if (action !== 'create') {
        const crossed = await statusOf(authorizeElection(req, home.slug, otherElection, action));
        expect({ role, action, crossed }).toEqual({ role, action, crossed: expected === 200 ? 404 : 403 });
      }
    }
  }

  // The public is sent to sign in for every action.
  for (const action of ELECTION_ACTIONS) {
    const anon = new Request(`http://minyi.test/c/${home.slug}/elections/${electionId}`);
    const status = action === 'create' ? await statusOf(authorizeCommunity(anon, home.slug, 'create')) : await statusOf(authorizeElection(anon, home.slug, electionId, action));
    expect({ action, status }).toEqual({ action, status: 302 });
  }

  // Holding the role is not enough: a member of another election's committee has no seat here.
  const stranger = await createUser(sql, [{ role: 'election_committee', communityId: home.id }], '别届委员');
  const req = await requestAs(stranger.username, `/c/${home.slug}/elections/${electionId}`);
  for (const action of ['manageRegister', 'publishRegister', 'nominate', 'closePolls', 'tally', 'confirmPaperTotals'] as const)
    expect({ action, status: await statusOf(authorizeElection(req, home.slug, electionId, action)) }).toEqual({ action, status: 403 });
  expect(await statusOf(authorizeElection(req, home.slug, electionId, 'view'))).toBe(200);

  // The workflow's validator re-checks: the same refusals without the web's guard.
  expect(await sendElectionCommand(electionId, { userId: stranger.id, roles: ['election_committee'] }, { action: 'publishRegister' })).toMatchObject({
    ok: false,
    key: 'election.errors.notOnElectionCommittee',
  });
  expect(await sendElectionCommand(electionId, { userId: people.resident.id, roles: ['resident'] }, { action: 'publishRegister' })).toMatchObject({
    ok: false,
    key: 'election.errors.notAllowed',
  });
  expect(await sendElectionCommand(electionId, { userId: people.party_secretary.id, roles: ['party_secretary'] }, { action: 'objectToResult', objectionId: randomUUID(), body: 'x' })).toMatchObject({
    ok: false,
    key: 'election.errors.notAllowed',
  });
  expect(await sendElectionCommand(electionId, { userId: people.election_committee.id, roles: ['election_committee'] }, { action: 'publishRegister' })).toMatchObject({
    ok: false,
    key: 'election.errors.wrongPhase',
  });
});
