/**
 * §3.4 on the real Temporal dev server and PostgreSQL: a body that fails to reach its quorum twice is
 * reported to the supervision committee and the street office (`mustNotifyInquorate` → a task for
 * each); once is not enough, and the motion itself stays where it was.
 */
import * as motions from '../app/motions.server';
import { closeTemporal } from '../app/temporal.server';
import { jointMeetingSchema } from '../domain/motion/schemas';
import { testSql } from '../scripts/test-setup/services';
import { withMotion } from '../scripts/test-setup/motion';
import { expectOk, fastSettings, jointOf, key, stateOf, waitFor, type MotionDriver } from './motion.testkit';

const sql = testSql();
afterAll(async () => {
  await closeTemporal();
  await sql.end();
});

/** A joint meeting that only two of its seven members attend: inquorate. */
async function holdInquorateJoint(d: MotionDriver) {
  const { r, opensAt } = await d.convene('joint_meeting');
  expectOk(r);
  await d.untilOpen(opensAt);
  const few = jointOf(d.c).slice(0, 2);
  const rec = await motions.recordJointMeeting(
    d.c.secretary.caller,
    d.motionId,
    jointMeetingSchema.parse({
      idempotencyKey: key(),
      heldOn: '2026-11-25',
      attendeeIds: few.map((p) => p.id),
      votes: few.map((p) => ({ personId: p.id, choice: 'agree' })),
      minutes: '到会人数不足。',
      opinions: '无',
      conclusion: 'agree',
    }),
  );
  expectOk(rec);
}

const inquorateTasks = async (userId: string, motionId: string) =>
  (await motions.myTasks(userId)).filter((t) => t.kind === 'motion.task.inquorateTwice' && t.subjectId === motionId);

it('tells the supervisors and the street office after the second inquorate joint meeting, not after the first', () =>
  withMotion(sql, fastSettings(1_000), async ({ c, d }) => {
    await d.create();
    await d.propose();
    await holdInquorateJoint(d);
    expect(await stateOf(sql, d.motionId)).toBe('deliberating');
    const [one] = await sql<{ snapshot: { inquorate: Record<string, number> } }[]>`
      select snapshot from motions where id = ${d.motionId}`;
    expect(one!.snapshot.inquorate).toEqual({ joint_meeting: 1 });
    expect(await inquorateTasks(c.supervisor.id, d.motionId)).toEqual([]);
    expect(await inquorateTasks(c.street.id, d.motionId)).toEqual([]);

    await holdInquorateJoint(d);
    const toSupervisor = await waitFor(async () => (await inquorateTasks(c.supervisor.id, d.motionId))[0], 20_000, 'supervisor task');
    expect(toSupervisor).toMatchObject({ communityId: c.id, params: { body: 'joint_meeting', times: 2 } });
    const toStreet = await waitFor(async () => (await inquorateTasks(c.street.id, d.motionId))[0], 20_000, 'street task');
    expect(toStreet).toMatchObject({ communityId: c.id, params: { body: 'joint_meeting', times: 2 } });
    // Neither the secretary nor a resident is told; the motion still waits for a quorate meeting.
    expect(await inquorateTasks(c.secretary.id, d.motionId)).toEqual([]);
    expect(await inquorateTasks(c.resident.id, d.motionId)).toEqual([]);
    expect(await stateOf(sql, d.motionId)).toBe('deliberating');
  }));
