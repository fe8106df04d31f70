/** Small pieces shared by the election pages. Browser-safe: no server imports. */
import { Link, useRouteLoaderData } from '@remix-run/react';
import type { LinksFunction } from '@remix-run/node';
import { useTranslation } from 'react-i18next';
import { REAL_DAY_MS, formatShanghaiDate, formatShanghaiDateTime } from '../../../domain/calendar';
import type { ElectionPhase } from '../../../domain/election/process';
import type { Lang } from '~/i18n/config';
import type { loader as rootLoader } from '~/root';
import styles from './election.css';
import { tk } from '../../i18n/keys';
import { phaseTone, votingOpen } from '../../../domain/election/phases';

export const electionLinks: LinksFunction = () => [{ rel: 'stylesheet', href: styles }];

export function useLang(): Lang {
  return useRouteLoaderData<typeof rootLoader>('root')?.lang ?? 'zh-CN';
}


/** A moment: date and minute for real days; with seconds in a scaled (demo/test) election. */
export function formatMoment(ms: number, lang: Lang, dayMs = REAL_DAY_MS): string {
  const text = formatShanghaiDateTime(ms, lang);
  if (dayMs >= REAL_DAY_MS) return text;
  return `${text}:${String(new Date(ms).getUTCSeconds()).padStart(2, '0')}`; // Shanghai is a whole-hour offset
}

/** A civil date `YYYY-MM-DD` as `2026年12月10日`. */
export function formatCivil(date: string, lang: Lang): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return formatShanghaiDate(Date.UTC(y, m - 1, d) - 8 * 3_600_000, lang);
}

export type RefusalLike = { key: string; params?: Record<string, string | number> };

/** A refusal in words; an instant parameter (`at`) becomes a readable time. */
export function refusalText(t: (...args: never[]) => unknown, lang: Lang, r: RefusalLike, dayMs?: number): string {
  const params: Record<string, unknown> = { ...(r.params ?? {}) };
  for (const k of ['at', 'dueBy']) if (typeof params[k] === 'number') params[k] = formatMoment(params[k] as number, lang, dayMs);
  return tk(t, r.key, params);
}

export function Refusal({ refusal, dayMs }: { refusal?: RefusalLike | null; dayMs?: number }) {
  const { t } = useTranslation();
  const lang = useLang();
  if (!refusal) return null;
  return (
    <p className="form-error" role="alert">
      {refusalText(t, lang, refusal, dayMs)}
    </p>
  );
}

export function Done({ text }: { text?: string | null }) {
  if (!text) return null;
  return (
    <p className="el-ok" role="status">
      {text}
    </p>
  );
}

export function PhaseBadge({ phase }: { phase: ElectionPhase }) {
  const { t } = useTranslation();
  const cls = `is-${phaseTone(phase)}`;
  return <span className={`el-badge ${cls}`}>{t(`election.phases.${phase}`)}</span>;
}

export type NavItem = 'overview' | 'register' | 'objections' | 'candidates' | 'polling' | 'vote' | 'public';

/** The election's pages this person has reason to open. */
export function navItems(a: { roles: readonly string[]; onCommittee: boolean; phase: ElectionPhase; registerPublished: boolean; isVoter: boolean }): NavItem[] {
  const items: NavItem[] = ['overview', 'register'];
  if (a.registerPublished) items.push('objections');
  items.push('candidates');
  if (a.onCommittee || a.roles.includes('supervisor')) items.push('polling');
  if (a.isVoter && votingOpen(a.phase)) items.push('vote');
  items.push('public');
  return items;
}

export function ElectionNav({ slug, electionId, current, items }: { slug: string; electionId: string; current: NavItem; items: NavItem[] }) {
  const { t } = useTranslation();
  const href = (i: NavItem) =>
    i === 'public'
      ? `/p/${slug}/elections/${electionId}`
      : i === 'overview'
        ? `/c/${slug}/elections/${electionId}`
        : `/c/${slug}/elections/${electionId}/${i}`;
  return (
    <nav aria-label={t('electionUi.nav.list')}>
      <ul className="el-nav">
        <li>
          <Link to={`/c/${slug}/elections`}>{t('electionUi.nav.list')}</Link>
        </li>
        {items.map((i) => (
          <li key={i}>
            <Link to={href(i)} aria-current={i === current ? 'page' : undefined}>
              {t(`electionUi.nav.${i}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function DemoNote({ dayMs }: { dayMs: number }) {
  const { t } = useTranslation();
  if (dayMs >= REAL_DAY_MS) return null;
  return <p className="el-warn">{t('electionUi.demoMode', { seconds: Math.round((dayMs / 1000) * 100) / 100 })}</p>;
}

/** The form's idempotency key: a double submission is applied once. */
export function Key({ value }: { value: string }) {
  return <input type="hidden" name="key" value={value} />;
}
