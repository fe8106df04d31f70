/**
 * History bound (issue 15, benchmark 3): the number of events in a process's Temporal history, read
 * from the server (`fetchHistory`), which must not grow with the electorate.
 *
 * Elections at 1,000, 10,000 and 100,000 voters, each run by the real workflow from its plan to
 * `closed`: the register of 40 imported through the workflow's import activity, the rest written
 * straight into `voters` before the register is published (as an import would leave them; importing
 * 100,000 rows is the tally bench's subject); the register published, eight nominees, candidates
 * final; then every voter's participation and ballot written by SQL (a ballot is one SQL
 * transaction and never touches Temporal, decision 060's model for ballots), and the polls closed
 * and counted by the workflow's own commands and activities (the count reads every ballot). Target:
 * flat, ≤ 2,000 events. Baseline in the same run: the smallest election's count.
 *
 * A motion with a representatives' meeting of 50, 200 residents' opinions and 20 progress updates,
 * driven to its end (closed, after the result's disclosure); the events of every run (it continues as new past its
 * history limit). Baseline: the same motion with the testkit's 6 on the roster, no opinions, one
 * progress update.
 */
import { electionWorkflowId } from '../workflows/election-api';
import type { Sql } from '../db/client.server';
import { drive, nominate, runElectionUntil, syntheticVoters, waitForPhase, yesTo } from '../db/seed-elections.server';
import { eightNominations, electionCommunity } from '../scripts/test-setup/elections';
import { expectOk, waitForState } from '../workflows/motion.testkit';
import { closeDb } from '../db/client.server';
import { closeTemporal } from '../app/temporal.server';
import type { Figure } from './harness';
import { benchWorker, communityWithRoster, motionWithOpenVote } from './motion-kit';

type Worker = Awaited<ReturnType<typeof benchWorker>>;
const section = 'history bound';
const SIZES = (process.env.MINYI_BENCH_HISTORY_VOTERS ?? '1000,10000,100000').split(',').map(Number);

/** `n` more active voters on the register, copies of its first one with their own identity hash. */
async function moreVoters(sql: Sql, electionId: string, n: number) {
  await sql`
    insert into voters (election_id, community_id, name, gender, group_name, household_id, basis, id_cipher, id_hash, id_masked, source, added_by)
    select v.election_id, v.community_id, '选民' || i, case when i % 2 = 0 then 'female' else 'male' end, v.group_name, 'bh' || i,
           v.basis, v.id_cipher, encode(sha256(convert_to(v.election_id::text || ':' || i, 'UTF8')), 'hex'), v.id_masked, 'import', v.added_by
    from generate_series(1, ${n}) as i, (select * from voters where election_id = ${electionId} limit 1) as v`;
}

/** One election at `n` voters from its plan to `closed`; its history's event count. */
async function electionAt(sql: Sql, w: Worker, n: number) {
  const t0 = Date.now();
  const small = syntheticVoters(40);
  const { c, starter, committee, clerk } = await electionCommunity(sql);
  const e = await runElectionUntil({ sql, communityId: c.id, starter, committee, clerk, voters: small, nominations: eightNominations, dayMs: 60, taskQueue: w.taskQueue }, 'registration');
  const id = e.electionId;
  await moreVoters(sql, id, n - small.length);
  await drive(id, clerk, { action: 'publishRegister' });
  const ids = await nominate(sql, id, clerk, eightNominations(small));
  await drive(id, clerk, { action: 'finalizeCandidates' });
  const voting = await waitForPhase(sql, id, 'voting', 120_000);
  const ballot = yesTo(voting.snapshot, [ids[small[0]!.name]!, ids[small[2]!.name]!, ids[small[4]!.name]!]);
  const round = voting.snapshot.round!.no;
  await sql`insert into election_participation (election_id, round_no, voter_id, channel)
            select election_id, ${round}, id, 'online' from voters where election_id = ${id} and status = 'active'`;
  await sql`insert into ballots (election_id, round_no, choices, receipt_hash)
            select ${id}, ${round}, ${sql.json(ballot as never)}, encode(sha256(convert_to(${id} || ':r:' || i, 'UTF8')), 'hex')
            from generate_series(1, ${n}) as i`;
  await sql`analyze voters`;
  await drive(id, clerk, { action: 'closePolls' });
  await drive(id, clerk, { action: 'tally' });
  const done = await waitForPhase(sql, id, ['closed', 'void'], 600_000);
  const h = await w.historyOf(electionWorkflowId(id));
  return { n, events: h.events, types: h.types, phase: done.phase, returned: done.snapshot.rounds[0]?.count.returned ?? 0, seconds: (Date.now() - t0) / 1000 };
}

/** A motion with `roster` on the representatives' meeting, `opinions` opinions and `progress` progress updates, to its end. */
async function motionWith(sql: Sql, w: Worker, o: { roster: number; opinions: number; progress: number }) {
  const t0 = Date.now();
  const c = await communityWithRoster(sql, o.roster);
  const { d, questionId } = await motionWithOpenVote(sql, c, w.taskQueue, { dayMs: 2000, votingWindowDays: 7, opinions: o.opinions });
  for (const p of c.voters) expectOk(await d.vote(p, questionId, 'agree'));
  await waitForState(sql, d.motionId, 'implementing', 60_000); // early close once all voted, then the 7-day disclosure (14 s)
  for (let i = 0; i < o.progress; i++) expectOk(await d.progress(20_000));
  expectOk(await d.complete([{ item: '电梯设备及安装', amountYuan: 598_000 }]));
  await waitForState(sql, d.motionId, 'closed', 90_000); // the result's disclosure window, then the workflow ends
  await w.client.workflow.getHandle(`motion-${d.motionId}`).result();
  const h = await w.historyOf(`motion-${d.motionId}`);
  return { ...o, ...h, seconds: (Date.now() - t0) / 1000 };
}

export async function benchHistory(stack: { databaseUrl: string; temporalAddress: string }, sql: Sql, figures: Figure[]): Promise<string[]> {
  const w = await benchWorker(stack, sql);
  try {
    const elections = [];
    for (const n of SIZES) elections.push(await electionAt(sql, w, n));
    const small = await motionWith(sql, w, { roster: 6, opinions: 0, progress: 1 });
    const busy = await motionWith(sql, w, { roster: 50, opinions: 200, progress: 20 });
    const first = elections[0]!;
    for (const e of elections) {
      figures.push({ section, name: `election, ${e.n.toLocaleString('en')} voters: history events`, value: e.events, unit: 'events', baseline: { name: `${first.n.toLocaleString('en')} voters`, value: first.events }, target: { op: '<=', value: 2000 } });
    }
    figures.push({ section, name: 'motion, 50 on the roster, 200 opinions, 20 progress updates: history events (all runs)', value: busy.events, unit: 'events', baseline: { name: '6 on the roster, no opinions, 1 update', value: small.events }, target: { op: '<=', value: 2000 } });
    const last = elections[elections.length - 1]!;
    /** Event types that differ between two histories, e.g. "ACTIVITY_TASK_SCHEDULED +3". */
    const grows = (a: Record<string, number>, b: Record<string, number>) =>
      Object.keys({ ...a, ...b })
        .map((t) => [t, (b[t] ?? 0) - (a[t] ?? 0)] as const)
        .filter(([, n]) => n !== 0)
        .sort((x, y) => y[1] - x[1])
        .map(([t, n]) => `${t} ${n > 0 ? '+' : ''}${n}`)
        .join(', ');
    return [
      `What differs between ${first.n.toLocaleString('en')} and ${last.n.toLocaleString('en')} voters: ${grows(first.types, last.types) || 'nothing'}.`,
      `What the busy motion adds to the baseline motion: ${grows(small.types, busy.types)}.`,
      '',
      '| process | size | history events (all runs) | runs | vs smallest | phase / state reached | set-up + run s | ≤ 2,000 events |',
      '|---|---|---|---|---|---|---|---|',
      ...elections.map((e) => `| election (plan → closed) | ${e.n.toLocaleString('en')} voters, ${e.returned.toLocaleString('en')} ballots counted | ${e.events} | 1 | ${(e.events / first.events).toFixed(2)}× | ${e.phase} | ${e.seconds.toFixed(0)} | ${e.events <= 2000 ? 'met' : '**missed**'} |`),
      `| motion (draft → closed), baseline | ${small.roster} on the roster, ${small.opinions} opinions, ${small.progress} progress update | ${small.events} | ${small.runs} | 1.00× | closed | ${small.seconds.toFixed(0)} | ${small.events <= 2000 ? 'met' : '**missed**'} |`,
      `| motion (draft → closed) | ${busy.roster} on the roster (all voted), ${busy.opinions} opinions, ${busy.progress} progress updates | ${busy.events} (longest run ${busy.longestRun}) | ${busy.runs} | ${(busy.events / small.events).toFixed(2)}× | closed | ${busy.seconds.toFixed(0)} | ${busy.events <= 2000 ? 'met' : '**missed**'} |`,
    ];
  } finally {
    await w.stop();
    await closeTemporal().catch(() => {});
    await closeDb().catch(() => {});
  }
}
