/**
 * The election's steps: `commit` (publish the step's disclosure, if any, then write the snapshot
 * and its audit entry through the one state activity), opening a round, and what follows a counted
 * round. Shared by the command handlers (commands.ts) and the timeline (workflow.ts).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { ElectionActivities } from '../../activities/elections';
import { type BallotForm } from '../../domain/election/ballot';
import { candidateListDisclosure, planDisclosure, resultDisclosure } from '../../domain/election/disclosures';
import { RESULTS_WINDOW_DAYS, closableAt, nextRoundDueBy, type ElectionSnapshot } from '../../domain/election/process';
import { type NextStep } from '../../domain/election/rounds';
import { type RoundKind } from '../../domain/election/tally';

export const acts = proxyActivities<ElectionActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
export const importActs = proxyActivities<ElectionActivities>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', maximumAttempts: 5 },
});

export type Commit = {
  actor?: string | null;
  action: string;
  details?: Record<string, unknown>;
  disclosure?: 'election_plan' | 'candidate_list' | 'election_result';
  corrects?: { disclosureId: string; reason: string };
  committeeLeft?: string[];
};
/** One step: publish its disclosure (if any), then write the snapshot and its audit entry. */
export async function commit(s: ElectionSnapshot, c: Commit): Promise<void> {
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
}

/** Opens a round of voting (main, tie revote, runoff). */
export async function openRound(s: ElectionSnapshot, kind: RoundKind, form: BallotForm, alreadyElected: string[], actor: string | null): Promise<void> {
  const now = Date.now();
  const no = (s.rounds.at(-1)?.no ?? 0) + 1;
  s.round = { no, kind, form, alreadyElected, openedAt: now, closableAt: closableAt(s, kind, now), closedAt: null, paper: [] };
  s.nextRound = null;
  s.phase = 'voting';
  await commit(s, { actor, action: 'election.polls_opened', details: { round: no, kind } });
}

/** What follows a counted (or lapsed) round. */
export async function follow(s: ElectionSnapshot, next: NextStep, actor: string | null): Promise<void> {
  const now = Date.now();
  if (next.kind === 'round') {
    s.nextRound = { kind: next.round, form: next.form, alreadyElected: next.alreadyElected, dueBy: nextRoundDueBy(s, next.round, now), repeated: !!next.repeated };
    s.phase = 'awaiting_round';
    await commit(s, { actor, action: 'election.round_due', details: { kind: next.round, repeated: !!next.repeated } });
  } else if (next.kind === 'final') {
    s.result = next.result;
    s.phase = 'results';
    s.resultsPublishedAt = now;
    s.resultsVisibleUntil = now + RESULTS_WINDOW_DAYS * s.dayMs;
    await commit(s, { actor, action: 'election.results_published', disclosure: 'election_result' });
  } else {
    s.voidReason = { key: next.key, params: next.params };
    s.phase = 'void';
    await commit(s, { actor, action: 'election.declared_void', details: { key: next.key }, disclosure: 'election_result' });
  }
}
