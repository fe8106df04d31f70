/**
 * One meeting (issue 12): notice, agenda, attendance taken once, and per item the typed counts that a
 * second person confirms by typing the same numbers. Five conform forms (app/components/meeting/forms.tsx)
 * that work without JavaScript; the action reads them with one schema, and the workflow re-checks
 * every role and rule, so a refused form changes nothing and says why in the form it is about.
 */
import { tk } from '~/i18n/keys';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { parseWithZod } from '@conform-to/zod/v4';
import { invalidReply, tOf, translateParams, type IntentReply } from '~/admin-forms.server';
import { idParam, readForm } from '~/forms.server';
import { addAgendaItem, enterAttendance, enterItemCount, meetingPage, recordItemNotes } from '~/meetings.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDateTime } from '../../domain/calendar';
import { meetingFormId, meetingPageFormSchema, type MeetingPageForm } from '../../domain/meeting/page-forms';
import { AddItemForm, AttendanceForm, AttendanceNumbersForm, CountStatus, ItemCountForm, NotesForm } from '~/components/meeting/forms';

export const meta: MetaFunction = () => [{ title: '会议 · 民议' }];

const STAFF = ['party_secretary', 'party_committee_member', 'committee_member', 'supervisor'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId);
  const page = await meetingPage(community.id, idParam(params.meetingId), user.id);
  if (!page) throw new Response('Not Found', { status: 404 });
  return { community: { slug: community.slug }, userId: user.id, staff: roles.some((r) => (STAFF as readonly string[]).includes(r)), key: crypto.randomUUID(), ...page };
}

type Caller = Parameters<typeof addAgendaItem>[0];

/** A parsed form as the meeting's command (its idempotency key new when an old page posted none). */
function command(caller: Caller, meetingId: string, f: MeetingPageForm) {
  const idempotencyKey = f.key ?? crypto.randomUUID();
  switch (f.intent) {
    case 'add':
      return addAgendaItem(caller, meetingId, { idempotencyKey, motionId: f.motionId });
    case 'attendance':
      return enterAttendance(caller, meetingId, { idempotencyKey, presentIds: f.presentIds, scanRef: f.scanRef });
    case 'attendanceNumbers':
      return enterAttendance(caller, meetingId, { idempotencyKey, present: f.present, electorate: f.electorate, scanRef: f.scanRef });
    case 'count':
      return enterItemCount(caller, meetingId, { idempotencyKey, motionId: f.motionId, yes: f.yes, no: f.no, abstain: f.abstain, recusedIds: f.recusedIds, scanRef: f.scanRef });
    case 'notes':
      return recordItemNotes(caller, meetingId, { idempotencyKey, motionId: f.motionId, notes: f.notes });
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireRole(request, params.communityId, STAFF);
  const t = await tOf(request);
  const meetingId = idParam(params.meetingId);
  const submission = parseWithZod((await readForm(request)).formData, { schema: meetingPageFormSchema });
  const formId = meetingFormId(submission.payload);
  if (submission.status !== 'success') return invalidReply(formId, submission);
  const caller = { userId: auth.user.id, displayName: auth.user.displayName, roles: auth.roles, communityId: auth.community.id };
  const r = await command(caller, meetingId, submission.value);
  if (!r.ok) {
    const refusal = tk(t, r.key, translateParams(t, r.params));
    return data<IntentReply>({ intent: formId, reply: submission.reply({ formErrors: [refusal] }) }, { status: r.key === 'motion.errors.notPermitted' ? 403 : 409 });
  }
  throw redirect(`/c/${auth.community.slug}/meetings/${meetingId}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function MeetingPage() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
  const replyTo = (formId: string) => (a?.intent === formId ? a.reply : null);
  const m = d.meeting;
  const name = (id: string) => d.names[id] ?? id;
  const attendanceConfirmed = m.attendance.status === 'confirmed';
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.community.slug}/meetings`}>← {t('meeting.ui.list')}</Link>
      </p>
      <h1>{m.title}</h1>
      <dl className="card">
        <dt>{t('meeting.minutes.body')}</dt>
        <dd>{t(`meeting.bodies.${m.body}`)}</dd>
        <dt>{t('meeting.minutes.when')}</dt>
        <dd>{formatShanghaiDateTime(new Date(m.opensAt).getTime(), lang)}</dd>
        <dt>{t('meeting.minutes.where')}</dt>
        <dd>{m.location}</dd>
        <dt>{t('meeting.minutes.chair')}</dt>
        <dd>{m.chairId ? name(m.chairId) : '—'}</dd>
        <dt>{t('meeting.minutes.notice')}</dt>
        <dd>
          {formatShanghaiDateTime(new Date(m.noticeAt).getTime(), lang)}（{m.channels.map((c) => tk(t, `meeting.channels.${c}`)).join('、')}）
        </dd>
      </dl>
      <p>
        <Link to="minutes">{t('meeting.minutes.print')}</Link> · <a href={`/c/${d.community.slug}/meetings/${m.id}/minutes.pdf`}>{t('meeting.minutes.pdf')}</a>
      </p>

      <h2>{t('meeting.minutes.agenda')}</h2>
      <ol className="stack">
        {d.items.map((it) => (
          <li key={it.motionId} className="card">
            <h3>
              <Link to={`/c/${d.community.slug}/motions/${it.motionId}`}>{it.title}</Link>
            </h3>
            <CountStatus c={it.counts} name={name} />
            {it.delivered ? (
              <p>
                <strong>
                  {t('meeting.minutes.outcome')}：
                  {it.delivered.ok ? tk(t, `meeting.minutes.${it.delivered.outcome}`) : t('meeting.errors.itemRefused', { reason: tk(t, it.delivered.key) })}
                </strong>
              </p>
            ) : null}
            {d.staff && attendanceConfirmed && !it.delivered && it.counts.status !== 'confirmed' ? (
              <ItemCountForm motionId={it.motionId} roster={m.roster} formKey={d.key} lastResult={replyTo(`count-${it.motionId}`)} />
            ) : null}
            {d.staff && !it.delivered ? (
              <NotesForm motionId={it.motionId} notes={it.notes} formKey={d.key} lastResult={replyTo(`notes-${it.motionId}`)} />
            ) : null}
          </li>
        ))}
      </ol>
      {d.staff && m.attendance.status === 'empty' && d.addable.length > 0 ? (
        <AddItemForm addable={d.addable} formKey={d.key} lastResult={replyTo('add')} />
      ) : null}

      <h2>{t('meeting.minutes.attendance')}</h2>
      <CountStatus c={m.attendance} name={name} />
      {d.staff && !attendanceConfirmed && d.items.length > 0 ? (
        <>
          {m.body !== 'residents_meeting' ? <AttendanceForm roster={m.roster} formKey={d.key} lastResult={replyTo('attendance')} /> : null}
          <AttendanceNumbersForm entitled={m.body !== 'residents_meeting' ? d.entitled : null} formKey={d.key} lastResult={replyTo('attendanceNumbers')} />
        </>
      ) : null}
    </div>
  );
}
