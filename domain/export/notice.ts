/**
 * 公示: what a printed notice of a disclosure says in plain words (issue 14 item 4) — the texts of
 * its body (a resolution, a summary, an outcome) and its tables (domain/export/tables). Message keys
 * for labels; the texts themselves are the disclosure's own public content.
 */
import { disclosureTables, type ExportTable } from './tables';

export interface NoticeText {
  /** Message key of the label. */
  label: string;
  text: string;
}

type Body = Record<string, unknown>;
const obj = (v: unknown): Body => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : {});
const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);

/** Which fields of a body are read out, in order, under which label. */
const TEXTS: [(b: Body) => unknown, string][] = [
  [(b) => obj(b.resolution).text, 'notice.text.resolution'],
  [(b) => (typeof b.outcome === 'string' && ['passed', 'rejected', 'inquorate'].includes(b.outcome) ? null : b.outcome), 'notice.text.outcome'],
  [(b) => b.description, 'notice.text.description'],
  [(b) => b.summary, 'notice.text.summary'],
  [(b) => b.acceptanceRecord, 'notice.text.acceptance'],
  [(b) => obj(b.meeting).agreements, 'notice.text.agreements'],
  [(b) => obj(b.meeting).disagreements, 'notice.text.disagreements'],
  [(b) => b.reason, 'notice.text.reason'],
];

export function noticeOf(kind: string, body: unknown): { texts: NoticeText[]; verdict: string | null; tables: ExportTable[] } {
  const b = obj(body);
  const texts = TEXTS.flatMap(([get, label]) => {
    const text = str(get(b));
    return text ? [{ label, text }] : [];
  });
  const verdict = typeof b.outcome === 'string' && ['passed', 'rejected', 'inquorate'].includes(b.outcome) ? `notice.verdict.${b.outcome}` : null;
  return { texts, verdict, tables: disclosureTables(kind, body) };
}
