/**
 * 组织与身份: grant a role from a date, end it on a date (who and why kept), the history, and the
 * representatives' roster with DOMAIN.md's composition warnings and attendance this year.
 */
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { endRoleAs, grantRoleAs, recordRecallAs, listPeople, representativesRoster, roleHistory, todayInShanghai, type MembershipRow } from '~/admin.server';
import { byElectionWarning } from '~/elections.server';
import { done, invalid, refused, tOf } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Checkbox, Input, Reply, Section, Select, type FormReply } from '~/components/admin/forms';
import { db } from '~/data.server';
import { COMMITTEE_OFFICES, ROLE_ADMINS, endRoleSchema, grantSchema } from '../../domain/admin/roles';
import { COMMUNITY_ROLES, hasAnyRole } from '../../domain/roles';
import { tk } from '../i18n/keys';
import { dataT } from '../i18n/keys';
import { PETITION_BASES, RECALL_RECORDERS, recallSchema } from '../../domain/admin/recall';

export const meta: MetaFunction = () => [{ title: '组织与身份 · 民议' }];

const READERS = [...ROLE_ADMINS, 'supervisor'] as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, roles } = await requireRole(request, params.communityId, READERS);
  const t = await tOf(request);
  const mayEdit = hasAnyRole(roles, ROLE_ADMINS);
  const [history, roster, people, byElection] = await Promise.all([
    roleHistory(db(), community.id),
    representativesRoster(db(), community.id),
    mayEdit ? listPeople(db(), community.id) : Promise.resolve([]),
    byElectionWarning(community.id),
  ]);
  return {
    slug: community.slug,
    mayEdit,
    mayRecall: hasAnyRole(roles, RECALL_RECORDERS),
    today: todayInShanghai(),
    history,
    representatives: roster.representatives,
    warnings: roster.warnings.map((w) => tk(t, w.key, w.params)),
    byElection: byElection ? { text: t(`notify.byElection.${byElection.status}`, { since: byElection.since, dueOn: byElection.dueOn, days: Math.abs(byElection.daysLeft) }), urgent: byElection.status !== 'open' } : null,
    people: people.map((p) => ({ id: p.id, label: [p.name, p.groupName, p.building].filter(Boolean).join(' · ') })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, community, roles } = await requireRole(request, params.communityId, ROLE_ADMINS);
  const t = await tOf(request);
  const form = await request.formData();
  const intent = String(form.get('intent'));
  const caller = { userId: user.id, roles, communityId: community.id };
  if (intent === 'grant') {
    const p = grantSchema.safeParse(Object.fromEntries(form));
    if (!p.success) return invalid(t, intent, form, p.error);
    const r = await grantRoleAs(caller, p.data);
    return r.ok ? done(intent, t('admin.roles.granted')) : refused(t, intent, form, r);
  }
  if (intent === 'end') {
    const p = endRoleSchema.safeParse(Object.fromEntries(form));
    if (!p.success) return invalid(t, intent, form, p.error);
    const r = await endRoleAs(caller, p.data);
    return r.ok ? done(intent, t('admin.roles.ended')) : refused(t, intent, form, r);
  }
  if (intent === 'recall') {
    if (!hasAnyRole(roles, RECALL_RECORDERS)) throw new Response('Forbidden', { status: 403 });
    const p = recallSchema.safeParse(Object.fromEntries(form));
    if (!p.success) return invalid(t, intent, form, p.error);
    const r = await recordRecallAs(caller, p.data);
    return r.ok ? done(intent, t(r.passed ? 'admin.recall.passed' : 'admin.recall.failed')) : refused(t, intent, form, r);
  }
  throw new Response('Bad Request', { status: 400 });
}

function attrsText(t: (k: string) => string, m: MembershipRow) {
  const a = m.attrs as { office?: string; constituency?: string; full_member?: boolean; is_chair?: boolean; group?: string };
  return [
    a.office ? t(`admin.roles.offices.${a.office}`) : '',
    a.constituency ?? a.group ?? '',
    a.full_member ? t('admin.roles.fullMember') : '',
    a.is_chair ? t('admin.roles.isChair') : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

export default function Roles() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const reply = useActionData<FormReply>();
  const current = d.history.filter((m) => m.current || m.endsOn === null || m.endsOn >= d.today);
  const past = d.history.filter((m) => !current.includes(m));
  const term = (m: MembershipRow) => t('admin.roles.term', { start: m.startsOn, end: m.endsOn ?? t('admin.roles.openEnd') });
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${d.slug}`}>← {t('app.home')}</Link>
      </p>
      <h1>{t('admin.roles.title')}</h1>
      <p className="muted">{t('admin.roles.intro')}</p>
      <Reply reply={reply} intent="end" />
      <Section title={t('admin.roles.current')} id="current">
        <ul className="cards">
          {current.map((m) => (
            <li key={m.id} className="card">
              <p>
                <strong>{m.name}</strong> · {t(`roles.${m.role}`)} {attrsText(dataT(t), m)}
              </p>
              <p className="small">{term(m)}</p>
              <p className="small muted">{t('admin.roles.grantedBy', { name: m.grantedBy ?? '—', reason: m.grantReason ?? m.source ?? '' })}</p>
              {d.mayEdit && !m.endedAt ? (
                <Form method="post" className="form">
                  <input type="hidden" name="intent" value="end" />
                  <input type="hidden" name="membershipId" value={m.id} />
                  <Input name="endsOn" type="date" label={`${t('admin.roles.end')}：${m.name} ${t(`roles.${m.role}`)}`} defaultValue={d.today} required />
                  <Input name="reason" label={t('admin.roles.reason')} required intent={`end-${m.id}`} />
                  <button type="submit" className="secondary">
                    {t('admin.roles.endSubmit')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      </Section>
      <Section title={t('admin.roles.representatives')} id="representatives">
        <h3>{t('admin.roles.warningsTitle')}</h3>
        {d.warnings.length ? (
          <div role="status">
            <ul className="plain-list">
              {d.warnings.map((w) => (
                <li key={w}>⚠ {w}</li>
              ))}
            </ul>
          </div>
        ) : (
          <p>{t('admin.roles.noWarnings')}</p>
        )}
        <ul className="people">
          {d.representatives.map((r) => (
            <li key={r.userId}>
              <span className="person-name">{r.name}</span>
              <span className="person-role">{r.constituency}</span>
              <span>{t('admin.roles.attendance', { attended: r.attended, meetings: r.meetings })}</span>
            </li>
          ))}
        </ul>
        {d.byElection ? (
          <p className={d.byElection.urgent ? 'form-error' : undefined} role={d.byElection.urgent ? 'alert' : 'status'}>
            {d.byElection.text}
          </p>
        ) : null}
        <p className="muted">{t('admin.roles.recallHint')}</p>
        <p className="inline">
          <Link to={`/c/${d.slug}/elections/new?kind=by-election`}>{t('admin.roles.byElection')}</Link>
          {d.mayRecall ? (
            <>
              {' · '}
              <a href="#recall">{t('admin.roles.recall')}</a>
            </>
          ) : null}
        </p>
      </Section>
      {d.mayRecall ? (
        <Section title={t('admin.recall.title')} id="recall">
          <p className="muted">{t('admin.recall.intro')}</p>
          <Reply reply={reply} intent="recall" />
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="recall" />
            <Select
              name="membershipId"
              label={t('admin.recall.member')}
              reply={reply}
              intent="recall"
              options={[{ value: '', label: '—' }, ...current.filter((m) => m.role === 'committee_member' && !m.endedAt).map((m) => ({ value: m.id, label: `${m.name} · ${attrsText(dataT(t), m)}` }))]}
            />
            <Select name="petitionBasis" label={t('admin.recall.petitionBasis')} reply={reply} intent="recall" options={PETITION_BASES.map((b) => ({ value: b, label: t(`admin.recall.bases.${b}`) }))} />
            <Input name="petitionSigners" type="number" inputMode="numeric" min={0} label={t('admin.recall.petitionSigners')} reply={reply} intent="recall" required />
            <Input name="petitionBase" type="number" inputMode="numeric" min={1} label={t('admin.recall.petitionBase')} reply={reply} intent="recall" required />
            <Input name="memberReply" label={t('admin.recall.memberReply')} reply={reply} intent="recall" required />
            <Input name="meetingOn" type="date" label={t('admin.recall.meetingOn')} reply={reply} intent="recall" defaultValue={d.today} required />
            <Input name="meetingMembers" type="number" inputMode="numeric" min={1} label={t('admin.recall.meetingMembers')} reply={reply} intent="recall" required />
            <Input name="present" type="number" inputMode="numeric" min={0} label={t('admin.recall.present')} reply={reply} intent="recall" required />
            <Input name="yes" type="number" inputMode="numeric" min={0} label={t('admin.recall.yes')} reply={reply} intent="recall" required />
            <button type="submit">{t('admin.recall.submit')}</button>
          </Form>
        </Section>
      ) : null}
      {d.mayEdit ? (
        <Section title={t('admin.roles.grant')} id="grant">
          <Reply reply={reply} intent="grant" />
          <Form method="post" className="form">
            <input type="hidden" name="intent" value="grant" />
            <Select name="personId" label={t('admin.roles.person')} reply={reply} intent="grant" options={[{ value: '', label: '—' }, ...d.people.map((p) => ({ value: p.id, label: p.label }))]} />
            <Select name="role" label={t('admin.roles.role')} reply={reply} intent="grant" options={COMMUNITY_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))} />
            <Select name="office" label={t('admin.roles.office')} reply={reply} intent="grant" options={COMMITTEE_OFFICES.map((o) => ({ value: o, label: t(`admin.roles.offices.${o}`) }))} defaultValue="member" />
            <Input name="constituency" label={t('admin.roles.constituency')} reply={reply} intent="grant" />
            <Checkbox name="fullMember" label={t('admin.roles.fullMember')} defaultChecked />
            <Checkbox name="isChair" label={t('admin.roles.isChair')} />
            <Input name="startsOn" type="date" label={t('admin.roles.startsOn')} reply={reply} intent="grant" defaultValue={d.today} required />
            <Input name="endsOn" type="date" label={t('admin.roles.endsOn')} reply={reply} intent="grant" />
            <Input name="reason" label={t('admin.roles.reason')} reply={reply} intent="grant" required />
            <button type="submit">{t('admin.roles.submit')}</button>
          </Form>
        </Section>
      ) : null}
      <Section title={t('admin.roles.history')} id="history">
        <ul className="people">
          {past.map((m) => (
            <li key={m.id}>
              <span className="person-name">{m.name}</span>
              <span className="person-role">
                {t(`roles.${m.role}`)} {attrsText(dataT(t), m)} · {term(m)}
              </span>
              <span className="small muted">{m.endedBy ? t('admin.roles.endedBy', { name: m.endedBy, reason: m.endReason ?? '' }) : ''}</span>
            </li>
          ))}
        </ul>
      </Section>
    </div>
  );
}

