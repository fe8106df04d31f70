/**
 * The motion workflow's side effects. Each is idempotent: a step is keyed by (motion_id, step), a
 * disclosure by workflow id + step, tasks by their keys — so a retried activity changes nothing.
 */
import { motionDisclosureBody, rosterOf, syncMotionTasks as syncTasks, writeMotionStep as writeStep } from '../db/motions.server';
import { publishDisclosure } from '../db/disclosures.server';
import type { Sql } from '../db/client.server';
import type { MeetingBody } from '../domain/motion/meetings';
import type { MotionStep } from '../domain/motion/facts';
import type { RosterPerson } from '../domain/motion/roster';
import type { TaskSpec } from '../domain/motion/tasks';
import { stepNotifies } from '../domain/notify/plan';
import { hasPendingNotices } from '../db/notify-delivery.server';
import { wakeDelivery } from './notify';
import { readVoteBook, sealVoteBook, type BookBallots } from '../db/motion-votes.server';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError } from '@temporalio/client';
import { amendmentResolved, motionWorkflowId } from '../workflows/api';

export type PublishMotionDisclosure = {
  motionId: string;
  kind: 'resolution' | 'implementation_result' | 'withdrawal';
  /** Workflow id + step. */
  idempotencyKey: string;
  publishedAt: number;
  visibleUntil: number;
  corrects?: string;
  correctionReason?: string;
  substantive?: boolean;
};

export function motionActivities(sql: Sql) {
  return {
    /** The body's roster in the community today (frozen by the workflow at notice). */
    /** §3.5: tells the amended motion's workflow that its amendment is in force (a signal: idempotent there). */
    async resumeAmendedMotion(o: { motionId: string; amendingMotionId: string; approvedBudgetYuan: number }): Promise<{ sent: boolean }> {
      try {
        await Context.current()
          .client.workflow.getHandle(motionWorkflowId(o.motionId))
          .signal(amendmentResolved, { amendingMotionId: o.amendingMotionId, approvedBudgetYuan: o.approvedBudgetYuan });
        return { sent: true };
      } catch (e) {
        if (e instanceof WorkflowNotFoundError) return { sent: false };
        throw e;
      }
    },

    async loadMotionRoster(o: { communityId: string; body: MeetingBody }): Promise<RosterPerson[]> {
      return rosterOf(sql, o.communityId, o.body);
    },

    /** One workflow step and the facts it established → the read model (projected in db/), in one transaction. */
    async writeMotionStep(w: MotionStep): Promise<{ written: boolean }> {
      const r = await writeStep(sql, w);
      // Also on a retry (written: false): the first try may have committed and died before waking.
      if (stepNotifies(w) && (await hasPendingNotices(sql, w.communityId))) await wakeDelivery(w.communityId);
      return r;
    },

    /** The online vote's ballots and recusals as stored by the web's guarded SQL (decision 060). */
    async readMotionVotes(o: { meetingId: string }): Promise<BookBallots> {
      return readVoteBook(sql, o.meetingId);
    },

    /** Seals the online vote at `closedAt` and returns what counts (later votes are refused). */
    async sealMotionVotes(o: { meetingId: string; closedAt: number }): Promise<BookBallots> {
      return sealVoteBook(sql, o.meetingId, o.closedAt);
    },

    /** The motion's open tasks become exactly these. */
    async syncMotionTasks(o: { communityId: string; motionId: string; tasks: TaskSpec[] }): Promise<{ open: number }> {
      return syncTasks(sql, o);
    },

    /** Appends the motion's disclosure to the community's hash chain (once per key). */
    async publishMotionDisclosure(d: PublishMotionDisclosure): Promise<{ id: string; seq: number; hash: string }> {
      const content = await motionDisclosureBody(sql, d.motionId, d.kind);
      const row = await publishDisclosure(sql, {
        communityId: content.communityId,
        kind: d.kind,
        subjectType: 'motion',
        subjectId: d.motionId,
        title: content.title,
        body: content.body,
        ...(d.corrects ? { corrects: d.corrects, correctionReason: d.correctionReason ?? '', substantive: d.substantive ?? false } : {}),
        publishedAt: new Date(d.publishedAt),
        visibleUntil: new Date(d.visibleUntil),
        idempotencyKey: d.idempotencyKey,
      });
      return { id: row.id, seq: row.seq, hash: row.hash };
    },
  };
}
