import { parseWithZod } from '@conform-to/zod/v4';
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { data, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { AddVoter } from '~/components/election/AddVoter';
import { DemoNote, Done, ElectionNav, Key, Refusal, electionLinks, navItems, refusalText } from '~/components/election/ui';
import {
  IMPORT_MAX_BYTES,
  addVoter,
  authorizeElection,
  db,
  importsOf,
  logRegisterRead,
  pageBase,
  proxiesOf,
  removeVoter,
  searchVoters,
  uploadRegister,
} from '~/elections.server';
import { langOf, tOf } from '~/lang.server';
import { hasAnyRole } from '../../domain/roles';
import { ACTION_ROLES } from '../../domain/election/permissions';
import { manualVoterSchema, removeVoterSchema } from '../../domain/election/forms';
import { fieldsOf, firstIssue, formKey, idParam, readForm } from '~/forms.server';
import { tk } from '../i18n/keys';
import { registrationOpen } from '../../domain/election/phases';

export const links = electionLinks;
export const meta: MetaFunction = () => [{ title: '选民名单 · 民议' }];

const PAGE = 50;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'viewRegister');
  const base = await pageBase(access);
  const e = access.election;
  const seeIds = hasAnyRole(access.roles, ACTION_ROLES.viewRegisterIds) && (access.onCommittee || access.roles.includes('street_office_admin'));
  const visible = base.registerPublished || seeIds;
  const url = new URL(request.url);
  const q = (url.searchParams.get('q') ?? '').slice(0, 50);
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
  const list = visible ? await searchVoters(db(), e.id, { query: q, limit: PAGE, offset: (page - 1) * PAGE }) : { voters: [], total: 0 };
  if (visible && seeIds) await logRegisterRead(db(), { communityId: e.communityId, electionId: e.id, actor: access.user.id, query: q });
  const manage = access.onCommittee;
  return {
    ...base,
    visible,
    seeIds,
    manage,
    q,
    page,
    pages: Math.max(1, Math.ceil(list.total / PAGE)),
    total: list.total,
    voters: list.voters.map((v) => ({ ...v, idMasked: seeIds ? v.idMasked : null })),
    imports: manage ? (await importsOf(db(), e.id)).map((i) => ({ id: i.id, filename: i.filename, status: i.status, importedCount: i.importedCount, errorCount: i.errorCount })) : [],
    proxies: base.registerPublished ? await proxiesOf(db(), e.id) : [],
    editable: manage && registrationOpen(e.phase),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'manageRegister');
  const e = access.election;
  const { formData: form, files, fileError } = await readForm(request, { files: { field: 'file', kind: 'spreadsheet', maxBytes: IMPORT_MAX_BYTES } });
  if (fileError === 'attachments.errors.tooLarge') return data({ intent: 'upload', refusal: { key: 'election.errors.importTooLarge', params: { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 } } }, { status: 413 });
  if (fileError) return data({ intent: 'upload', refusal: { key: fileError === 'forms.errors.oneFile' ? fileError : 'forms.errors.spreadsheetType' } }, { status: 400 });
  const file = files[0];
  const intent = String(form.get('intent') ?? '');
  const key = formKey(form);
  if (intent === 'upload') {
    if (!file || file.content.length === 0) return data({ intent, refusal: { key: 'election.errors.importFileUnreadable' } }, { status: 400 });
    const r = await uploadRegister({ election: e, actor: access.actor, importId: key, filename: file.filename, bytes: Buffer.from(file.content) });
    if (!r.ok) return data({ intent, refusal: { key: r.key, params: r.params } }, { status: 400 });
    throw redirect(`/c/${access.community.slug}/elections/${e.id}/register/imports/${r.importId}`);
  }
  if (intent === 'remove') {
    const removal = removeVoterSchema.safeParse({ ...fieldsOf(form, 'voterId', 'reason'), objectionId: form.get('objectionId') || undefined });
    if (!removal.success) return data({ intent, refusal: firstIssue(removal.error) }, { status: 400 });
    const r = await removeVoter(db(), { electionId: e.id, actor: access.user.id, ...removal.data });
    if (!r.ok) return data({ intent, refusal: { key: r.key, params: r.params } }, { status: 400 });
    throw redirect(`${new URL(request.url).pathname}?done=remove`);
  }
  if (intent === 'add') {
    const submission = parseWithZod(form, { schema: manualVoterSchema });
    if (submission.status !== 'success') return data({ intent, reply: submission.reply() }, { status: 400 });
    const v = submission.value;
    const r = await addVoter(db(), {
      electionId: e.id,
      actor: access.user.id,
      voter: { name: v.name, idNumber: v.idNumber, gender: v.gender, group: v.group, householdId: v.householdId, phone: v.phone, basis: v.basis },
      objectionId: v.objectionId || undefined,
    });
    if (!r.ok) {
      const t = await tOf(request);
      const lang = await langOf(request);
      const fieldErrors: Record<string, string[]> = {};
      for (const x of ('rowErrors' in r ? r.rowErrors : undefined) ?? []) (fieldErrors[x.field] ??= []).push(refusalText(t as never, lang, x));
      return data({ intent, reply: submission.reply({ formErrors: Object.keys(fieldErrors).length ? [] : [refusalText(t as never, lang, r)], fieldErrors }) }, { status: 400 });
    }
    throw redirect(`${new URL(request.url).pathname}?done=add`);
  }
  throw new Response('Bad Request', { status: 400 });
}

export { FormErrorBoundary as ErrorBoundary } from '~/components/FormErrorBoundary';

export default function Register() {
  const { t } = useTranslation();
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const busy = useNavigation().state === 'submitting';
  const refusal = result && 'refusal' in result ? result.refusal : null;
  const pageHref = (page: number) => `?${new URLSearchParams({ ...(d.q ? { q: d.q } : {}), page: String(page) })}`;
  return (
    <div className="stack">
      <ElectionNav slug={d.slug} electionId={d.electionId} current="register" items={navItems(d)} />
      <h1>{t('electionUi.register.title')}</h1>
      <DemoNote dayMs={d.dayMs} />
      <Done text={!result && params.get('done') ? t('electionUi.actions.done') : null} />

      {d.editable ? (
        <section className="card" aria-labelledby="upload">
          <h2 id="upload">{t('electionUi.register.upload')}</h2>
          <p className="el-hint">{t('electionUi.register.uploadHint')}</p>
          {result?.intent === 'upload' ? <Refusal refusal={refusal} /> : null}
          <Form method="post" encType="multipart/form-data" className="el-form">
            <Key value={d.key} />
            <label htmlFor="file">{t('electionUi.register.file')}</label>
            <input id="file" name="file" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required />
            <button type="submit" name="intent" value="upload" disabled={busy}>
              {t('electionUi.register.uploadButton')}
            </button>
          </Form>
          {d.imports.length ? (
            <>
              <h3>{t('electionUi.register.imports')}</h3>
              <ul className="el-list">
                {d.imports.map((i) => (
                  <li key={i.id} className="el-row">
                    <Link className="el-grow" to={`imports/${i.id}`}>
                      {i.filename}
                    </Link>
                    <span>{t(`electionUi.import.status.${i.status}`)}</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      ) : null}

      {!d.visible ? <p className="el-warn">{t('electionUi.register.notPublished')}</p> : null}

      {d.visible ? (
        <section className="card" aria-labelledby="list">
          <h2 id="list">{t('electionUi.register.total', { count: d.total })}</h2>
          {d.seeIds ? <p className="el-hint">{t('electionUi.register.idsAudited')}</p> : null}
          <Form method="get" className="el-search" role="search">
            <label htmlFor="q" className="el-sr">
              {t('electionUi.register.search')}
            </label>
            <input id="q" name="q" type="text" defaultValue={d.q} placeholder={t('electionUi.register.search')} />
            <button type="submit" className="secondary">
              {t('electionUi.register.searchButton')}
            </button>
          </Form>
          {result?.intent === 'remove' ? <Refusal refusal={refusal} /> : null}
          <ul className="el-list">
            {d.voters.map((v) => (
              <li key={v.id}>
                <div className="el-row">
                  <strong className="el-grow">{v.name}</strong>
                  <span>{v.group}</span>
                  <span className="el-muted">{v.householdId}</span>
                </div>
                {d.seeIds ? (
                  <div className="el-row el-muted">
                    <span className="el-id">{v.idMasked}</span>
                    <span>{tk(t, `election.bases.${v.basis}`)}</span>
                    <span>{v.hasAccount ? t('electionUi.register.hasAccount') : t('electionUi.register.noAccount')}</span>
                  </div>
                ) : null}
                {d.editable ? (
                  <Form method="post" className="el-row">
                    <Key value={d.key} />
                    <input type="hidden" name="voterId" value={v.id} />
                    <label htmlFor={`reason-${v.id}`} className="el-sr">
                      {t('electionUi.register.removeReason')}
                    </label>
                    <input id={`reason-${v.id}`} name="reason" type="text" placeholder={t('electionUi.register.removeReason')} required />
                    <button type="submit" name="intent" value="remove" className="secondary">
                      {t('electionUi.register.remove')}
                    </button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
          {d.pages > 1 ? (
            <p className="el-row">
              {d.page > 1 ? <Link to={pageHref(d.page - 1)}>{t('electionUi.register.prev')}</Link> : null}
              <span>{t('electionUi.register.page', { page: d.page })}</span>
              {d.page < d.pages ? <Link to={pageHref(d.page + 1)}>{t('electionUi.register.next')}</Link> : null}
            </p>
          ) : null}
        </section>
      ) : null}

      {d.editable ? (
        <section className="card" aria-labelledby="add">
          <h2 id="add">{t('electionUi.register.addTitle')}</h2>
          <AddVoter keyValue={d.key} lastResult={result?.intent === 'add' && 'reply' in result ? result.reply : undefined} />
        </section>
      ) : null}

      {d.registerPublished ? (
        <section className="card" aria-labelledby="proxies">
          <h2 id="proxies">{t('electionUi.register.proxies')}</h2>
          {d.proxies.length === 0 ? <p>{t('electionUi.register.noProxies')}</p> : null}
          <ul className="el-list">
            {d.proxies.map((p) => (
              <li key={p.giverVoterId}>{t('electionUi.register.proxyRow', { giver: p.giverName, holder: p.holderName, relationship: p.relationship })}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

