/**
 * 操作记录: the community's audit log for the supervision committee and the street office — who did
 * what and when, old and new values; filterable; `?format=csv` downloads the same rows as CSV with
 * cells safe against formula injection. Read-only: this route has no action.
 */
import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { useTranslation } from 'react-i18next';
import { auditEntries } from '~/admin.server';
import { requireRole } from '~/auth.server';
import { Input } from '~/components/admin/forms';
import { db } from '~/data.server';
import { toCsv } from '../../domain/admin/csv';
import { AUDIT_READERS } from '../../domain/admin/roles';
import { dataT } from '../i18n/keys';

export const meta: MetaFunction = () => [{ title: '操作记录 · 民议' }];

const day = (v: string | null) => (v && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined);
const short = (v: string | null, n: number) => (v ? v.trim().slice(0, n) || undefined : undefined);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireRole(request, params.communityId, AUDIT_READERS);
  const url = new URL(request.url);
  const q = url.searchParams;
  const filter = { action: short(q.get('action'), 60), actor: short(q.get('actor'), 50), from: day(q.get('from')), to: day(q.get('to')) };
  const csv = q.get('format') === 'csv';
  const rows = await auditEntries(db(), community.id, { ...filter, limit: csv ? 50_000 : 300 });
  if (csv) {
    const body = toCsv(
      ['at', 'actor', 'action', 'subject_type', 'subject_id', 'old', 'new', 'details'],
      rows.map((r) => {
        const { old, new: next, ...rest } = r.details as { old?: unknown; new?: unknown };
        return [r.at.toISOString(), r.actor ?? '', r.action, r.subjectType ?? '', r.subjectId ?? '', old ?? '', next ?? '', Object.keys(rest).length ? rest : ''];
      }),
    );
    return new Response(body, {
      headers: { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="audit-${community.slug}.csv"` },
    });
  }
  return {
    slug: community.slug,
    filter,
    rows: rows.map((r) => ({ ...r, at: r.at.toISOString() })),
  };
}

const json = (v: unknown) => (v === undefined ? '' : JSON.stringify(v));

/** `admin.personAdded` → 登记居民; other features' actions → their area and the step in plain words. */
function actionLabel(t: (k: string, o?: Record<string, string>) => string, action: string): string {
  const [area = '', ...rest] = action.split('.');
  if (area === 'admin') return t(`admin.actions.${rest.join('_')}`, { defaultValue: rest.join(' ') });
  const areaLabel = ['motion', 'election', 'consultation'].includes(area) ? t(`admin.audit.areas.${area}`) : area;
  return `${areaLabel} · ${rest.join(' ').replace(/_/g, ' ')}`;
}

export default function Audit() {
  const { t } = useTranslation();
  const { slug, filter, rows } = useLoaderData<typeof loader>() as Exclude<Awaited<ReturnType<typeof loader>>, Response>;
  const csvQuery = new URLSearchParams({ ...Object.fromEntries(Object.entries(filter).filter(([, v]) => v)), format: 'csv' }).toString();
  return (
    <div className="stack">
      <p>
        <Link to={`/c/${slug}`}>← {t('app.home')}</Link>
      </p>
      <h1>{t('admin.audit.title')}</h1>
      <p className="muted">{t('admin.audit.intro')}</p>
      <Form method="get" className="form" role="search">
        <Input name="action" label={t('admin.audit.action')} defaultValue={filter.action} />
        <Input name="actor" label={t('admin.audit.actor')} defaultValue={filter.actor} />
        <Input name="from" type="date" label={t('admin.audit.from')} defaultValue={filter.from} />
        <Input name="to" type="date" label={t('admin.audit.to')} defaultValue={filter.to} />
        <button type="submit" className="secondary">
          {t('admin.audit.filter')}
        </button>
      </Form>
      <p>
        <a href={`?${csvQuery}`} className="button secondary" download>
          {t('admin.audit.export')}
        </a>
      </p>
      {rows.length === 0 ? <p>{t('admin.audit.none')}</p> : null}
      <ul className="cards">
        {rows.map((r) => {
          const { old, new: next, ...rest } = r.details as { old?: unknown; new?: unknown };
          const label = actionLabel(dataT(t), r.action);
          return (
            <li key={r.id} className="card">
              <p>
                <strong>{label}</strong> · {r.actor ?? '—'} · {new Date(r.at).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}
              </p>
              <dl className="facts nested small">
                {old !== undefined ? (
                  <div>
                    <dt>old</dt>
                    <dd className="prose">{json(old)}</dd>
                  </div>
                ) : null}
                {next !== undefined ? (
                  <div>
                    <dt>new</dt>
                    <dd className="prose">{json(next)}</dd>
                  </div>
                ) : null}
                {Object.keys(rest).length ? (
                  <div>
                    <dt>{t('admin.audit.details')}</dt>
                    <dd className="prose">{json(rest)}</dd>
                  </div>
                ) : null}
              </dl>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
