/**
 * A tally sheet's scan is recorded with its command (issue 10 item 4): the same form sent again
 * stores its scan once, and a sheet the workflow refuses stores none. Real PostgreSQL and Temporal.
 */
import { randomUUID } from 'node:crypto';
import { electionById } from '../db/elections.server';
import { runElectionUntil, syntheticVoters } from '../db/seed-elections.server';
import { eightNominations, electionCommunity } from '../scripts/test-setup/elections';
import { fileWorker, testSql } from '../scripts/test-setup/services';
import { enterPaperTotals } from './elections.server';
import { closeTemporal } from './temporal.server';

const sql = testSql();
const worker = fileWorker(sql, closeTemporal);

async function votingElection() {
  const { c, starter, committee, clerk } = await electionCommunity(sql);
  const run = await runElectionUntil(
    { sql, communityId: c.id, starter, committee, clerk, voters: syntheticVoters(12), nominations: eightNominations, dayMs: 60, taskQueue: worker.taskQueue },
    'voting',
  );
  return { electionId: run.electionId, clerk };
}

const scansOf = async (electionId: string) =>
  (await sql<{ n: number }[]>`select count(*)::int as n from attachments where subject_type = 'election' and subject_id = ${electionId}`)[0]!.n;

describe('a tally sheet with its scan', () => {
  it('stores the scan once when the same form is sent twice, and none for a refused sheet', async () => {
    const { electionId, clerk } = await votingElection();
    const election = (await electionById(sql, electionId))!;
    const sections = election.snapshot.round!.form.sections;
    const entry = {
      boxId: '1',
      issued: 3,
      returned: 3,
      votes: Object.fromEntries(sections.map((s) => [s.office, Object.fromEntries(s.candidateIds.map((id) => [id, 0]))])),
      voidSections: Object.fromEntries(sections.map((s) => [s.office, 0])),
    };
    const scan = { filename: 'sheet.pdf', contentType: 'application/pdf', bytes: Buffer.from('%PDF-1.4\n% tally sheet of box 1\n%%EOF\n') };
    const key = randomUUID();

    expect(await enterPaperTotals({ election, actor: clerk, idempotencyKey: key, entry, scan, sql })).toEqual({ ok: true });
    expect(await enterPaperTotals({ election, actor: clerk, idempotencyKey: key, entry, scan, sql })).toEqual({ ok: true });
    expect(await scansOf(electionId)).toBe(1);
    const paper = (await electionById(sql, electionId))!.snapshot.round!.paper;
    expect(paper).toHaveLength(1);
    const [stored] = await sql<{ id: string }[]>`select id from attachments where subject_type = 'election' and subject_id = ${electionId}`;
    expect(paper[0]!.scanAttachmentId).toBe(stored!.id);

    const inconsistent = { ...entry, boxId: '2', voidSections: Object.fromEntries(sections.map((s) => [s.office, 9])) };
    const refused = await enterPaperTotals({ election, actor: clerk, idempotencyKey: randomUUID(), entry: inconsistent, scan, sql });
    expect(refused).toMatchObject({ ok: false, key: 'election.errors.paperTotalsInconsistent' });
    expect(await scansOf(electionId)).toBe(1);
  });
});
