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
import { condition, setHandler, sleep } from '@temporalio/workflow';
import { z } from 'zod';
import { mainBallotForm } from '../../domain/election/ballot';
import { contestMargins } from '../../domain/election/plan';
import { checkCommand, nominationOpensAt, resealTimes, type ElectionSnapshot } from '../../domain/election/process';
import { lapse } from '../../domain/election/rounds';
import { ROLES } from '../../domain/roles';
import { COMMAND_ACTIONS, electionCommand, electionState, type CommandEnvelope, type CommandReceipt, type StartElection } from '../election-api';
import { ProcessKit, envelopeSchema } from '../kit';
import { assertAllowed } from '../refusal';

import { handle } from './commands';
import { acts, commit, follow, importActs, openRound } from './steps';

/** The Update's argument: the committee member (roles found by the web's guard) and a known action. */
export const commandSchema = envelopeSchema({
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

  setHandler(electionState, () => s);
  kit.command<CommandEnvelope, CommandReceipt>({
    update: electionCommand,
    schema: commandSchema,
    // Asked by the validator and again under the lock (the state may have moved since).
    allowed: (env) => assertAllowed(checkCommand(s, env.actor, env.command, Date.now())),
    run: (env) => handle(s, env),
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
  await exclusive(() => commit(s, { actor: start.createdBy, action: 'election.plan_published', disclosure: 'election_plan' }));

  // ── ⏱ registration opens at E−35 ─────────────────────────────────────────────────────────────
  await sleepUntil(s.schedule.registrationOpensAt);
  await exclusive(async () => {
    s.phase = 'registration';
    await commit(s, { action: 'election.registration_opened' });
  });

  // ── ✋ the committee publishes the register (not before E−20) ────────────────────────────────
  await condition(() => s.registerPublishedAt !== null);

  // ── ⏱ nomination opens at E−19 ───────────────────────────────────────────────────────────────
  await sleepUntil(nominationOpensAt(s, s.registerPublishedAt!));
  await exclusive(async () => {
    s.phase = 'nomination';
    await commit(s, { action: 'election.nomination_opened' });
  });

  // ── ✋ the committee finalizes the formal list (not before E−11, 差额 rule) ───────────────────
  await condition(() => s.candidatesPublishedAt !== null);

  // ── ⏱ polls open on E (or five days after a late list) ───────────────────────────────────────
  await sleepUntil(s.pollsOpenAt!);
  await exclusive(() => openRound(s, 'main', mainBallotForm(s.plan, (s.candidates ?? []).map((c) => ({ ...c, personId: c.voterId }))), [], null));

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
        await follow(s, after.next, null);
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
        await commit(s, { action: 'election.closed' });
      });
    }
  }

  await kit.settle();
  return s.phase;
}
