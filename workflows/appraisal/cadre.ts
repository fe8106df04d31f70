/**
 * The cadre appraisal 述职述廉与民主评议 (DOMAIN.md §9.2) as a workflow `appraisal-<uuid>`:
 *
 *   planned → reports_delivered → meeting → rating → counting → tallied → published   (or void, cancelled)
 *
 * Every rule is domain/appraisal/process.ts: the Update validator refuses with its i18n key, the
 * handler applies the same function under the kit's lock. Ballots never enter this history: raters
 * write them to PostgreSQL while the state row says 'rating' and the window is open
 * (db/appraisal.server.ts); the window's end is a durable timer, so a worker that dies mid-window
 * loses nothing and the close happens when a worker is back.
 */
import { proxyActivities, setHandler, condition } from '@temporalio/workflow';
import { z } from 'zod';
import type { Activities } from '../../activities';
import {
  applyAppraisalCommand,
  checkAppraisalCommand,
  underSixMonths,
  TERMINAL_STAGES,
  type Actor,
  type AppraisalCommand,
  type AppraisalState,
  type Clock,
} from '../../domain/appraisal';
import { paperTotalsSchema, planSchema, questionSchema, reportSchema } from '../../domain/appraisal/schemas';
import { ROLES } from '../../domain/roles';
import { ProcessKit, envelopeSchema, parseOrRefuse } from '../kit';
import { asRefusalFailure, assertAllowed } from '../refusal';
import {
  APPRAISAL_ACTIONS,
  appraisalCommand,
  appraisalReady,
  appraisalStateQuery,
  type AppraisalView,
  type AppraisalWebCommand,
  type StartAppraisal,
} from './api';

const acts = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});

export const actorSchema = z.object({ id: z.string().min(1).max(64), roles: z.array(z.enum(ROLES)).max(ROLES.length) });
export const envelope = envelopeSchema({ actor: actorSchema, actions: APPRAISAL_ACTIONS });

/** Each action's own fields (sizes included), parsed in the validator before the domain rule. */
function parseCommand(c: AppraisalWebCommand): void {
  switch (c.action) {
    case 'submitReport':
      parseOrRefuse(reportSchema, { subjectId: c.subjectId, text: c.text });
      break;
    case 'recordQuestion':
      parseOrRefuse(questionSchema, { subjectId: c.subjectId, question: c.question, answer: c.answer });
      break;
    case 'recordPaperTotals':
      parseOrRefuse(paperTotalsSchema, c.totals);
      break;
    case 'issuePaperForms':
      parseOrRefuse(z.array(z.string().min(1).max(64)).min(1).max(500), c.raterIds);
      break;
    case 'cancel':
      parseOrRefuse(z.string().trim().min(1).max(500), c.reason);
      break;
    default:
      break;
  }
}

/** The domain command for the check (the workflow fills in what its activities read). */
const forCheck = (c: AppraisalWebCommand): AppraisalCommand =>
  c.action === 'openMeeting' ? { action: 'openMeeting', leftOffice: [] } : c.action === 'tally' ? { action: 'tally', online: { returned: 0, subjects: {} } } : c;

export async function cadreAppraisal(input: StartAppraisal): Promise<{ stage: string }> {
  const clock = (): Clock => ({ now: Date.now(), dayMs: input.dayMs });
  let s: AppraisalState;
  try {
    const plan = parseOrRefuse(planSchema, input.plan);
    s = {
      id: input.planId, communityId: input.communityId, year: plan.year, title: plan.title, planDate: plan.planDate,
      meetingAt: plan.meetingAt, windowHours: plan.windowHours, scale: plan.scale, criteria: plan.criteria,
      subjects: input.subjects.map((x) => ({ ...x, underSixMonths: underSixMonths(x.inOfficeSince, plan.planDate), left: false, report: null })),
      raterIds: plan.raterIds, plannedAt: Date.now(), plannedBy: input.actor.id, stage: 'planned', reportsDeliveredAt: null,
      questions: [], ratingOpenedAt: null, ratingClosesAt: null, paperIssued: [], paper: null, result: null,
      rules: input.rules, lastYear: input.lastYear,
    };
  } catch (e) {
    throw asRefusalFailure(e);
  }
  const kit = new ProcessKit();
  let step = 0;
  let recorded = -1;
  const view = (): AppraisalView => ({ state: s, step: recorded });

  async function persist(before: AppraisalState, action: string, actorId: string | null, extra: { create?: boolean; publish?: boolean } = {}) {
    step++;
    const tasks = extra.publish
      ? Object.entries(s.result?.subjects ?? {}).flatMap(([id, t]) =>
          t.flags.filter((f) => f === 'talk' || f === 'incompetentTwoYears').map((f) => ({
            role: f === 'talk' ? 'party_secretary' : 'supervisor',
            kind: f === 'talk' ? 'appraisal.task.talk' : 'appraisal.task.twoYears',
            key: `appraisal-${s.id}-${f}-${id}`,
            params: { name: s.subjects.find((x) => x.userId === id)?.name ?? '' },
          })),
        )
      : [];
    await acts.recordAppraisal({
      step: {
        planId: s.id, kind: 'cadre', step, stage: s.stage, snapshot: s as never, closesAt: s.ratingClosesAt,
        ...(extra.create
          ? { create: { dayMs: input.dayMs, createdBy: input.actor.id, subjects: s.subjects.map((x) => ({ id: x.userId, name: x.name })), raterIds: s.raterIds } }
          : {}),
        ...(s.paper !== before.paper ? { paper: s.paper } : {}),
        event: { at: Date.now(), action, fromStage: before.stage, toStage: s.stage, actorId },
      },
      dayMs: input.dayMs,
      ...(extra.publish ? { publish: { kind: 'cadre' as const } } : {}),
      tasks,
    });
    recorded = step;
  }

  async function run(actor: Actor, c: AppraisalWebCommand): Promise<void> {
    const before = s;
    let command: AppraisalCommand = forCheck(c);
    if (c.action === 'openMeeting') {
      command = { action: 'openMeeting', leftOffice: await acts.appraisalLeftOffice({ communityId: s.communityId, subjectIds: s.subjects.map((x) => x.userId) }) };
    } else if (c.action === 'issuePaperForms') {
      command = { action: 'issuePaperForms', raterIds: await acts.issueAppraisalPaperForms({ planId: s.id, raterIds: c.raterIds }) };
    } else if (c.action === 'tally') {
      command = { action: 'tally', online: await acts.countAppraisal({ planId: s.id, criteria: s.criteria.length }) };
    }
    s = applyAppraisalCommand(s, actor, command, clock());
    await persist(before, c.action, actor.id, { publish: c.action === 'publish' });
  }

  setHandler(appraisalStateQuery, view);
  setHandler(appraisalReady, async () => {
    await condition(() => recorded >= 1);
    return view();
  });
  kit.command<{ actor: Actor; command: AppraisalWebCommand }, AppraisalView>({
    update: appraisalCommand,
    schema: envelope,
    allowed: ({ actor, command }) => {
      parseCommand(command);
      assertAllowed(checkAppraisalCommand(s, actor, forCheck(command), clock()));
    },
    run: async ({ actor, command }) => {
      await run(actor, command);
      return view();
    },
  });

  await kit.exclusive(() => persist(s, 'plan', input.actor.id, { create: true }));

  while (!TERMINAL_STAGES.includes(s.stage)) {
    const seen = kit.changes;
    if (s.stage !== 'rating' || s.ratingClosesAt === null) {
      await kit.changedSince(seen);
      continue;
    }
    if (await kit.changedSince(seen, Math.max(s.ratingClosesAt - Date.now(), 1))) continue;
    // The window's end: close it unless a command got in first (then look again).
    await kit.exclusive(async () => {
      if (kit.changes !== seen || s.stage !== 'rating') return;
      const before = s;
      s = applyAppraisalCommand(s, { id: 'system', roles: [] }, { action: 'closeRating' }, clock());
      await persist(before, 'timer:ratingClosed', null);
    });
  }
  await kit.settle();
  return { stage: s.stage };
}
