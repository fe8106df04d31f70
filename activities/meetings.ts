/**
 * The meeting workflow's side effects (decision 043): its read model, and the commands it sends to
 * each agenda motion through the motion's own Updates, with the worker's client. Each is idempotent:
 * a step is written once (meetings.step guards it); a motion command's key derives from (meeting,
 * motion, command), so a retry after a killed worker is answered from the motion's receipts.
 */
import { createHash } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Sql } from '../db/client.server';
import { writeMeetingStep, type MeetingStep } from '../db/meetings.server';
import type { MeetingConvene } from '../domain/meeting/schemas';
import { motionUpdates, motionWorkflowId, type ActorRef, type AgendaOutcomeInput, type ConveneInput } from '../workflows/api';
import { refusalOf } from '../workflows/refusal';

type Refused = { ok: false; key: string; params?: Record<string, string | number> };

/** An idempotency key the motion accepts (`[A-Za-z0-9_-]{8,128}`), the same on every retry. */
const keyOf = (...parts: string[]) => `mtg_${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40)}`;

function refusedBy(e: unknown): Refused | undefined {
  if (e instanceof WorkflowNotFoundError) return { ok: false, key: 'motion.errors.motionFinished' };
  const r = refusalOf(e instanceof WorkflowUpdateFailedError ? e : undefined);
  return r ? { ok: false, ...r } : undefined;
}

export function meetingActivities(sql: Sql) {
  async function motionOf(motionId: string) {
    const [m] = await sql<{ communityId: string; title: string; state: string }[]>`
      select community_id as "communityId", title, state from motions where id = ${motionId}`;
    return m;
  }

  return {
    /** One meeting step → the read model (meetings, meeting_items, meeting_count_entries). */
    async writeMeetingStep(w: MeetingStep): Promise<{ written: boolean }> {
      return writeMeetingStep(sql, w);
    },

    /** Puts a motion on the agenda: the motion's own `conveneMeeting` decides (stage, notice, body). */
    async conveneAgendaMotion(o: {
      meetingId: string;
      communityId: string;
      motionId: string;
      actor: ActorRef;
      convene: MeetingConvene;
      noticeAt: number;
    }): Promise<{ ok: true; motionMeetingId: string; title: string } | Refused> {
      const m = /^[0-9a-f-]{36}$/i.test(o.motionId) ? await motionOf(o.motionId) : undefined;
      if (!m || m.communityId !== o.communityId) return { ok: false, key: 'meeting.errors.wrongCommunity' };
      const c = o.convene;
      const input: ConveneInput = {
        body: c.body,
        online: false,
        ...(c.mode ? { mode: c.mode } : {}),
        location: c.location,
        agenda: c.title,
        channels: c.channels,
        ...(c.materialsRef ? { materialsRef: c.materialsRef } : {}),
        chairId: c.chairId,
        ...(c.minuteTakerId ? { minuteTakerId: c.minuteTakerId } : {}),
        opensAt: c.opensAt,
        noticeAt: o.noticeAt,
      };
      const handle = Context.current().client.workflow.getHandle(motionWorkflowId(o.motionId));
      try {
        const r = await handle.executeUpdate(motionUpdates.conveneMeeting, {
          args: [{ idempotencyKey: keyOf(o.meetingId, o.motionId, 'convene'), actor: o.actor, input }],
        });
        await sql`update motion_meetings set shared_meeting_id = ${o.meetingId} where id = ${r.meetingId}`;
        return { ok: true, motionMeetingId: r.meetingId, title: m.title };
      } catch (e) {
        const refused = refusedBy(e);
        if (refused) return refused;
        throw e;
      }
    },

    /** Sends a confirmed item to its motion; the motion's answer (its outcome and stage, or a refusal) comes back. */
    async deliverAgendaOutcome(o: {
      meetingId: string;
      motionId: string;
      actor: ActorRef;
      input: AgendaOutcomeInput;
    }): Promise<{ ok: true; outcome: 'inquorate' | 'passed' | 'notPassed'; state: string } | Refused> {
      const handle = Context.current().client.workflow.getHandle(motionWorkflowId(o.motionId));
      try {
        const r = await handle.executeUpdate(motionUpdates.recordAgendaOutcome, {
          args: [{ idempotencyKey: keyOf(o.meetingId, o.motionId, 'outcome'), actor: o.actor, input: o.input }],
        });
        return { ok: true, outcome: r.outcome, state: r.state };
      } catch (e) {
        const refused = refusedBy(e);
        if (refused) return refused;
        throw e;
      }
    },
  };
}
