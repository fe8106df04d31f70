/**
 * The e2e people of 快测社区 (db/seed-e2e.server.ts) as a `TestCommunity`, so journeys can bring
 * motions to a stage with the same drivers the integration tests use (workflows/motion.testkit.ts).
 */
import type { connect } from '../db/client.server';
import type { TestCommunity } from '../workflows/motion.testkit';

export const KUAICE = 'kuaice';

export async function kuaicePeople(sql: ReturnType<typeof connect>): Promise<TestCommunity> {
  const [community] = await sql<{ id: string; streetId: string }[]>`select id, street_office_id as "streetId" from communities where slug = ${KUAICE}`;
  const users = await sql<{ id: string; username: string; displayName: string }[]>`
    select id, username, display_name as "displayName" from users where username like 'e2e-%'`;
  const person = (username: string, roles: string[]) => {
    const u = users.find((x) => x.username === username)!;
    return { id: u.id, username, caller: { userId: u.id, displayName: u.displayName, roles: roles as never, communityId: community!.id } };
  };
  const secretary = person('e2e-secretary', ['party_member', 'party_secretary']);
  const party1 = person('e2e-party1', ['party_committee_member', 'party_member']);
  const director = person('e2e-director', ['committee_member']);
  const member1 = person('e2e-member1', ['committee_member']);
  const reps = ['e2e-rep1', 'e2e-rep2', 'e2e-rep3'].map((u) => person(u, ['resident_representative']));
  return {
    id: community!.id,
    slug: KUAICE,
    streetId: community!.streetId,
    secretary,
    partyCommittee: [party1],
    director,
    committee: [member1],
    representatives: reps,
    partyMembers: [secretary, party1],
    resident: person('e2e-resident', ['resident']),
    supervisor: person('e2e-supervisor', ['supervisor']),
    street: secretary,
    voters: [director, member1, ...reps],
  };
}
