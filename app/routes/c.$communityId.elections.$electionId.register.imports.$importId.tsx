import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { ElectionNav, electionLinks, navItems, refusalText, useLang } from '~/components/election/ui';
import { authorizeElection, db, importById, importFinished, pageBase } from '~/elections.server';
import { idParam } from '~/forms.server';

export const links = electionLinks;

/** While the import runs the page refreshes itself every 2 s: no JavaScript needed. */
export const meta: MetaFunction<typeof loader> = ({ data: d }) => [
  { title: '导入选民名单 · 民议' },
  ...(d && !d.finished ? [{ httpEquiv: 'refresh', content: '2' } as const] : []),
];

const SHOWN = 200;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const access = await authorizeElection(request, params.communityId, idParam(params.electionId), 'manageRegister');
  const imp = await importById(db(), access.election.id, idParam(params.importId));
  if (!imp) throw new Response('Not Found', { status: 404 });
  return {
    ...(await pageBase(access)),
    imp: { ...imp, errors: imp.errors.slice(0, SHOWN) },
    finished: importFinished(imp.status),
  };
}

export default function ImportProgress() {
  const { t } = useTranslation();
  const lang = useLang();
  const d = useLoaderData<typeof loader>();
  const { imp } = d;
  const total = imp.totalRows ?? 0;
  return (
    <div className="stack">
      <ElectionNav slug={d.slug} electionId={d.electionId} current="register" items={navItems(d)} />
      <h1>{t('electionUi.import.title')}</h1>
      <p>{t('electionUi.import.file', { name: imp.filename })}</p>
      <section className="card" aria-live="polite">
        <h2>{t(`electionUi.import.status.${imp.status}`)}</h2>
        {!d.finished ? (
          <>
            <progress className="el-progress" value={imp.processedRows} max={Math.max(total, 1)} aria-label={t(`electionUi.import.status.${imp.status}`)} />
            <p>{t('electionUi.import.progress', { done: imp.processedRows, total })}</p>
            <p className="el-hint">{t('electionUi.import.refreshing')}</p>
          </>
        ) : null}
        {imp.status === 'imported' ? <p className="el-ok">{t('electionUi.import.imported', { count: imp.importedCount })}</p> : null}
        {imp.failureKey ? (
          <p className="form-error" role="alert">
            {refusalText(t as never, lang, { key: imp.failureKey, params: imp.failureParams ?? undefined })}
          </p>
        ) : null}
        {imp.status === 'rejected' && imp.errorCount > 0 ? (
          <>
            <p className="form-error" role="alert">
              {t('electionUi.import.errors', { count: imp.errorCount, shown: Math.min(imp.errorCount, imp.errors.length) })}
            </p>
            <div className="table-wrap">
              <table className="el-table">
                <thead>
                  <tr>
                    <th scope="col">{t('electionUi.import.row')}</th>
                    <th scope="col">{t('electionUi.import.field')}</th>
                    <th scope="col">{t('electionUi.import.problem')}</th>
                  </tr>
                </thead>
                <tbody>
                  {imp.errors.map((e, i) => (
                    <tr key={i}>
                      <td>{e.row}</td>
                      <td>{t(`election.fields.${e.field}`)}</td>
                      <td>{refusalText(t as never, lang, e)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : null}
      </section>
      <p>
        <Link to={`/c/${d.slug}/elections/${d.electionId}/register`} className="button secondary">
          {t('electionUi.import.back')}
        </Link>
      </p>
    </div>
  );
}
