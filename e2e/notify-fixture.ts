/**
 * Set-up for the notification journeys: a motion of 快测社区 whose joint meeting is convened (and
 * still open), driven through app/motions.server.ts against the e2e worker; two of its people have
 * a phone in the register (one mobile, one landline), the rest none.
 */
import { connect } from '../db/client.server';
import { setPersonContacts } from '../db/notify.server';
import { MotionDriver, expectOk, fastSettings, waitFor, type TestCommunity } from '../workflows/motion.testkit';

export const C = 'kuaice';
export const DIRECTOR_PHONE = '13800138000';
export const MEMBER_PHONE = '02188886666';

export async function openJointMeeting(title: string): Promise<{ meetingId: string }> {
  const sql = connect(process.env.DATABASE_URL!, 2);
  try {
    const [community] = await sql<{ id: string; streetId: string }[]>`select id, street_office_id as "streetId" from communities where slug = ${C}`;
    const users = await sql<{ id: string; username: string; displayName: string }[]>`
      select id, username, display_name as "displayName" from users where username like 'e2e-%'`;
    const person = (username: string, roles: string[]) => {
      const u = users.find((x) => x.username === username)!;
      return { id: u.id, caller: { userId: u.id, displayName: u.displayName, roles: roles as never, communityId: community!.id } };
    };
    const secretary = person('e2e-secretary', ['party_member', 'party_secretary']);
    const director = person('e2e-director', ['committee_member']);
    await setPersonContacts(sql, { communityId: community!.id, userId: director.id, name: '测试主任', phone: DIRECTOR_PHONE });
    await setPersonContacts(sql, { communityId: community!.id, userId: person('e2e-member1', []).id, name: '委员一', phone: MEMBER_PHONE });
    const c: TestCommunity = {
      id: community!.id,
      slug: C,
      streetId: community!.streetId,
      secretary,
      partyCommittee: [person('e2e-party1', ['party_committee_member', 'party_member'])],
      director,
      committee: [],
      representatives: [],
      partyMembers: [secretary],
      resident: person('e2e-resident', ['resident']),
      supervisor: person('e2e-supervisor', ['supervisor']),
      street: secretary,
      voters: [director],
    };
    const d = new MotionDriver(sql, c, process.env.MINYI_TASK_QUEUE ?? 'minyi-e2e', fastSettings(60_000));
    await d.create({ title });
    await d.propose(2);
    const { r } = await d.convene('joint_meeting');
    expectOk(r);
    // The e2e worker's delivery pass has settled every notice (SMS is off there: cancelled).
    await waitFor(async () => {
      const [n] = await sql<{ n: number }[]>`
        select count(*)::int as n from notify_outbox where subject_id = ${d.motionId} and status in ('queued', 'sending', 'retry')`;
      const [all] = await sql<{ n: number }[]>`select count(*)::int as n from notify_outbox where subject_id = ${d.motionId}`;
      return all!.n > 0 && n!.n === 0;
    }, 20_000, 'notices settled');
    return { meetingId: r.meetingId };
  } finally {
    await sql.end();
  }
}
