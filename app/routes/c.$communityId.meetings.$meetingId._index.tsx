/**
 * One meeting (issue 12): notice, agenda, attendance taken once, and per item the typed counts that a
 * second person confirms by typing the same numbers. Plain forms (work without JavaScript); the
 * workflow re-checks every role and rule, so a refused form changes nothing.
 */
import { tk } from '~/i18n/keys';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useRouteLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { requireRole } from '~/auth.server';
import { formKey, idParam, readForm } from '~/forms.server';
import { addAgendaItem, enterAttendance, enterItemCount, meetingPage, recordItemNotes } from '~/meetings.server';
import type { loader as rootLoader } from '~/root';
import { formatShanghaiDateTime } from '../../domain/calendar';
import { attendanceEntrySchema, itemCountSchema, itemNotesSchema } from '../../domain/meeting/schemas';
import { AttendanceForm, AttendanceNumbersForm, CountStatus, ItemCountForm } from '~/components/meeting/forms';

export const meta: MetaFunction = () => [{ title: '会议 · 民议' }];

const STAFF = ['party_secretary', 'party_committee_member', 'committee_member', 'supervisor'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId);
  const page = await meetingPage(community.id, idParam(params.meetingId), user.id);
  if (!page) throw new Response('Not Found', { status: 404 });
  return { community: { slug: community.slug }, userId: user.id, staff: roles.some((r) => (STAFF as readonly string[]).includes(r)), key: crypto.randomUUID(), ...page };
}

const num = (v: FormDataEntryValue | null) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v);

export async function action({ request, params }: ActionFunctionArgs) {
  const auth = await requireRole(request, params.communityId, STAFF);
  const meetingId = idParam(params.meetingId);
  const { formData: f } = await readForm(request);
  const caller = { userId: auth.user.id, displayName: auth.user.displayName, roles: auth.roles, communityId: auth.community.id };
  const idempotencyKey = formKey(f);
  const intent = f.get('intent');
  let r: { ok: true } | { ok: false; key: string; params?: Record<string, string | number> };
  if (intent === 'add') {
    const motionId = f.get('motionId');
    if (typeof motionId !== 'string' || motionId.length > 64) return data({ error: 'form.invalid' }, { status: 400 });
    r = await addAgendaItem(caller, meetingId, { idempotencyKey, motionId });
  } else if (intent === 'attendance') {
    const p = attendanceEntrySchema.safeParse({ idempotencyKey, presentIds: f.getAll('presentIds'), scanRef: f.get('scanRef') });
    if (!p.success) return data({ error: p.error.issues[0]?.message ?? 'form.invalid' }, { status: 400 });
    r = await enterAttendance(caller, meetingId, p.data);
  } else if (intent === 'attendanceNumbers') {
    const p = attendanceEntrySchema.safeParse({
      idempotencyKey,
      present: num(f.get('present')),
      electorate: num(f.get('electorate')),
      proxies: num(f.get('proxies')),
      scanRef: f.get('scanRef'),
    });
    if (!p.success) return data({ error: p.error.issues[0]?.message ?? 'form.invalid' }, { status: 400 });
    r = await enterAttendance(caller, meetingId, p.data);
  } else if (intent === 'count') {
    const p = itemCountSchema.safeParse({
      idempotencyKey,
      motionId: f.get('motionId'),
      yes: num(f.get('yes')),
      no: num(f.get('no')),
      abstain: num(f.get('abstain')),
      recusedIds: f.getAll('recusedIds'),
      scanRef: f.get('scanRef'),
    });
    if (!p.success) return data({ error: p.error.issues[0]?.message ?? 'form.invalid' }, { status: 400 });
    r = await enterItemCount(caller, meetingId, p.data);
  } else if (intent === 'notes') {
    const p = itemNotesSchema.safeParse({ idempotencyKey, motionId: f.get('motionId'), notes: f.get('notes') });
    if (!p.success) return data({ error: p.error.issues[0]?.message ?? 'form.invalid' }, { status: 400 });
    r = await recordItemNotes(caller, meetingId, p.data);
  } else {
    return data({ error: 'form.invalid' }, { status: 400 });
  }
  if (!r.ok) return data({ error: r.key, params: r.params ?? {} }, { status: r.key === 'motion.errors.notPermitted' ? 403 : 400 });
  throw redirect(`/c/${auth.community.slug}/meetings/${meetingId}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function MeetingPage() {
  const { t } = useTranslation();
  const lang = useRouteLoaderData<typeof rootLoader>('root')!.lang;
  const d = useLoaderData<typeof loader>();
  const a = useActionData<typeof action>();
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
      {a?.error ? (
        <p className="form-error" role="alert">
          {tk(t, a.error, ('params' in a ? a.params : {}) as Record<string, string | number>)}
        </p>
      ) : null}
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
              <ItemCountForm motionId={it.motionId} roster={m.roster} formKey={d.key} />
            ) : null}
            {d.staff && !it.delivered ? (
              <Form method="post" className="form">
                <input type="hidden" name="key" value={d.key} />
                <input type="hidden" name="intent" value="notes" />
                <input type="hidden" name="motionId" value={it.motionId} />
                <label htmlFor={`notes-${it.motionId}`}>{t('meeting.minutes.notes')}</label>
                <textarea id={`notes-${it.motionId}`} name="notes" rows={3} maxLength={10000} defaultValue={it.notes ?? ''} />
                <button type="submit" className="secondary">
                  {t('meeting.ui.saveNotes')}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ol>
      {d.staff && m.attendance.status === 'empty' && d.addable.length > 0 ? (
        <Form method="post" className="form card">
          <input type="hidden" name="key" value={d.key} />
          <input type="hidden" name="intent" value="add" />
          <label htmlFor="motionId">{t('meeting.ui.addItem')}</label>
          <select id="motionId" name="motionId">
            {d.addable.map((x) => (
              <option key={x.id} value={x.id}>
                #{x.number} {x.title}
              </option>
            ))}
          </select>
          <button type="submit">{t('meeting.ui.addItemSubmit')}</button>
        </Form>
      ) : null}

      <h2>{t('meeting.minutes.attendance')}</h2>
      <CountStatus c={m.attendance} name={name} />
      {d.staff && !attendanceConfirmed && d.items.length > 0 ? (
        <>
          {m.body !== 'residents_meeting' ? <AttendanceForm roster={m.roster} formKey={d.key} /> : null}
          <AttendanceNumbersForm entitled={m.body !== 'residents_meeting' ? d.entitled : null} formKey={d.key} />
        </>
      ) : null}
    </div>
  );
}
