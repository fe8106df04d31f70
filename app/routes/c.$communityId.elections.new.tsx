import { getFormProps, getInputProps, getSelectProps } from '@conform-to/react';
import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { Field, FormErrors } from '~/components/Field';
import { DemoNote, electionLinks, refusalText } from '~/components/election/ui';
import { authorizeCommunity, communityPeople, createElection, db, electionDayMs, vacanciesToday } from '~/elections.server';
import { langOf, tOf } from '~/lang.server';
import { ELECTION_MODES } from '../../domain/election/plan';
import { setupFormSchema, setupSeats } from '../../domain/election/forms';
import { readForm } from '~/forms.server';
import { tk } from '../i18n/keys';
import { useZodForm } from '~/components/useZodForm';

export const links = electionLinks;
export const meta: MetaFunction = () => [{ title: '开始新的换届选举 · 民议' }];

/** `?kind=by-election`: 补选 of the sitting committee's vacant seats (DOMAIN.md §4.8). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await authorizeCommunity(request, params.communityId, 'create');
  const people = await communityPeople(db(), community.id);
  const byElection = new URL(request.url).searchParams.get('kind') === 'by-election';
  const t = await tOf(request);
  const v = byElection ? await vacanciesToday(community.id) : null;
  return {
    slug: community.slug,
    electionId: crypto.randomUUID(),
    dayMs: await electionDayMs(db(), community.id),
    people: people.map((p) => ({ userId: p.userId, name: p.name, roles: p.roles })),
    byElection: v
      ? {
          termEndsOn: v.term?.endsOn ?? null,
          vacancies: v.vacancies,
          blocked: v.possible.ok ? null : refusalText(t as never, await langOf(request), v.possible),
          deadline: v.deadline ? { status: v.deadline.status, text: t(`notify.byElection.${v.deadline.status}`, { since: v.deadline.since, dueOn: v.deadline.dueOn, days: Math.abs(v.deadline.daysLeft) }) } : null,
        }
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { community, user } = await authorizeCommunity(request, params.communityId, 'create');
  const submission = parseWithZod((await readForm(request)).formData, { schema: setupFormSchema });
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 });
  const v = submission.value;
  const result = await createElection({
    electionId: v.electionId,
    title: v.title,
    committee: v.committee,
    chair: v.chair,
    plan: {
      electionDay: v.electionDay,
      mode: v.mode,
      seats: setupSeats(v),
      memberMargin: v.memberMargin,
      pollingPlaces: [v.pollingPlace],
      onlineVoting: v.online ? { enabled: true, approvalRef: v.approvalRef ?? '' } : { enabled: false },
    },
    byElection: v.byElection,
    actor: { userId: user.id },
    communityId: community.id,
  });
  if (!result.ok) {
    const t = await tOf(request);
    return data(submission.reply({ formErrors: [refusalText(t as never, await langOf(request), result)] }), { status: 400 });
  }
  throw redirect(`/c/${community.slug}/elections/${result.electionId}`);
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function NewElection() {
  const { t } = useTranslation();
  const { slug, electionId, people, dayMs, byElection } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const busy = useNavigation().state === 'submitting';
  const seats = byElection ? byElection.vacancies : { director: 1, deputy: 1, member: 3 };
  const [form, fields] = useZodForm(setupFormSchema, {
    lastResult,
    defaultValue: { electionId, director: String(seats.director), deputy: String(seats.deputy), member: String(seats.member), memberMargin: '1', mode: 'direct' },
  });
  const err = (errors?: string[]) => (errors?.length ? <p className="field-error">{tk(t, errors[0]!)}</p> : null);
  const committeeValues = new Set((fields.committee.value as string[] | string | undefined) ? [fields.committee.value].flat() : []);
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${slug}/elections`}>← {t('electionUi.nav.list')}</Link>
      </p>
      <h1>{t(byElection ? 'electionUi.setup.byElectionTitle' : 'electionUi.setup.title')}</h1>
      <p className="muted">{byElection ? t('electionUi.setup.byElectionIntro', { termEndsOn: byElection.termEndsOn ?? '—' }) : t('electionUi.setup.intro')}</p>
      <DemoNote dayMs={dayMs} />
      {byElection?.deadline ? (
        <p className={byElection.deadline.status === 'open' ? undefined : 'form-error'} role={byElection.deadline.status === 'open' ? 'status' : 'alert'}>
          {byElection.deadline.text}
        </p>
      ) : null}
      {byElection?.blocked ? (
        <p className="form-error" role="alert">
          {byElection.blocked}
        </p>
      ) : (
        <Form method="post" className="form card el-form" {...getFormProps(form)}>
          <FormErrors errors={form.errors} />
          <input {...getInputProps(fields.electionId, { type: 'hidden' })} />
          {byElection ? <input type="hidden" name={fields.byElection.name} value="on" /> : null}
          <Field meta={fields.title} label={t('electionUi.setup.name')} placeholder={t(byElection ? 'electionUi.setup.byElectionNamePlaceholder' : 'electionUi.setup.namePlaceholder')} />
          <Field meta={fields.electionDay} label={t('electionUi.setup.electionDay')} type="date" />
          <div>
            <label htmlFor={fields.mode.id}>{t('electionUi.setup.mode')}</label>
            <select {...getSelectProps(fields.mode)}>
              {ELECTION_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`election.modes.${m}`)}
                </option>
              ))}
            </select>
            {err(fields.mode.errors)}
          </div>
          <SeatsFields fields={fields} byElection={byElection?.vacancies ?? null} />
          <Field meta={fields.memberMargin} label={t('electionUi.setup.memberMargin')} type="number" min={1} max={3} inputMode="numeric" />
          <Field meta={fields.pollingPlace} label={t('electionUi.setup.pollingPlace')} />
          <fieldset className="el-checks">
            <legend>{t('electionUi.setup.committee')}</legend>
            <p className="el-hint">{t('electionUi.setup.committeeHint')}</p>
            {people.map((p) => (
              <label key={p.userId} className="el-check">
                <input type="checkbox" name={fields.committee.name} value={p.userId} defaultChecked={committeeValues.has(p.userId)} />
                <span>
                  {p.name} <span className="el-muted">{p.roles.map((r) => tk(t, `roles.${r}`)).join('、')}</span>
                </span>
              </label>
            ))}
            {err(fields.committee.errors)}
          </fieldset>
          <div>
            <label htmlFor={fields.chair.id}>{t('electionUi.setup.chair')}</label>
            <select {...getSelectProps(fields.chair)}>
              <option value="">{t('electionUi.setup.chooseChair')}</option>
              {people.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name}
                </option>
              ))}
            </select>
            {err(fields.chair.errors)}
          </div>
          <fieldset className="el-checks">
            <legend>{t('electionUi.setup.online')}</legend>
            <label className="el-check">
              <input {...getInputProps(fields.online, { type: 'checkbox' })} />
              <span>{t('electionUi.setup.onlineLabel')}</span>
            </label>
            <Field meta={fields.approvalRef} label={t('electionUi.setup.approvalRef')} />
            <p className="el-hint">{t('electionUi.setup.approvalHint')}</p>
          </fieldset>
          <button type="submit" disabled={busy}>
            {t(byElection ? 'electionUi.setup.byElectionSubmit' : 'electionUi.setup.submit')}
          </button>
        </Form>
      )}
    </div>
  );
}

type SetupFields = ReturnType<typeof useZodForm<typeof setupFormSchema>>[1];

/** Seats per office: a general election's director is fixed at 1; a by-election offers the vacant seats. */
function SeatsFields({ fields, byElection }: { fields: SetupFields; byElection: { director: number; deputy: number; member: number } | null }) {
  const { t } = useTranslation();
  return (
    <fieldset className="el-checks">
      <legend>{t('electionUi.setup.seats')}</legend>
      <p className="el-hint">{byElection ? t('electionUi.setup.vacancies', byElection) : t('electionUi.setup.seatsHint')}</p>
      <div className="el-inline-fields">
        {byElection ? (
          <Field meta={fields.director} label={t('electionUi.setup.director')} type="number" min={0} max={1} inputMode="numeric" />
        ) : (
          <div>
            <label htmlFor="director-fixed">{t('electionUi.setup.director')}</label>
            <input id="director-fixed" type="number" value={1} readOnly aria-readonly="true" />
          </div>
        )}
        <Field meta={fields.deputy} label={t('electionUi.setup.deputy')} type="number" min={0} max={8} inputMode="numeric" />
        <Field meta={fields.member} label={t('electionUi.setup.member')} type="number" min={byElection ? 0 : 1} max={8} inputMode="numeric" />
      </div>
    </fieldset>
  );
}
