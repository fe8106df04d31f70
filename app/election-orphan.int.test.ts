/**
 * Election set-up when the workflow start fails (issue 9, item 4): the row written before the
 * start must not block the community's elections for good. Temporal "fails" for real here: the
 * client is pointed at a port where nothing listens, then back at the test's dev server.
 */
import { randomUUID } from 'node:crypto';
import { createCommunity, createStreet, createUser } from '../scripts/test-setup/fixtures';
import { fileWorker, temporalAddress, testSql } from '../scripts/test-setup/services';
import { freePort } from '../scripts/lib/procs';
import { electionWorkflowId } from '../workflows/election-api';
import { createElection, ORPHAN_AFTER_SECONDS } from './elections.server';
import { closeTemporal, temporal } from './temporal.server';

const sql = testSql();
const realTemporal = temporalAddress();
const worker = fileWorker(sql, closeTemporal);

async function setUp() {
  const street = await createStreet(sql);
  const c = await createCommunity(sql, street.id);
  const secretary = await createUser(sql, [{ role: 'party_secretary', communityId: c.id }], '书记');
  const members = await Promise.all(['委员甲', '委员乙', '委员丙'].map((n) => createUser(sql, [{ role: 'resident', communityId: c.id }], n)));
  return (electionId: string) => ({
    electionId,
    title: '测试社区居委会换届选举',
    committee: members.map((m) => m.id),
    chair: members[0]!.id,
    plan: { electionDay: '2026-12-10', mode: 'direct' as const, seats: { director: 1, deputy: 1, member: 3 }, memberMargin: 1, pollingPlaces: ['社区活动中心'] },
    actor: { userId: secretary.id },
    communityId: c.id,
    dayMs: 60,
    taskQueue: worker.taskQueue,
    sql,
  });
}

/** createElection while Temporal cannot be reached: it fails after writing the row. */
async function createWhileTemporalDown(form: Parameters<typeof createElection>[0]) {
  await closeTemporal();
  process.env.TEMPORAL_ADDRESS = `127.0.0.1:${await freePort()}`;
  process.env.MINYI_COMMAND_DEADLINE_MS = '1500';
  try {
    await expect(createElection(form)).rejects.toBeTruthy();
  } finally {
    await closeTemporal();
    process.env.TEMPORAL_ADDRESS = realTemporal;
    delete process.env.MINYI_COMMAND_DEADLINE_MS;
  }
  expect(await sql`select 1 from elections where id = ${form.electionId}`).toHaveLength(1);
}

const workflowRuns = async (electionId: string) =>
  (await temporal()).workflow.getHandle(electionWorkflowId(electionId)).describe().then(
    (d) => d.status.name,
    () => 'none',
  );

describe('creating an election when the workflow start fails', () => {
  it('the same form sent again starts the workflow instead of being refused', async () => {
    const form = await setUp();
    const electionId = randomUUID();
    await createWhileTemporalDown(form(electionId));
    expect(await createElection(form(electionId))).toEqual({ ok: true, electionId });
    expect(await workflowRuns(electionId)).toBe('RUNNING');
    expect(await sql`select 1 from elections where id = ${electionId}`).toHaveLength(1);
  });

  it('an abandoned row whose workflow never started is voided by the next set-up, with an audit entry', async () => {
    const form = await setUp();
    const orphan = randomUUID();
    await createWhileTemporalDown(form(orphan));
    const next = randomUUID();
    // Within the grace period the creating request may still be running: refused.
    expect(await createElection(form(next))).toMatchObject({ ok: false, key: 'election.errors.anotherElectionActive' });
    await sql`update elections set created_at = now() - make_interval(secs => ${ORPHAN_AFTER_SECONDS + 1}) where id = ${orphan}`;
    expect(await createElection(form(next))).toEqual({ ok: true, electionId: next });
    expect(await sql`select phase from elections where id = ${orphan}`).toEqual([{ phase: 'void' }]);
    expect(await sql`select 1 from audit_log where action = 'election.orphan_voided' and subject_id = ${orphan}`).toHaveLength(1);
  });

  it('an election whose workflow runs still blocks a second one, however old', async () => {
    const form = await setUp();
    const first = randomUUID();
    expect(await createElection(form(first))).toEqual({ ok: true, electionId: first });
    await sql`update elections set created_at = now() - interval '1 day' where id = ${first}`;
    expect(await createElection(form(randomUUID()))).toMatchObject({ ok: false, key: 'election.errors.anotherElectionActive' });
  });
});
