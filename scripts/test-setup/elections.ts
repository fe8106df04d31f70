/** Election integration tests' shared data: the nominations every driven election uses, and a community to run it in. */
import type { DemoVoter, Nomination } from '../../db/seed-elections.server';
import type { Sql } from '../../db/client.server';
import type { Actor } from '../../domain/election/process';
import { createCommunity, createStreet, createUser } from './fixtures';

/** Eight nominees for 1 director, 1 deputy and 3 member seats (差额: more candidates than seats). */
export const eightNominations = (v: readonly DemoVoter[]): Nomination[] => [
  { name: v[0]!.name, office: 'director', votes: 5 },
  { name: v[1]!.name, office: 'director', votes: 4 },
  { name: v[2]!.name, office: 'deputy', votes: 5 },
  { name: v[3]!.name, office: 'deputy', votes: 4 },
  { name: v[4]!.name, office: 'member', votes: 6 },
  { name: v[5]!.name, office: 'member', votes: 5 },
  { name: v[6]!.name, office: 'member', votes: 4 },
  { name: v[7]!.name, office: 'member', votes: 3 },
];

/**
 * A community for an election: its party secretary (who starts it) and three residents on the
 * election committee, the first of them the clerk who acts.
 */
export async function electionCommunity(sql: Sql) {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const starter = await createUser(sql, [{ role: 'party_secretary', communityId: c.id }], '书记');
  const committee = [
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '甲'),
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '乙'),
    await createUser(sql, [{ role: 'resident', communityId: c.id }], '丙'),
  ];
  const clerk: Actor = { userId: committee[0]!.id, roles: ['resident', 'election_committee'] };
  return { c, starter: { userId: starter.id, roles: ['party_secretary'] } as Actor, committee: committee.map((u) => u.id), clerk };
}
