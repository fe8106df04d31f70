/**
 * One workflow per election 换届选举 (`election-<uuid>`), through the phases of DOMAIN.md §4.2 with
 * durable timers. Committee commands arrive as one Update (`electionCommand`) whose validator is
 * domain/election/process.ts `checkCommand`; the workflow owns the phase row (written only by its
 * activity) that guards ballots in PostgreSQL. Ballots never enter this history: it grows with the
 * number of commands and rounds, not with the electorate.
 *
 *   preparation ─⏱ E−35─▶ registration ─✋ publishRegister (≥ E−20)─▶ register_published
 *   ─⏱ E−19─▶ nomination ─✋ finalizeCandidates (≥ E−11, 差额 rule)─▶ candidates_published
 *   ─⏱ E─▶ voting ─✋ closePolls (after polling day)─▶ counting ─✋ tally─▶
 *        results ─⏱ 7 days, no open objection─▶ closed
 *      | awaiting_round ─✋ openNextRound (runoff ≤ E+7, tie revote ≤ next day; else ⏱ lapse)─▶ voting …
 *      | void (turnout short, or an upheld objection)
 */
import { condition, proxyActivities, setHandler, sleep } from '@temporalio/workflow';
import { z } from 'zod';
import type { ElectionActivities } from '../activities/elections';
import { mainBallotForm, type BallotForm } from '../domain/election/ballot';
import { checkCandidateList, electionCommitteeAfterNomination, orderCandidateList } from '../domain/election/candidates';
import { candidateListDisclosure, planDisclosure, resultDisclosure } from '../domain/election/disclosures';
import { contestMargins } from '../domain/election/plan';
import {
  RESULTS_WINDOW_DAYS,
  checkCommand,
  closableAt,
  nextRoundDueBy,
  nominationOpensAt,
  pollsOpenAt,
  resealTimes,
  sittingCommittee,
  type ElectionCommand,
  type ElectionSnapshot,
  type Nominee,
  type RoundRecord,
} from '../domain/election/process';
import { afterRound, lapse, type NextStep } from '../domain/election/rounds';
import { combineCounts, decideRound, electorateSize, type RoundKind } from '../domain/election/tally';
import { DomainError } from '../domain/errors';
import { ROLES } from '../domain/roles';
import {
  COMMAND_ACTIONS,
  electionCommand,
  electionState,
  type CommandEnvelope,
  type CommandReceipt,
  type StartElection,
} from './election-api';
import { ProcessKit, envelopeSchema } from './kit';
import { assertAllowed } from './refusal';

const acts = proxyActivities<ElectionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const importActs = proxyActivities<ElectionActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

/** The Update's argument: the committee member (roles found by the web's guard) and a known action. */
const commandSchema = envelopeSchema({
  actor: z.object({ userId: z.string().min(1).max(64), roles: z.array(z.enum(ROLES)).max(ROLES.length) }),
  actions: COMMAND_ACTIONS,
});

/** A timer even when the instant has passed (1 ms), so the history's shape does not depend on how late people act. */
const sleepUntil = (at: number) => sleep(Math.max(1, at - Date.now()));

export async function election(start: StartElection): Promise<ElectionSnapshot['phase']> {
  const s: ElectionSnapshot = start.snapshot;

  // Commands and timer-driven transitions run one at a time.
  const kit = new ProcessKit();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => kit.exclusive(fn);

  type Commit = {
    actor?: string | null;
    action: string;
    details?: Record<string, unknown>;
    disclosure?: 'election_plan' | 'candidate_list' | 'election_result';
    corrects?: { disclosureId: string; reason: string };
    committeeLeft?: string[];
  };
  /** One step: publish its disclosure (if any), then write the snapshot and its audit entry. */
  const commit = async (c: Commit) => {
    s.step += 1;
    if (c.disclosure) {
      const now = Date.now();
      const body =
        c.disclosure === 'election_plan' ? planDisclosure(s) : c.disclosure === 'candidate_list' ? candidateListDisclosure(s) : resultDisclosure(s);
      const { disclosureId } = await acts.publishElectionDisclosure({
        electionId: s.electionId,
        communityId: s.communityId,
        step: s.step,
        kind: c.disclosure,
        title: s.title,
        body: body as unknown as Record<string, unknown>,
        publishedAt: now,
        visibleUntil: c.disclosure === 'election_result' ? now + RESULTS_WINDOW_DAYS * s.dayMs : null,
        corrects: c.corrects,
      });
      if (c.disclosure === 'election_plan') s.disclosures.plan = disclosureId;
      if (c.disclosure === 'candidate_list') s.disclosures.candidates = disclosureId;
      if (c.disclosure === 'election_result') s.disclosures.result = disclosureId;
    }
    await acts.writeElectionState({
      snapshot: s,
      audit: { actor: c.actor ?? null, action: c.action, details: c.details },
      committeeLeft: c.committeeLeft,
    });
  };

  const openRound = async (kind: RoundKind, form: BallotForm, alreadyElected: string[], actor: string | null) => {
    const now = Date.now();
    const no = (s.rounds.at(-1)?.no ?? 0) + 1;
    s.round = { no, kind, form, alreadyElected, openedAt: now, closableAt: closableAt(s, kind, now), closedAt: null, paper: [] };
    s.nextRound = null;
    s.phase = 'voting';
    await commit({ actor, action: 'election.polls_opened', details: { round: no, kind } });
  };

  /** What follows a counted (or lapsed) round. */
  const apply = async (next: NextStep, actor: string | null) => {
    const now = Date.now();
    if (next.kind === 'round') {
      s.nextRound = { kind: next.round, form: next.form, alreadyElected: next.alreadyElected, dueBy: nextRoundDueBy(s, next.round, now), repeated: !!next.repeated };
      s.phase = 'awaiting_round';
      await commit({ actor, action: 'election.round_due', details: { kind: next.round, repeated: !!next.repeated } });
    } else if (next.kind === 'final') {
      s.result = next.result;
      s.phase = 'results';
      s.resultsPublishedAt = now;
      s.resultsVisibleUntil = now + RESULTS_WINDOW_DAYS * s.dayMs;
      await commit({ actor, action: 'election.results_published', disclosure: 'election_result' });
    } else {
      s.voidReason = { key: next.key, params: next.params };
      s.phase = 'void';
      await commit({ actor, action: 'election.declared_void', details: { key: next.key }, disclosure: 'election_result' });
    }
  };

  async function handle(env: CommandEnvelope): Promise<CommandReceipt> {
    const actor = env.actor.userId;
    const cmd: ElectionCommand = env.command;
    const now = Date.now();
    switch (cmd.action) {
      case 'importRegister':
        s.importsRunning.push(cmd.importId);
        break;
      case 'publishRegister':
        s.phase = 'register_published';
        s.registerPublishedAt = now;
        await commit({ actor, action: 'voter_register.published' });
        break;
      case 'addNominee':
        s.nominees.push(cmd.nominee);
        await commit({ actor, action: 'nominee.added', details: { voterId: cmd.nominee.voterId, office: cmd.nominee.office, votes: cmd.nominee.nominationVotes } });
        break;
      case 'removeNominee':
        s.nominees = s.nominees.filter((n) => n.voterId !== cmd.voterId);
        await commit({ actor, action: 'nominee.removed', details: { voterId: cmd.voterId } });
        break;
      case 'finalizeCandidates': {
        const ordered = orderCandidateList(s.nominees.map((n) => ({ ...n, personId: n.voterId }))).map(({ personId: _p, ...n }) => n as Nominee);
        const check = checkCandidateList(s.plan, ordered.map((n) => ({ personId: n.voterId, office: n.office, gender: n.gender, nominationVotes: n.nominationVotes })));
        const standing = electionCommitteeAfterNomination(sittingCommittee(s), ordered.flatMap((n) => (n.userId ? [n.userId] : [])));
        for (const m of s.committee) if (standing.leaving.includes(m.userId)) m.left = true;
        s.listWarnings = [...check.warnings, ...(standing.leaving.length > 0 && standing.needsReplenishing ? [{ key: 'election.warnings.committeeNeedsMembers' }] : [])];
        s.candidates = ordered;
        s.candidatesPublishedAt = now;
        s.pollsOpenAt = pollsOpenAt(s, now);
        s.phase = 'candidates_published';
        await commit({ actor, action: 'candidate_list.published', disclosure: 'candidate_list', committeeLeft: standing.leaving, details: { candidates: ordered.length } });
        break;
      }
      case 'enterPaperTotals': {
        const round = s.round!;
        round.paper = [
          ...round.paper.filter((p) => p.boxId !== cmd.entry.boxId),
          { ...cmd.entry, enteredBy: actor, confirmedBy: null, scanAttachmentId: cmd.scanAttachmentId },
        ];
        await commit({ actor, action: 'paper_totals.entered', details: { round: round.no, ...cmd.entry, scanAttachmentId: cmd.scanAttachmentId } });
        break;
      }
      case 'confirmPaperTotals': {
        const entry = s.round!.paper.find((p) => p.boxId === cmd.boxId)!;
        entry.confirmedBy = actor;
        await commit({ actor, action: 'paper_totals.confirmed', details: { round: s.round!.no, boxId: cmd.boxId } });
        break;
      }
      case 'closePolls': {
        const round = s.round!;
        round.closedAt = now;
        s.phase = 'counting';
        // Once this write has committed, no ballot can enter: the phase row is no longer 'voting'.
        await commit({ actor, action: 'election.polls_closed', details: { round: round.no } });
        await acts.resealBallots({ electionId: s.electionId, roundNo: round.no });
        break;
      }
      case 'tally': {
        const round = s.round!;
        const online = await acts.countOnlineRound({ electionId: s.electionId, roundNo: round.no, form: round.form });
        const combined = combineCounts(
          { issued: online.onlineIssued, totals: online.totals },
          round.paper.map((p) => ({ ...p, scanAttached: p.scanAttachmentId !== null })),
        );
        if (combined.kind !== 'ready') throw new DomainError(combined.boxes[0]!.key, { boxId: combined.boxes[0]!.boxId });
        const electorate = electorateSize(s.plan.mode, online.electorate);
        const outcome = decideRound({ round: round.kind, electorate, count: combined.count, form: round.form, alreadyElected: round.alreadyElected });
        const voidSections = { ...online.totals.voidSections };
        for (const p of round.paper) for (const [o, n] of Object.entries(p.voidSections ?? {})) voidSections[o as keyof typeof voidSections] += n ?? 0;
        const record: RoundRecord = {
          no: round.no,
          kind: round.kind,
          form: round.form,
          electorate,
          count: combined.count,
          onlineIssued: online.onlineIssued,
          onlineReturned: online.totals.returned,
          paper: round.paper,
          voidSections,
          outcome,
          receipts: online.receipts,
          talliedAt: now,
        };
        s.rounds.push(record);
        s.round = null;
        const after = afterRound(s.progress, { kind: round.kind, form: round.form, alreadyElected: round.alreadyElected }, outcome, contestMargins(s.plan));
        s.progress = after.progress;
        await apply(after.next, actor);
        break;
      }
      case 'openNextRound': {
        const due = s.nextRound!;
        await openRound(due.kind, due.form, due.alreadyElected, actor);
        break;
      }
      case 'objectToResult':
        s.objections.push({ id: cmd.objectionId, raisedBy: actor, raisedAt: now, body: cmd.body.trim(), status: 'open', ruling: null });
        await commit({ actor, action: 'result_objection.raised', details: { objectionId: cmd.objectionId } });
        break;
      case 'ruleOnObjection': {
        const o = s.objections.find((x) => x.id === cmd.objectionId)!;
        o.status = cmd.ruling;
        o.ruling = { by: actor, at: now, reasons: cmd.reasons.trim() };
        if (cmd.ruling === 'upheld') {
          s.phase = 'void';
          s.voidReason = { key: 'election.errors.resultObjectionUpheld', params: {} };
          await commit({
            actor,
            action: 'result_objection.upheld',
            details: { objectionId: o.id },
            disclosure: 'election_result',
            ...(s.disclosures.result ? { corrects: { disclosureId: s.disclosures.result, reason: o.ruling.reasons } } : {}),
          });
        } else await commit({ actor, action: 'result_objection.dismissed', details: { objectionId: o.id } });
        break;
      }
    }
    return { step: s.step, phase: s.phase };
  }

  setHandler(electionState, () => s);
  kit.command<CommandEnvelope, CommandReceipt>({
    update: electionCommand,
    schema: commandSchema,
    // Asked by the validator and again under the lock (the state may have moved since).
    allowed: (env) => assertAllowed(checkCommand(s, env.actor, env.command, Date.now())),
    run: handle,
  });

  // Imports run one after another beside the main sequence (each an activity with heartbeats).
  void (async () => {
    for (;;) {
      await condition(() => s.importsRunning.length > 0);
      const importId = s.importsRunning[0]!;
      try {
        await importActs.importVoterRegister(importId);
      } catch {
        await acts.failVoterImport(importId);
      }
      s.importsRunning.shift();
    }
  })();

  // ── preparation: the plan is published ───────────────────────────────────────────────────────
  await exclusive(() => commit({ actor: start.createdBy, action: 'election.plan_published', disclosure: 'election_plan' }));

  // ── ⏱ registration opens at E−35 ─────────────────────────────────────────────────────────────
  await sleepUntil(s.schedule.registrationOpensAt);
  await exclusive(async () => {
    s.phase = 'registration';
    await commit({ action: 'election.registration_opened' });
  });

  // ── ✋ the committee publishes the register (not before E−20) ────────────────────────────────
  await condition(() => s.registerPublishedAt !== null);

  // ── ⏱ nomination opens at E−19 ───────────────────────────────────────────────────────────────
  await sleepUntil(nominationOpensAt(s, s.registerPublishedAt!));
  await exclusive(async () => {
    s.phase = 'nomination';
    await commit({ action: 'election.nomination_opened' });
  });

  // ── ✋ the committee finalizes the formal list (not before E−11, 差额 rule) ───────────────────
  await condition(() => s.candidatesPublishedAt !== null);

  // ── ⏱ polls open on E (or five days after a late list) ───────────────────────────────────────
  await sleepUntil(s.pollsOpenAt!);
  await exclusive(() => openRound('main', mainBallotForm(s.plan, (s.candidates ?? []).map((c) => ({ ...c, personId: c.voterId }))), [], null));

  // ── rounds: main, tie revotes, runoff ─────────────────────────────────────────────────────────
  for (;;) {
    if (s.phase === 'voting') {
      const round = s.round!;
      const closed = () => s.round?.no !== round.no || s.round.closedAt !== null;
      // Re-seal ballots 8 times during the polling day (see db/elections.server.ts).
      // A timer per slot even when late, so the history has the same shape whatever the load.
      for (const at of resealTimes(s, round.openedAt)) {
        if (await condition(closed, Math.max(1, at - Date.now()))) break;
        await acts.resealBallots({ electionId: s.electionId, roundNo: round.no });
      }
      // ✋ close, then ✋ tally.
      await condition(() => s.phase !== 'voting' && s.phase !== 'counting');
    }
    if (s.phase !== 'awaiting_round') break;
    const due = s.nextRound!;
    const opened = await condition(() => s.phase !== 'awaiting_round' || s.nextRound !== due, Math.max(1, due.dueBy - Date.now()));
    if (!opened)
      await exclusive(async () => {
        if (s.phase !== 'awaiting_round' || s.nextRound !== due) return;
        const after = lapse(s.progress, due.form, contestMargins(s.plan));
        s.progress = after.progress;
        await apply(after.next, null);
      });
  }

  // ── ⏱ results shown ≥ 7 days; an open objection holds the close ─────────────────────────────
  while (s.phase === 'results') {
    await sleepUntil(s.resultsVisibleUntil!);
    await condition(() => s.phase !== 'results' || s.objections.every((o) => o.status !== 'open'));
    if (s.phase === 'results' && Date.now() >= s.resultsVisibleUntil!) {
      await exclusive(async () => {
        if (s.phase !== 'results') return;
        s.phase = 'closed';
        await commit({ action: 'election.closed' });
      });
    }
  }

  await kit.settle();
  return s.phase;
}
