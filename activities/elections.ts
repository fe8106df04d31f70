/**
 * Side effects of the election workflow. Each is idempotent: state writes carry the workflow step
 * (an older step never overwrites a newer one), disclosures a key of workflow id + step, imports
 * their own status.
 */
import { Context } from '@temporalio/activity';
import type { Sql } from '../db/client.server';
import { publishDisclosure } from '../db/disclosures.server';
import { countOnlineRound, resealBallots, runVoterImport, writeElectionState } from '../db/elections.server';
import type { BallotForm } from '../domain/election/ballot';
import type { ElectionSnapshot } from '../domain/election/process';
import type { DisclosureKind } from '../domain/disclosure';
import { electionNotifies } from '../domain/notify/steps';
import { enqueueElectionNotices } from '../db/notify-steps.server';
import { enqueueAndWake } from './notify';

export type ElectionDisclosure = {
  electionId: string;
  communityId: string;
  step: number;
  kind: Extract<DisclosureKind, 'election_plan' | 'candidate_list' | 'election_result'>;
  title: string;
  body: Record<string, unknown>;
  publishedAt: number;
  visibleUntil: number | null;
  corrects?: { disclosureId: string; reason: string };
};

export function electionActivities(sql: Sql) {
  return {
    async writeElectionState(w: Parameters<typeof writeElectionState>[1]): Promise<void> {
      await writeElectionState(sql, w);
      // Who is told of this step (domain/notify/steps.ts), decision 040's outbox; steps that tell nobody cost nothing.
      if (w.audit) await enqueueAndWake(sql, w.snapshot.communityId, electionNotifies(w.audit.action), () => enqueueElectionNotices(sql, w.snapshot, w.audit!.action, Date.now()));
    },

    async publishElectionDisclosure(d: ElectionDisclosure): Promise<{ disclosureId: string }> {
      const row = await publishDisclosure(sql, {
        communityId: d.communityId,
        kind: d.kind,
        subjectType: 'election',
        subjectId: d.electionId,
        title: d.title,
        body: d.body as never,
        publishedAt: new Date(d.publishedAt),
        visibleUntil: d.visibleUntil === null ? undefined : new Date(d.visibleUntil),
        ...(d.corrects ? { corrects: d.corrects.disclosureId, correctionReason: d.corrects.reason, substantive: true } : {}),
        idempotencyKey: `election-${d.electionId}:${d.step}:${d.kind}`,
      });
      return { disclosureId: row.id };
    },

    /** All or nothing; progress in voter_imports; heartbeats so a dead worker's import is retried. */
    async importVoterRegister(importId: string): Promise<{ status: string; imported: number }> {
      const done = await runVoterImport(sql, importId, () => Context.current().heartbeat());
      return { status: done.status, imported: done.importedCount };
    },

    /** The import failed for good (e.g. the file crashed the reader five times): say so on its page. */
    async failVoterImport(importId: string): Promise<void> {
      await sql`update voter_imports set status = 'refused', failure_key = 'election.errors.importFailed', file_cipher = null, finished_at = now()
                where id = ${importId} and status not in ('imported', 'rejected', 'refused')`;
    },

    async resealBallots(a: { electionId: string; roundNo: number }): Promise<number> {
      return resealBallots(sql, a.electionId, a.roundNo);
    },

    async countOnlineRound(a: { electionId: string; roundNo: number; form: BallotForm }) {
      return countOnlineRound(sql, a.electionId, a.roundNo, a.form);
    },
  };
}

export type ElectionActivities = ReturnType<typeof electionActivities>;
export type { ElectionSnapshot };
