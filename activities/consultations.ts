/**
 * Side effects of the consultation workflow: the read model (state row, timeline), the public
 * disclosures of the topic and the outcome, and people's tasks. Each is idempotent, keyed by
 * workflow id + step, so a retried activity writes nothing twice.
 */
import type { Sql } from '../db/client.server';
import {
  closeTasks,
  openTask,
  opinionCounts,
  recordStep,
  type ConsultationStep,
} from '../db/consultations.server';
import { publishDisclosure } from '../db/disclosures.server';
import { enqueueConsultationNotices } from '../db/notify-steps.server';
import { enqueueAndWake } from './notify';
import { consultationNotifies } from '../domain/notify/steps';
import { consultationDeadlines, resolvePeriods, type ConsultationPeriods } from '../domain/consultation';
import type { Role } from '../domain/roles';

export interface RecordConsultationStep {
  step: ConsultationStep;
  /** Publish the topic (§5.2 step 3) or the outcome (step 7) on the disclosure chain. */
  disclosure?: 'topic' | 'outcome';
  tasks?: { open: { role: Role; kind: string; key: string }[]; close: string[] };
}

export function consultationActivities(sql: Sql) {
  return {
    async recordConsultationStep(input: RecordConsultationStep): Promise<{ number: number }> {
      const { step } = input;
      const snap = step.snapshot;
      const written = await recordStep(sql, step);
      const [row] = await sql<{ dayMs: number; periods: Partial<ConsultationPeriods> }[]>`
        select day_ms::float8 as "dayMs", periods from consultations where id = ${step.consultationId}`;
      const dayMs = row!.dayMs;
      const periods = resolvePeriods(row!.periods);
      let disclosureId: string | undefined;
      if (input.disclosure === 'topic' && snap.topicPublishedAt !== null) {
        ({ id: disclosureId } = await publishDisclosure(sql, {
          communityId: snap.communityId,
          kind: 'consultation_topic',
          subjectType: 'consultation',
          subjectId: step.consultationId,
          title: `协商议题（第${written.number}号）：${snap.title}`,
          body: {
            number: written.number,
            title: snap.title,
            description: snap.description,
            origin: snap.origin,
            catalogueItem: snap.item ? { code: snap.item.code, title: snap.item.title } : null,
            catalogueVersion: snap.catalogueVersion,
            parties: snap.parties.map((p) => ({ type: p.type, name: p.name })),
          },
          publishedAt: new Date(snap.topicPublishedAt),
          visibleUntil: new Date(snap.topicPublishedAt + periods.topicNoticeDays * dayMs),
          idempotencyKey: `consultation-${step.consultationId}-topic`,
        }));
      }
      if (input.disclosure === 'outcome' && snap.outcomePublishedAt !== null) {
        const draft = snap.outcomeDrafts[snap.outcomeDrafts.length - 1]!;
        const counts = await opinionCounts(sql, step.consultationId);
        const m = snap.meetingRecord;
        const deadlines = consultationDeadlines({ ...snap, opinions: [] }, { now: snap.outcomePublishedAt, dayMs, periods });
        ({ id: disclosureId } = await publishDisclosure(sql, {
          communityId: snap.communityId,
          kind: 'consultation_outcome',
          subjectType: 'consultation',
          subjectId: step.consultationId,
          title: `协商结果（第${written.number}号）：${snap.title}`,
          body: {
            number: written.number,
            title: snap.title,
            outcome: draft.text,
            outcomeVersion: draft.version,
            reviewedBySupervisors: snap.outcomeReviewed === true,
            opinions: counts,
            meeting: snap.meeting
              ? {
                  at: new Date(snap.meeting.at).toISOString(),
                  form: snap.meeting.form,
                  attendees: m?.attendees ?? null,
                  positions: (m?.positions ?? []).map((p) => ({ party: p.party, position: p.position })),
                  agreements: m?.agreements ?? '',
                  disagreements: m?.disagreements ?? '',
                  strawPoll: m?.strawPoll ? { ...m.strawPoll } : null,
                }
              : null,
            motionId: snap.motionId,
          },
          publishedAt: new Date(snap.outcomePublishedAt),
          visibleUntil: deadlines.outcomeVisibleUntil ? new Date(deadlines.outcomeVisibleUntil) : undefined,
          idempotencyKey: `consultation-${step.consultationId}-outcome`,
        }));
      }
      if (input.tasks) {
        await closeTasks(sql, step.consultationId, input.tasks.close);
        for (const t of input.tasks.open)
          await openTask(sql, {
            communityId: snap.communityId,
            role: t.role,
            kind: t.kind,
            consultationId: step.consultationId,
            params: { title: snap.title, number: written.number },
            key: t.key,
          });
      }
      // Who is told of this step (domain/notify/steps.ts), decision 040's outbox.
      await enqueueAndWake(sql, snap.communityId, consultationNotifies(step.event.action), () =>
        enqueueConsultationNotices(sql, { snapshot: snap, action: step.event.action, at: step.event.at, dayMs, opinionsCloseAt: step.opinionsCloseAt, disclosureId }),
      );
      return written;
    },
  };
}
