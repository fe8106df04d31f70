/**
 * Secret ballots: `castBallot` (one transaction: share lock on the election's phase row, voter and
 * proxy checks, the participation flag, the unlinked ballot) against a baseline of the same two
 * inserts without lock or checks. 8 concurrent connections, as polling-day traffic would be.
 */
import { createHash, randomUUID } from 'node:crypto';
import { connect, type Sql } from '../db/client.server';
import { castBallot } from '../db/elections.server';
import type { Ballot } from '../domain/election/ballot';
import { header, measure, medianOf, row, type Figure } from './harness';

const CONCURRENCY = 8;
const hex = (s: string) => createHash('sha256').update(s).digest('hex');

async function electionWithVoters(sql: Sql, n: number) {
  const [s] = await sql<{ id: string }[]>`insert into street_offices (slug, name_zh, name_en) values (${'b' + randomUUID().slice(0, 8)}, '基准', 'bench') returning id`;
  const [c] = await sql<{ id: string }[]>`insert into communities (street_office_id, slug, name_zh, name_en) values (${s!.id}, ${'b' + randomUUID().slice(0, 8)}, '基准', 'bench') returning id`;
  const userId = randomUUID();
  await sql`insert into users (id, username, display_name, password_hash) values (${userId}, ${'b' + randomUUID().slice(0, 8)}, 'bench', 'x')`;
  const electionId = randomUUID();
  const form = { writeInsAllowed: false, sections: [{ office: 'director', seats: 1, candidateIds: ['cand-a', 'cand-b'] }] };
  await sql`insert into elections (id, community_id, title, plan, day_ms, schedule, phase, round_no, ballot_form, snapshot, created_by)
            values (${electionId}, ${c!.id}, 'bench', ${sql.json({ mode: 'direct', onlineVoting: { enabled: true, approvalRef: 'bench' } } as never)},
                    86400000, '{}', 'voting', 1, ${sql.json(form as never)}, '{}', ${userId})`;
  const voters = Array.from({ length: n }, (_, i) => ({
    id: randomUUID(), election_id: electionId, community_id: c!.id, name: `选民${i}`, gender: i % 2 ? 'male' : 'female',
    group_name: '一组', household_id: `h${i}`, basis: 'local_hukou', id_cipher: 'x', id_hash: hex(`${electionId}:${i}`),
    id_masked: '110***********0000', source: 'manual',
  }));
  for (let i = 0; i < voters.length; i += 1000) await sql`insert into voters ${sql(voters.slice(i, i + 1000))}`;
  return { electionId, voterIds: voters.map((v) => v.id) };
}

async function inParallel(ids: string[], fn: (id: string, i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < ids.length; i = next++) await fn(ids[i]!, i);
    }),
  );
}

export async function benchBallots(databaseUrl: string, figures: Figure[] = []): Promise<string[]> {
  const sql = connect(databaseUrl, CONCURRENCY + 2);
  const ballot: Ballot = { director: { marks: { 'cand-a': 'yes', 'cand-b': 'no' }, writeIns: [] } };
  const n = 2000;
  try {
    const plain = await measure(`baseline: participation + ballot inserts, no lock or checks (${CONCURRENCY} connections)`, { ops: n, rounds: 3 }, async () => {
      const { electionId, voterIds } = await electionWithVoters(sql, n);
      await inParallel(voterIds, async (voterId) => {
        await sql.begin(async (tx) => {
          await tx`insert into election_participation (election_id, round_no, voter_id, channel) values (${electionId}, 1, ${voterId}, 'online')`;
          await tx`insert into ballots (election_id, round_no, choices, receipt_hash) values (${electionId}, 1, ${tx.json(ballot as never)}, ${hex(voterId)})`;
        });
      });
    });
    const guarded = await measure(`castBallot: phase-row guard + checks (${CONCURRENCY} connections)`, { ops: n, rounds: 3 }, async () => {
      const { electionId, voterIds } = await electionWithVoters(sql, n);
      await inParallel(voterIds, async (voterId) => {
        const r = await castBallot(sql, { electionId, voterId, roundNo: 1, ballot, receiptHash: hex(voterId) });
        if (!r.ok) throw new Error(r.key);
      });
    });
    figures.push({
      section: 'ballots (in process)',
      name: `castBallot, ${CONCURRENCY} connections`,
      value: 1000 / medianOf(guarded),
      unit: 'ballots/s',
      baseline: { name: 'bare inserts', value: 1000 / medianOf(plain) },
    });
    return [...header, row(plain), row(guarded, plain)];
  } finally {
    await sql.end();
  }
}
