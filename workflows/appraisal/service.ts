/**
 * The service appraisal 对服务单位的民主评议 (DOMAIN.md §9.3) as a workflow `service-appraisal-<uuid>`:
 * survey window (a durable timer, 7–14 days) → closed (households counted) → results published →
 * a reply recorded and published for each subject below 60 % → finished. Household ratings are rows
 * in PostgreSQL taken while the state row says 'surveying' (db/appraisal-service.server.ts).
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../../activities';
import {
  allRepliesIn,
  applyServiceCommand,
  checkServiceCommand,
  servicePlanSchema,
  type Actor,
  type ServiceState,
} from '../../domain/appraisal';
import { replySchema } from '../../domain/appraisal/schemas';
import { ProcessKit, envelopeSchema, parseOrRefuse } from '../kit';
import { asRefusalFailure, assertAllowed } from '../refusal';
import { SERVICE_ACTIONS, serviceCommand, serviceReady, serviceStateQuery, type ServiceView, type ServiceWebCommand, type StartServiceAppraisal } from './api';
import { actorSchema } from './cadre';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
export const envelope = envelopeSchema({ actor: actorSchema, actions: SERVICE_ACTIONS });

export async function serviceAppraisal(input: StartServiceAppraisal): Promise<{ stage: string }> {
  const clock = () => ({ now: Date.now(), dayMs: input.dayMs });
  let s: ServiceState;
  try {
    parseOrRefuse(servicePlanSchema, { year: input.year, title: input.title, surveyDays: input.surveyDays, subjects: input.subjects.map((x) => ({ name: x.name, kind: x.kind })) });
    parseOrRefuse(z.array(z.string().uuid()).max(30), input.subjects.map((x) => x.id));
    const now = Date.now();
    s = {
      id: input.planId, communityId: input.communityId, year: input.year, title: input.title, stage: 'surveying',
      subjects: input.subjects, openedAt: now, surveyClosesAt: now + input.surveyDays * input.dayMs, results: null,
      publishedAt: null, replyDueAt: null, replies: {},
    };
  } catch (e) {
    throw asRefusalFailure(e);
  }
  const kit = new ProcessKit();
  let step = 0;
  let recorded = -1;
  const view = (): ServiceView => ({ state: s, step: recorded });

  async function persist(before: ServiceState, action: string, actorId: string | null, o: { create?: boolean; publish?: 'serviceResults' | { reply: string } } = {}) {
    step++;
    await acts.recordAppraisal({
      step: {
        planId: s.id, kind: 'service', step, stage: s.stage, snapshot: s as never, closesAt: s.stage === 'surveying' ? s.surveyClosesAt : Math.min(s.surveyClosesAt, Date.now()),
        ...(o.create ? { create: { dayMs: input.dayMs, createdBy: input.actor.id, subjects: s.subjects.map((x) => ({ id: x.id, name: x.name, unitKind: x.kind })), raterIds: [] } } : {}),
        event: { at: Date.now(), action, fromStage: before.stage, toStage: s.stage, actorId },
      },
      dayMs: input.dayMs,
      ...(o.publish === 'serviceResults' ? { publish: { kind: 'serviceResults' as const } } : {}),
      ...(o.publish && typeof o.publish === 'object' ? { publish: { kind: 'serviceReply' as const, subjectId: o.publish.reply, by: actorId ?? '' } } : {}),
    });
    recorded = step;
  }

  /** Closes the survey and counts the households (the window is shut in the row first). */
  async function close(actorId: string | null, action: string) {
    const before = s;
    s = applyServiceCommand(s, { action: 'closeSurvey' }, clock());
    await persist(before, action, actorId);
    const counts = await acts.countServiceRatings({ planId: s.id });
    const counted = s;
    s = applyServiceCommand(s, { action: 'surveyCounted', counts }, clock());
    await persist(counted, 'counted', null);
  }

  setHandler(serviceStateQuery, view);
  setHandler(serviceReady, async () => {
    await condition(() => recorded >= 1);
    return view();
  });
  kit.command<{ actor: Actor; command: ServiceWebCommand }, ServiceView>({
    update: serviceCommand,
    schema: envelope,
    allowed: ({ actor, command }) => {
      if (command.action === 'recordReply') parseOrRefuse(replySchema, { subjectId: command.subjectId, text: command.text });
      assertAllowed(checkServiceCommand(s, actor, command));
    },
    run: async ({ actor, command }) => {
      if (command.action === 'closeSurvey') {
        await close(actor.id, 'closeSurvey');
        return view();
      }
      const before = s;
      s = applyServiceCommand(s, command, clock());
      await persist(before, command.action, actor.id, {
        ...(command.action === 'publishResults' ? { publish: 'serviceResults' as const } : {}),
        ...(command.action === 'recordReply' ? { publish: { reply: command.subjectId } } : {}),
      });
      return view();
    },
  });

  await kit.exclusive(() => persist(s, 'open', input.actor.id, { create: true }));

  while (s.stage !== 'finished') {
    const seen = kit.changes;
    if (s.stage === 'published' && allRepliesIn(s)) {
      await kit.exclusive(async () => {
        const before = s;
        s = applyServiceCommand(s, { action: 'finish' }, clock());
        await persist(before, 'allRepliesIn', null);
      });
      continue;
    }
    if (s.stage !== 'surveying') {
      await kit.changedSince(seen);
      continue;
    }
    if (await kit.changedSince(seen, Math.max(s.surveyClosesAt - Date.now(), 1))) continue;
    await kit.exclusive(async () => {
      if (kit.changes !== seen || s.stage !== 'surveying') return;
      await close(null, 'timer:surveyClosed');
    });
  }
  await kit.settle();
  return { stage: s.stage };
}
