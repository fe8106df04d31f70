/**
 * Side effects of the appraisal workflows (DOMAIN.md §9): the state row and timeline, the roster
 * check at the meeting, paper forms, the tally of the sealed forms, household counts, and the
 * publications on the disclosure chain. Each is idempotent (keyed by workflow id + step or subject).
 */
import type { Sql } from '../db/client.server';
import { commentsOf, recordReply, serviceCounts } from '../db/appraisal-service.server';
import { countAppraisalBallots, issuePaperForms, leftOffice, recordAppraisalStep, type AppraisalStep } from '../db/appraisal.server';
import { publishDisclosure } from '../db/disclosures.server';
import { enqueueAppraisalNotices, enqueueServiceNotices } from '../db/notify-steps.server';
import { enqueueAndWake } from './notify';
import { appraisalNotifies, serviceNotifies } from '../domain/notify/steps';
import { RESULT_DAYS, type AppraisalState, type ServiceState } from '../domain/appraisal';

export interface RecordAppraisal {
  step: AppraisalStep;
  dayMs: number;
  publish?: { kind: 'cadre' } | { kind: 'serviceResults' } | { kind: 'serviceReply'; subjectId: string; by: string };
  /** Tasks to open (e.g. a talk 诫勉谈话 for the party secretary), keyed. */
  tasks?: { role: string; kind: string; key: string; params: Record<string, string> }[];
}

/** The public body of a cadre result (§9.2 step 7): counts per grade, overall grade, reports; no rater. */
function cadreBody(s: AppraisalState) {
  const r = s.result!;
  return {
    year: s.year,
    scale: s.scale,
    criteria: s.criteria,
    raters: r.raters,
    returned: r.returned,
    void: r.void,
    needed: r.needed,
    valid: r.valid,
    questions: s.questions.length,
    subjects: s.subjects
      .filter((x) => !x.left)
      .map((x) => {
        const t = r.subjects[x.userId]!;
        return {
          name: x.name,
          counts: t.counts,
          valid: t.valid,
          satisfactionPermille: t.satisfactionPermille,
          overall: t.overall,
          criteria: t.criteria,
          underSixMonths: x.underSixMonths,
          report: x.report ?? '',
        };
      }),
  };
}

export function appraisalActivities(sql: Sql) {
  return {
    async recordAppraisal(input: RecordAppraisal): Promise<void> {
      const { step } = input;
      await recordAppraisalStep(sql, step);
      const at = new Date(step.event.at);
      const until = new Date(step.event.at + RESULT_DAYS * input.dayMs);
      const p = input.publish;
      let disclosureId: string | undefined;
      if (p?.kind === 'cadre') {
        const s = step.snapshot as unknown as AppraisalState;
        ({ id: disclosureId } = await publishDisclosure(sql, {
          communityId: s.communityId, kind: 'appraisal_result', subjectType: 'appraisal', subjectId: step.planId,
          title: `${s.title}结果`, body: cadreBody(s) as never, publishedAt: at, visibleUntil: until,
          idempotencyKey: `appraisal-${step.planId}-result`,
        }));
      }
      if (p?.kind === 'serviceResults') {
        const s = step.snapshot as unknown as ServiceState;
        const comments = await commentsOf(sql, step.planId, 'approved');
        ({ id: disclosureId } = await publishDisclosure(sql, {
          communityId: s.communityId, kind: 'service_appraisal_result', subjectType: 'service_appraisal', subjectId: step.planId,
          title: `${s.title}结果`,
          body: {
            year: s.year,
            subjects: s.subjects.map((x) => ({
              id: x.id, name: x.name, kind: x.kind, counts: s.results![x.id]!.counts, result: s.results![x.id]!.result,
              comments: comments.filter((c) => c.subjectId === x.id).map((c) => c.body),
            })),
            replyDueAt: s.replyDueAt ? new Date(s.replyDueAt).toISOString() : null,
          } as never,
          publishedAt: at, visibleUntil: until, idempotencyKey: `service-appraisal-${step.planId}-result`,
        }));
      }
      if (p?.kind === 'serviceReply') {
        const s = step.snapshot as unknown as ServiceState;
        const reply = s.replies[p.subjectId]!;
        const subject = s.subjects.find((x) => x.id === p.subjectId)!;
        await recordReply(sql, { planId: step.planId, subjectId: p.subjectId, body: reply.text, recordedBy: p.by, at: reply.at });
        await publishDisclosure(sql, {
          communityId: s.communityId, kind: 'service_appraisal_reply', subjectType: 'service_appraisal', subjectId: step.planId,
          title: `${subject.name}对${s.title}的答复`, body: { subject: subject.name, reply: reply.text, result: s.results![p.subjectId]!.result as never },
          publishedAt: new Date(reply.at), visibleUntil: until, idempotencyKey: `service-appraisal-${step.planId}-reply-${p.subjectId}`,
        });
      }
      for (const t of input.tasks ?? []) {
        await sql`
          insert into tasks (community_id, assignee_role, kind, subject_type, subject_id, params, idempotency_key)
          values (${step.snapshot.communityId}, ${t.role}, ${t.kind}, 'appraisal', ${step.planId}, ${sql.json(t.params)}, ${t.key})
          on conflict (idempotency_key) do nothing`;
      }
      if (step.kind === 'cadre') {
        // Who is told of this step (domain/notify/steps.ts), decision 040's outbox.
        const state = step.snapshot as unknown as AppraisalState;
        await enqueueAndWake(sql, state.communityId, appraisalNotifies(step.event.action), () =>
          enqueueAppraisalNotices(sql, { state, action: step.event.action, at: step.event.at, dayMs: input.dayMs, ...(disclosureId ? { disclosureId } : {}) }),
        );
      } else {
        const state = step.snapshot as unknown as ServiceState;
        await enqueueAndWake(sql, state.communityId, serviceNotifies(step.event.action), () =>
          enqueueServiceNotices(sql, { state, action: step.event.action, at: step.event.at, dayMs: input.dayMs, ...(disclosureId ? { disclosureId } : {}) }),
        );
      }
    },
    async appraisalLeftOffice(a: { communityId: string; subjectIds: string[] }): Promise<string[]> {
      return leftOffice(sql, a.communityId, a.subjectIds);
    },
    async issueAppraisalPaperForms(a: { planId: string; raterIds: string[] }): Promise<string[]> {
      return issuePaperForms(sql, a.planId, a.raterIds);
    },
    async countAppraisal(a: { planId: string; criteria: number }) {
      return countAppraisalBallots(sql, a.planId, a.criteria);
    },
    async countServiceRatings(a: { planId: string }) {
      return serviceCounts(sql, a.planId);
    },
  };
}
