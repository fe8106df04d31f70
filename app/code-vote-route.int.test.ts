/**
 * The code ballot's action (issue 15, the hot path cut): the code is checked once and the final
 * submit leaves "already voted" to castBallot's transaction. What a voter sees stays: the receipt
 * on the first submit, "already voted" (and nothing stored) on a second one with the same code, and
 * a wrong code refused without a ballot.
 */
import { openElection } from '../drills/election';
import { fileWorker, testSql } from '../scripts/test-setup/services';
import { closeTemporal } from './temporal.server';
import { issueVotingCode } from './elections.server';
import * as route from './routes/p.$communityId.elections.$electionId.vote';

const sql = testSql();
const worker = fileWorker(sql, closeTemporal);

type Answer = { state: { receipt?: string } | null; refusal: { key: string } | null };
const answerOf = async (r: unknown): Promise<{ status: number; body: Answer }> => {
  const d = r as { init?: { status?: number }; data?: Answer };
  return d && typeof d === 'object' && 'data' in d ? { status: d.init?.status ?? 200, body: d.data! } : { status: 200, body: r as Answer };
};

test('a code ballot gets its receipt once; the same code again is "already voted" and stores nothing more', async () => {
  const e = await openElection(sql, worker.taskQueue, 12);
  const issued = await issueVotingCode(sql, { electionId: e.electionId, actor: e.clerk.userId, voterId: e.ids[0]!.id });
  if (!issued.ok) throw new Error(issued.key);
  const marks = Object.entries(e.ballot).flatMap(([office, s]) => Object.entries(s.marks).map(([cid, m]) => [`mark.${office}.${cid}`, m] as [string, string]));
  const submit = (code: string) =>
    route.action({
      request: new Request(`http://localhost/p/${e.slug}/elections/${e.electionId}/vote`, {
        method: 'POST',
        body: new URLSearchParams([['intent', 'submit'], ['code', code], ['round', '1'], ...marks]),
      }),
      params: { communityId: e.slug, electionId: e.electionId },
      context: { clientAddress: `203.0.113.${Math.floor(Math.random() * 250)}` },
    });
  const first = await answerOf(await submit(issued.code));
  expect(first.body.refusal).toBeNull();
  expect(first.body.state?.receipt).toMatch(/^\d{4} \d{4} \d{4}$/);
  const again = await answerOf(await submit(issued.code));
  expect(again.status).toBe(400);
  expect(again.body.refusal?.key).toBe('election.errors.alreadyVoted');
  const wrong = await answerOf(await submit('0000 0000 0000'));
  expect(wrong.body.refusal?.key).toBe('election.errors.codeInvalid');
  const [n] = await sql<{ p: number; b: number }[]>`
    select (select count(*)::int from election_participation where election_id = ${e.electionId}) as p,
           (select count(*)::int from ballots where election_id = ${e.electionId})
           + (select count(*)::int from ballot_buffer where election_id = ${e.electionId}) as b`;
  expect(n).toEqual({ p: 1, b: 1 });
});
