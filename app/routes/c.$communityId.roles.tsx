/**
 * 组织与身份: grant a role from a date, end it on a date (who and why kept), the history, and the
 * representatives' roster with DOMAIN.md's composition warnings and attendance this year.
 */
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useActionData, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { endRoleAs, grantRoleAs, recordRecallAs, listPeople, representativesRoster, roleHistory, todayInShanghai, type MembershipRow } from '~/admin.server';
import { byElectionWarning } from '~/elections.server';
import { invalidReply, outcomeReply, tOf } from '~/admin-forms.server';
import { requireRole } from '~/auth.server';
import { Done, Section } from '~/components/admin/forms';
import { EndRoleForm, GrantForm, RecallForm } from '~/components/admin/RoleForms';
import { db } from '~/data.server';
import { readForm } from '~/forms.server';
import { ROLE_ADMINS, endRoleSchema, grantSchema } from '../../domain/admin/roles';
import { hasAnyRole } from '../../domain/roles';
import { dataT, tk } from '../i18n/keys';
import { RECALL_RECORDERS, recallSchema } from '../../domain/admin/recall';

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
  const { formData: form } = await readForm(request);
  const intent = String(form.get('intent'));
  const caller = { userId: user.id, roles, communityId: community.id };
  if (intent === 'grant') {
    const submission = parseWithZod(form, { schema: grantSchema });
    if (submission.status !== 'success') return invalidReply(intent, submission);
    // The grant form keeps what was typed after a grant, as it always did: the next grant is often alike.
    return outcomeReply(t, intent, submission, await grantRoleAs(caller, submission.value), () => t('admin.roles.granted'), { keep: true });
  }
  if (intent === 'end') {
    // One form per held role: the reply names the membership, so only its form shows it.
    const submission = parseWithZod(form, { schema: endRoleSchema });
    const which = `end-${String(form.get('membershipId')).slice(0, 40)}`;
    if (submission.status !== 'success') return invalidReply(which, submission);
    return outcomeReply(t, which, submission, await endRoleAs(caller, submission.value), () => t('admin.roles.ended'));
  }
  if (intent === 'recall') {
    if (!hasAnyRole(roles, RECALL_RECORDERS)) throw new Response('Forbidden', { status: 403 });
    const submission = parseWithZod(form, { schema: recallSchema });
    if (submission.status !== 'success') return invalidReply(intent, submission);
    const r = await recordRecallAs(caller, submission.value);
    return outcomeReply(t, intent, submission, r, () => t(r.ok && r.passed ? 'admin.recall.passed' : 'admin.recall.failed'));
  }
  throw new Response('Bad Request', { status: 400 });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

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
  const result = useActionData<typeof action>();
  const replyOf = (intent: string) => (result?.intent === intent ? result.reply : null);
  const doneOf = (intent: string) => (result?.intent === intent ? result.done : undefined);
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
      <Done text={result?.intent.startsWith('end-') ? result.done : undefined} />
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
                <EndRoleForm membershipId={m.id} label={`${m.name} ${t(`roles.${m.role}`)}`} today={d.today} lastResult={replyOf(`end-${m.id}`)} />
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
          <Done text={doneOf('recall')} />
          <RecallForm
            members={current.filter((m) => m.role === 'committee_member' && !m.endedAt).map((m) => ({ value: m.id, label: `${m.name} · ${attrsText(dataT(t), m)}` }))}
            today={d.today}
            lastResult={replyOf('recall')}
          />
        </Section>
      ) : null}
      {d.mayEdit ? (
        <Section title={t('admin.roles.grant')} id="grant">
          <Done text={doneOf('grant')} />
          <GrantForm people={d.people.map((p) => ({ value: p.id, label: p.label }))} today={d.today} lastResult={replyOf('grant')} />
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

