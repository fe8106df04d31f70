/** One whole election through the pure rules, with one-second days. */
import { checkBallotIssue, checkOnlineBallot, countPaperBallot, mainBallotForm, tallyBallots, type Ballot } from './ballot';
import { checkCandidateList, type Candidate } from './candidates';
import { idCheckCharacter } from './idcard';
import { contestMargins } from './plan';
import { isImportAcceptable, validateRegisterImport } from './register';
import { electionPlanSchema } from './schemas';
import { applyTieRevote, combineCounts, committeeOutcome, decideRound, electedIds, planRunoff, tieRevoteForm, vacanciesAfterRunoff, type RoundOutcome } from './tally';
import { checkNominationOpen, checkRunoffTime, electionSchedule } from './timeline';

type Decided = Extract<RoundOutcome, { kind: 'decided' }>;
const decided = (o: RoundOutcome): Decided => {
  if (o.kind !== 'decided') throw new Error(o.key);
  return o;
};

it('runs a direct election from plan to new committee', () => {
  const plan = electionPlanSchema.parse({
    electionDay: '2026-12-10',
    mode: 'direct',
    seats: { director: 1, deputy: 1, member: 3 },
    pollingPlaces: ['社区活动中心'],
    onlineVoting: { enabled: true, approvalRef: '街道批复〔2026〕8号' },
  });

  const dayMs = 1000;
  const s = electionSchedule(100_000, dayMs, plan);
  expect(checkNominationOpen(s, s.nominationOpensAt + 500).ok).toBe(true);

  // register: 9 voters
  const rows = Array.from({ length: 9 }, (_, i) => {
    const first17 = `110105196001${String(10 + i)}12${i}`;
    return { name: `居民${i}`, idNumber: first17 + idCheckCharacter(first17), gender: i % 2 ? '男' : '女', group: '一组', householdId: `H${i}`, basis: 'local_hukou' };
  });
  const register = validateRegisterImport(rows, { electionDay: plan.electionDay, hashOf: (id) => `h${id}`, registeredHashes: new Set() });
  expect(isImportAcceptable(register)).toBe(true);
  const electorate = register.entries.length;

  // candidates
  const cand = (personId: string, office: Candidate['office'], gender: Candidate['gender'] = 'male'): Candidate => ({ personId, office, gender, nominationVotes: 5 });
  const list = [cand('d1', 'director', 'female'), cand('d2', 'director'), cand('v1', 'deputy'), cand('v2', 'deputy'), cand('m1', 'member'), cand('m2', 'member'), cand('m3', 'member'), cand('m4', 'member')];
  expect(checkCandidateList(plan, list).ok).toBe(true);
  const form = mainBallotForm(plan, list);

  // polling day: 3 online ballots, 4 paper ballots in one confirmed box
  expect(checkBallotIssue({ votedBy: null, proxyGiven: false }, 'online', plan.onlineVoting.enabled).ok).toBe(true);
  const online: Ballot[] = [
    { director: { marks: { d1: 'yes' }, writeIns: [] }, deputy: { marks: { v1: 'yes' }, writeIns: [] }, member: { marks: { m1: 'yes', m2: 'yes' }, writeIns: [] } },
    { director: { marks: { d1: 'yes' }, writeIns: [] }, deputy: { marks: { v1: 'yes' }, writeIns: [] }, member: { marks: { m1: 'yes', m3: 'yes' }, writeIns: [] } },
    { director: { marks: { d2: 'yes' }, writeIns: [] }, deputy: { marks: { v2: 'yes' }, writeIns: [] }, member: { marks: { m1: 'yes', m2: 'yes', m3: 'yes' }, writeIns: [] } },
  ];
  for (const b of online) expect(checkOnlineBallot(b, form, () => true).ok).toBe(true);
  const onlineTotals = tallyBallots(online.map((b) => countPaperBallot(b, form, () => true)));
  const paper = {
    boxId: 'central',
    issued: 4,
    returned: 4,
    votes: { director: { d1: 3 }, deputy: { v1: 1, v2: 1 }, member: { m1: 2, m2: 2, m3: 2 } },
    enteredBy: 'clerk',
    confirmedBy: null as string | null,
    scanAttached: true,
  };
  expect(combineCounts({ issued: 3, totals: onlineTotals }, [paper]).kind).toBe('awaitingConfirmation');
  const combined = combineCounts({ issued: 3, totals: onlineTotals }, [{ ...paper, confirmedBy: 'supervisor' }]);
  if (combined.kind !== 'ready') throw new Error('not ready');

  // main round: 7 of 9 voted. d1 5/7 elected; v1 3/7 not (needs 4); m1 5, m2 4, m3 4 fill the 3 member seats
  const main = decided(decideRound({ round: 'main', electorate, count: combined.count, form }));
  expect(electedIds(main)).toEqual(['d1', 'm1', 'm2', 'm3']);
  expect(tieRevoteForm(main)).toBeNull();

  // runoff for the deputy: v1 and v2 (unfilled 1 + margin 1), within E+7
  const runoff = planRunoff(main, contestMargins(plan));
  expect(runoff.form!.sections).toEqual([{ office: 'deputy', seats: 1, candidateIds: ['v1', 'v2'] }]);
  expect(checkRunoffTime(s, s.pollingOpensAt + 2 * dayMs).ok).toBe(true);
  const r1 = decided(decideRound({ round: 'runoff', electorate, count: { issued: 6, returned: 6, votes: { director: {}, deputy: { v1: 3, v2: 3 }, member: {} }, overReturned: [] }, form: runoff.form!, alreadyElected: electedIds(main) }));
  const revote = decided(decideRound({ round: 'tieRevote', electorate, count: { issued: 6, returned: 6, votes: { director: {}, deputy: { v1: 4, v2: 2 }, member: {} }, overReturned: [] }, form: tieRevoteForm(r1)! }));
  const settled = applyTieRevote(r1, revote);
  expect(vacanciesAfterRunoff(settled)).toEqual([]);

  const seated = [...main.offices, ...settled.offices].flatMap((o) => o.elected.map((e) => ({ personId: e.personId, office: o.office, votes: e.votes })));
  expect(committeeOutcome(seated, [])).toMatchObject({ works: true, presiding: { personId: 'd1' } });
  expect(seated.map((m) => m.personId).sort()).toEqual(['d1', 'm1', 'm2', 'm3', 'v1']);
});
