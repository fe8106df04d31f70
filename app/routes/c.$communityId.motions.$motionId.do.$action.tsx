/**
 * Every motion command that takes a form: validate (zod, from domain/), authorize (the roles the
 * domain's action table names), send (app/motions.server.ts → Temporal Update), redirect back.
 * A refusal comes back as a localized reason and changes nothing.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction, SerializeFrom } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ZodType } from 'zod';
import { ATTACHMENTS_FIELD, storeAttachments, type CheckedFile } from '~/attachments.server';
import { idParam, readForm } from '~/forms.server';
import { requireRole } from '~/auth.server';
import { catalogueItemsFor } from '~/consultations.server';
import { ErrorSummary } from '~/components/ErrorSummary';
import {
  ConclusionField,
  ConveneFields,
  RosterVotes,
  TextInput,
  type RosterEntry,
} from '~/components/motion/ActionFields';
import { DraftFields } from '~/components/motion/DraftFields';
import { db, meetingsOfMotion, rosterOf } from '~/data.server';
import { tOf } from '~/lang.server';
import * as motions from '~/motions.server';
import { rolesFor, type MotionCommand } from '../../domain/motion/stages';
import {
  acceptObjectionReplySchema,
  approveDisclosureSchema,
  publishUnreviewedSchema,
  requestDisclosureCorrectionSchema,
  resubmitDisclosureSchema,
  contestResolutionSchema,
  resumeImplementationSchema,
  conveneMeetingSchema,
  draftMotionSchema,
  handVotesSchema,
  jointMeetingSchema,
  objectionReplySchema,
  objectionRulingSchema,
  objectionSchema,
  opinionAnswerSchema,
  partyCommitteeDecisionSchema,
  partyMeetingSchema,
  physicalAttendanceSchema,
  progressEntrySchema,
  residentOpinionSchema,
  residentsMeetingSchema,
  withdrawSchema,
} from '../../domain/motion/schemas';
import { finalReportFormSchema, withRoster } from '../../domain/motion/forms';
import { tk } from '../i18n/keys';

export const meta: MetaFunction = () => [{ title: '民议' }];

type Caller = motions.Caller;
type Detail = NonNullable<Awaited<ReturnType<typeof motions.motionDetail>>>;
type Run = (c: Caller, motionId: string, value: never, files: CheckedFile[], detail: Detail) => Promise<motions.CommandResult>;
type Config = { schema: (d: Detail) => ZodType; run: Run; files?: boolean };

/** The pending (convened, not yet recorded) meeting, if any. */
const pending = (d: Detail) => [...d.meetings].reverse().find((m) => !m.recorded);

const CONFIG: Partial<Record<MotionCommand | 'recordResolution', Config>> = {
  editDraft: { schema: () => draftMotionSchema, run: (c, id, v) => motions.editDraft(c, id, v) },
  recordPartyCommitteeDecision: {
    schema: () => withRoster(partyCommitteeDecisionSchema),
    run: (c, id, v) => motions.recordPartyCommitteeDecision(c, id, v),
  },
  conveneJointMeeting: { schema: () => conveneMeetingSchema, run: (c, id, v) => motions.conveneMeeting(c, id, v) },
  recordJointMeeting: { schema: () => withRoster(jointMeetingSchema), run: (c, id, v) => motions.recordJointMeeting(c, id, v) },
  convenePartyMeeting: { schema: () => conveneMeetingSchema, run: (c, id, v) => motions.conveneMeeting(c, id, v) },
  recordPartyMeeting: { schema: () => partyMeetingSchema, run: (c, id, v) => motions.recordPartyMeeting(c, id, v) },
  scheduleResolutionMeeting: { schema: () => conveneMeetingSchema, run: (c, id, v) => motions.conveneMeeting(c, id, v) },
  recordResolution: {
    schema: (d) => (pending(d)?.body === 'residents_meeting' ? residentsMeetingSchema : withRoster(handVotesSchema)),
    run: (c, id, v, _f, d) =>
      pending(d)?.body === 'residents_meeting' ? motions.recordResidentsMeeting(c, id, v) : motions.recordHandVotes(c, id, v),
  },
  recordAttendance: { schema: () => physicalAttendanceSchema, run: (c, id, v) => motions.recordAttendance(c, id, v) },
  submitResidentOpinion: { schema: () => residentOpinionSchema, run: (c, id, v) => motions.submitOpinion(c, id, v) },
  answerResidentOpinion: { schema: () => opinionAnswerSchema, run: (c, id, v) => motions.answerOpinion(c, id, v) },
  raiseObjection: { schema: () => objectionSchema, run: (c, id, v) => motions.raiseObjection(c, id, v) },
  replyToObjection: { schema: () => objectionReplySchema, run: (c, id, v) => motions.replyToObjection(c, id, v) },
  acceptObjectionReply: { schema: () => acceptObjectionReplySchema, run: (c, id, v) => motions.acceptObjectionReply(c, id, v) },
  ruleOnObjection: { schema: () => objectionRulingSchema, run: (c, id, v) => motions.ruleOnObjection(c, id, v) },
  recordProgress: { schema: () => progressEntrySchema, files: true, run: (c, id, v) => motions.recordProgress(c, id, v) },
  reportCompletion: {
    schema: () => finalReportFormSchema,
    files: true,
    run: (c, id, v) => motions.reportCompletion(c, id, v),
  },
  contestResolution: { schema: () => contestResolutionSchema, run: (c, id, v) => motions.contestResolution(c, id, v) },
  resumeImplementation: { schema: () => resumeImplementationSchema, run: (c, id, v) => motions.resumeImplementation(c, id, v) },
  withdraw: { schema: () => withdrawSchema, run: (c, id, v) => motions.withdraw(c, id, v) },
  // §3.7.3: the forms are on the motion page (DisclosureReview); this page shows them again with their errors.
  approveDisclosure: { schema: () => approveDisclosureSchema, run: (c, id, v) => motions.approveDisclosure(c, id, v) },
  requestDisclosureCorrection: {
    schema: () => requestDisclosureCorrectionSchema,
    run: (c, id, v) => motions.requestDisclosureCorrection(c, id, v),
  },
  resubmitDisclosure: { schema: () => resubmitDisclosureSchema, run: (c, id, v) => motions.resubmitDisclosure(c, id, v) },
  publishUnreviewed: { schema: () => publishUnreviewedSchema, run: (c, id, v) => motions.publishUnreviewed(c, id, v) },
};

async function authorize(request: Request, params: LoaderFunctionArgs['params']) {
  const action = params.action as MotionCommand | 'recordResolution';
  const config = Object.hasOwn(CONFIG, action) ? CONFIG[action] : undefined;
  if (!config) throw new Response('Not Found', { status: 404 });
  const motionId = idParam(params.motionId);
  const { user, community, roles } = await requireRole(request, params.communityId, rolesFor(action));
  const caller: Caller = { userId: user.id, displayName: user.displayName, roles, communityId: community.id };
  const detail = await motions.motionDetail(community.id, motionId, caller);
  if (!detail) throw new Response('Not Found', { status: 404 });
  return { action, config, caller, community, detail };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { action, caller, community, detail } = await authorize(request, params);
  const p = pending(detail);
  let roster: RosterEntry[] = [];
  if (action === 'recordPartyCommitteeDecision') roster = await rosterOf(db(), community.id, 'party_committee');
  else if (p && (action === 'recordJointMeeting' || action === 'recordResolution' || action === 'recordAttendance')) {
    roster = (await meetingsOfMotion(db(), detail.motion.id)).find((m) => m.id === p.id)?.roster ?? [];
  }
  const objectionId = new URL(request.url).searchParams.get('objectionId');
  return {
    action,
    slug: community.slug,
    motion: { id: detail.motion.id, title: detail.motion.title },
    draft: action === 'editDraft' ? { ...detail.motion } : null,
    catalogueItems: action === 'editDraft' ? await catalogueItemsFor(community.id) : [],
    pendingMeeting: p ? { id: p.id, body: p.body, online: p.online } : null,
    roster: roster.map(({ personId, name }) => ({ personId, name })),
    objectionId,
    mayBlock: caller.roles.includes('supervisor'),
    idempotencyKey: crypto.randomUUID(),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { config, caller, community, detail } = await authorize(request, params);
  const t = await tOf(request);
  const { formData, files, fileError } = await readForm(request, config.files ? { files: ATTACHMENTS_FIELD } : {});
  const submission = parseWithZod(formData, { schema: config.schema(detail) });
  if (submission.status !== 'success' || fileError) {
    return data(submission.reply(fileError ? { formErrors: [tk(t, fileError)] } : undefined), { status: 400 });
  }
  const result = await config.run(caller, detail.motion.id, submission.value as never, files, detail);
  if (!result.ok) return data(submission.reply({ formErrors: [tk(t, result.key, result.params)] }), { status: 409 });
  if (config.files && files.length) {
    await storeAttachments(files, {
      communityId: community.id,
      uploadedBy: caller.userId,
      subjectType: 'motion',
      subjectId: detail.motion.id,
      isPublic: true, // progress photos and final accounts are shown with the published result
    });
  }
  throw redirect(`/c/${community.slug}/motions/${detail.motion.id}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

/** The form fields of one motion action (the common parts — key, errors, files, submit — are the page's). */
function ActionFields({ l }: { l: SerializeFrom<typeof loader> }): ReactNode {
  const { t } = useTranslation();
  switch (l.action) {
    case 'editDraft':
      return <DraftFields fields={{}} defaults={l.draft as never} catalogueItems={l.catalogueItems} />;
    case 'recordPartyCommitteeDecision':
    case 'recordJointMeeting':
      return (
        <>
          <TextInput name="heldOn" type="date" />
          <RosterVotes roster={l.roster} />
          {l.action === 'recordJointMeeting' ? (
            <>
              <TextInput name="opinions" long />
              <TextInput name="amendments" long required={false} />
              <TextInput name="supervisorRemarks" long required={false} />
              <ConclusionField />
            </>
          ) : null}
          <TextInput name="minutes" long />
        </>
      );
    case 'conveneJointMeeting':
      return <ConveneFields body="joint_meeting" />;
    case 'convenePartyMeeting':
      return <ConveneFields body="party_members_meeting" />;
    case 'scheduleResolutionMeeting':
      return <ConveneFields body="resolution" />;
    case 'recordPartyMeeting':
      return (
        <>
          <TextInput name="heldOn" type="date" />
          <TextInput name="fullMembers" type="number" />
          <TextInput name="present" type="number" />
          <TextInput name="probationaryPresent" type="number" required={false} defaultValue={0} />
          <TextInput name="yes" type="number" />
          <TextInput name="no" type="number" />
          <TextInput name="abstain" type="number" />
          <TextInput name="minutes" long />
          <TextInput name="scanRef" />
        </>
      );
    case 'recordResolution':
      return l.pendingMeeting?.body === 'residents_meeting' ? (
          <>
            <TextInput name="heldOn" type="date" />
            <div>
              <label htmlFor="f-mode">{t('motionUi.field.mode')}</label>
              <select id="f-mode" name="mode">
                {(['all_adults', 'households', 'group_representatives'] as const).map((m) => (
                  <option key={m} value={m}>
                    {t(`motion.mode.${m}`)}
                  </option>
                ))}
              </select>
            </div>
            <TextInput name="electorate" type="number" />
            <TextInput name="present" type="number" />
            <TextInput name="yes" type="number" />
            <TextInput name="no" type="number" />
            <TextInput name="abstain" type="number" />
            <TextInput name="resolutionText" long />
            <TextInput name="minutes" long />
            <TextInput name="scanRef" />
          </>
        ) : (
          <>
            <input type="hidden" name="questionId" value={l.pendingMeeting?.id ?? ''} />
            <RosterVotes roster={l.roster} />
          </>
        );
    case 'recordAttendance':
      return (
        <>
          <input type="hidden" name="meetingId" value={l.pendingMeeting?.id ?? ''} />
          <fieldset>
            <legend>{t('motionUi.field.personIds')}</legend>
            <div className="choice-list">
              {l.roster.map((p) => (
                <label key={p.personId}>
                  <input type="checkbox" name="personIds" value={p.personId} />
                  {p.name}
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <label htmlFor="f-method">{t('motionUi.field.method')}</label>
            <select id="f-method" name="method">
              <option value="in_person">{t('motion.attendanceMethod.in_person')}</option>
              <option value="paper">{t('motion.attendanceMethod.paper')}</option>
            </select>
          </div>
          <TextInput name="scanRef" required={false} />
        </>
      );
    default:
      return <LaterActionFields l={l} />;
  }
}

/** Objections, implementation, contest and withdrawal. */
function LaterActionFields({ l }: { l: SerializeFrom<typeof loader> }): ReactNode {
  const { t } = useTranslation();
  switch (l.action) {
    case 'raiseObjection':
      return (
        <>
          <TextInput name="text" long />
          {l.mayBlock ? (
            <div className="choice-list">
              <label>
                <input type="checkbox" name="blocking" value="on" />
                {t('motionUi.field.blocking')}
              </label>
            </div>
          ) : null}
        </>
      );
    case 'replyToObjection':
      return (
        <>
          <input type="hidden" name="objectionId" value={l.objectionId ?? ''} />
          <TextInput name="text" long />
        </>
      );
    case 'ruleOnObjection':
      return (
        <>
          <input type="hidden" name="objectionId" value={l.objectionId ?? ''} />
          <fieldset>
            <legend>{t('motionUi.field.ruling')}</legend>
            <div className="choice-list">
              {(['dismissed', 'upheld'] as const).map((r) => (
                <label key={r}>
                  <input type="radio" name="ruling" value={r} required />
                  {t(`motion.ruling.${r}`)}
                </label>
              ))}
            </div>
          </fieldset>
          <TextInput name="reasons" long />
        </>
      );
    case 'recordProgress':
      return (
        <>
          <TextInput name="date" type="date" />
          <TextInput name="work" long />
          <TextInput name="amountYuan" type="number" required={false} />
          <TextInput name="contractorOrganization" required={false} />
        </>
      );
    case 'reportCompletion':
      return (
        <>
          <TextInput name="completedOn" type="date" />
          <TextInput name="summary" long />
          <TextInput name="acceptanceRecord" long />
          <div>
            <label htmlFor="f-linesText">{t('motionUi.field.lines')}</label>
            <textarea id="f-linesText" name="linesText" required placeholder="电梯设备 380000&#10;安装施工 95000" />
          </div>
        </>
      );
    case 'contestResolution':
    case 'resumeImplementation':
      return <TextInput name="reasons" long />;
    case 'withdraw':
      return (
        <>
          <TextInput name="reason" long />
          <TextInput name="partyCommitteeDecisionRef" />
        </>
      );
    case 'approveDisclosure':
      return <TextInput name="remark" long required={false} />;
    case 'requestDisclosureCorrection':
      return <TextInput name="correctionReason" long />;
    case 'resubmitDisclosure':
      return <TextInput name="correctionNote" long />;
    case 'publishUnreviewed':
      return (
        <div className="choice-list">
          <label>
            <input type="checkbox" name="confirmed" value="on" required />
            {t('motionReview.confirmUnreviewed')}
          </label>
        </div>
      );
    default:
      return null;
  }
}

export default function MotionAction() {
  const { t } = useTranslation();
  const l = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const labelOf = (field: string) => {
    const root = field.split(/[.[]/)[0]!;
    return t(`motionUi.field.${root}`, { defaultValue: root });
  };
  const multipart = l.action === 'recordProgress' || l.action === 'reportCompletion';
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${l.slug}/motions/${l.motion.id}`}>← {l.motion.title}</Link>
      </p>
      <h1>{t(`motion.action.${l.action}`)}</h1>
      <Form method="post" className="form" encType={multipart ? 'multipart/form-data' : undefined}>
        <ErrorSummary formErrors={lastResult?.error?.[''] ?? null} fieldErrors={lastResult?.error ?? null} labelOf={labelOf} />
        <input type="hidden" name="idempotencyKey" value={l.idempotencyKey} />
        <ActionFields l={l} />
        {multipart ? (
          <div>
            <label htmlFor="f-attachments">{t('attachments.label')}</label>
            <input id="f-attachments" name="attachments" type="file" multiple accept=".pdf,.jpg,.jpeg,.png,.webp,.docx,.xlsx" />
          </div>
        ) : null}
        <button type="submit" disabled={busy}>
          {t('motionUi.submit')}
        </button>
      </Form>
    </div>
  );
}
