/**
 * The tables a public disclosure shows, as rows to export (issue 14 item 5): vote tallies and
 * attendance, budget lines, election results per round, consultation positions. Everything comes
 * from the disclosure body, which already holds only what DOMAIN.md §6 lets the public see — an
 * export can never carry more than the page. Headers are message keys (no prose in domain/).
 */
import type { DisclosureKind } from '../disclosure';

export type Cell = string | number | null;
export interface ExportTable {
  /** Message key of the table's title (also the XLSX sheet name). */
  title: string;
  /** Message keys of the column headers. */
  columns: string[];
  rows: Cell[][];
  /** Cells that are message keys to translate (by column index), e.g. a tally choice. */
  translate?: number[];
}

type Body = Record<string, unknown>;
const obj = (v: unknown): Body => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Body) : {});
const arr = (v: unknown): Body[] => (Array.isArray(v) ? v.map(obj) : []);
const cell = (v: unknown): Cell => (typeof v === 'number' || typeof v === 'string' ? v : null);

function tally(body: Body): ExportTable[] {
  const t = obj(body.tally);
  const a = obj(body.attendance);
  const out: ExportTable[] = [];
  if (Object.keys(t).length)
    out.push({
      title: 'export.table.tally',
      columns: ['export.col.choice', 'export.col.votes'],
      rows: (['agree', 'disagree', 'abstain', 'notVoted'] as const).filter((k) => k in t).map((k) => [`export.choice.${k}`, cell(t[k])]),
      translate: [0],
    });
  if (Object.keys(a).length)
    out.push({
      title: 'export.table.attendance',
      columns: ['export.col.present', 'export.col.expected', 'export.col.quorumRequired', 'export.col.yesNeeded'],
      rows: [[cell(a.present), cell(a.expected), cell(body.quorumRequired), cell(body.yesNeeded)]],
    });
  return out;
}

function implementation(body: Body): ExportTable[] {
  const out = tally(body);
  const lines = arr(body.lines);
  if (lines.length)
    out.push({
      title: 'export.table.lines',
      columns: ['export.col.item', 'export.col.amountYuan'],
      rows: lines.map((l) => [cell(l.item), cell(l.amountYuan)]),
    });
  const progress = arr(body.progress);
  if (progress.length)
    out.push({
      title: 'export.table.progress',
      columns: ['export.col.date', 'export.col.work', 'export.col.amountYuan', 'export.col.contractor'],
      rows: progress.map((p) => [cell(p.date), cell(p.work), cell(p.amountYuan), cell(p.contractorOrganization)]),
    });
  return out;
}

function electionResult(body: Body): ExportTable[] {
  const rows: Cell[][] = [];
  for (const round of arr(body.rounds))
    for (const office of arr(round.offices))
      for (const r of arr(office.results))
        rows.push([cell(round.no), `export.office.${String(office.office)}`, cell(r.name), cell(r.votes), r.elected ? 'export.yes' : 'export.no']);
  const turnout = arr(body.rounds).map((r) => [cell(r.no), cell(body.electorate), cell(r.issued), cell(r.returned)]);
  return rows.length
    ? [
        {
          title: 'export.table.results',
          columns: ['export.col.round', 'export.col.office', 'export.col.candidate', 'export.col.votes', 'export.col.elected'],
          rows,
          translate: [1, 4],
        },
        {
          title: 'export.table.turnout',
          columns: ['export.col.round', 'export.col.electorate', 'export.col.issued', 'export.col.returned'],
          rows: turnout,
        },
      ]
    : [];
}

function consultationOutcome(body: Body): ExportTable[] {
  const meeting = obj(body.meeting);
  const out: ExportTable[] = [];
  const positions = arr(meeting.positions);
  if (positions.length)
    out.push({
      title: 'export.table.positions',
      columns: ['export.col.party', 'export.col.position'],
      rows: positions.map((p) => [cell(p.party), cell(p.position)]),
    });
  const poll = obj(meeting.strawPoll);
  if (Object.keys(poll).length)
    out.push({
      title: 'export.table.strawPoll',
      columns: ['export.col.choice', 'export.col.votes'],
      rows: (['yes', 'no', 'abstain'] as const).filter((k) => k in poll).map((k) => [`export.poll.${k}`, cell(poll[k])]),
      translate: [0],
    });
  return out;
}

function finance(body: Body): ExportTable[] {
  const lines = arr(body.lines);
  return [
    {
      title: 'export.table.finance',
      columns: ['export.col.date', 'export.col.direction', 'export.col.item', 'export.col.amountYuan', 'export.col.contractor'],
      rows: lines.map((l) => [cell(l.date), `finance.direction.${String(l.direction)}`, cell(l.item), cell(l.amountYuan), cell(l.counterparty)]),
      translate: [1],
    },
  ];
}

function candidateList(body: Body): ExportTable[] {
  const rows: Cell[][] = [];
  for (const office of arr(body.offices))
    for (const c of arr(office.candidates)) rows.push([`export.office.${String(office.office)}`, cell(office.seats), cell(c.name), c.gender ? `export.gender.${String(c.gender)}` : null]);
  return rows.length ? [{ title: 'export.table.candidates', columns: ['export.col.office', 'export.col.seats', 'export.col.candidate', 'export.col.gender'], rows, translate: [0, 3] }] : [];
}

const BY_KIND: Partial<Record<DisclosureKind, (b: Body) => ExportTable[]>> = {
  resolution: tally,
  implementation_result: implementation,
  election_result: electionResult,
  candidate_list: candidateList,
  consultation_outcome: consultationOutcome,
  finance,
};

/** The tables of a disclosure; none for kinds that have no table (a plan, a topic, a withdrawal). */
export function disclosureTables(kind: string, body: unknown): ExportTable[] {
  return BY_KIND[kind as DisclosureKind]?.(obj(body)) ?? [];
}

/** Anonymised public opinions of a consultation (§6, §7: no author, personal data masked). */
export function opinionsTable(
  opinions: readonly {
    number: number;
    submittedOn: number;
    text: string;
    answer: { text: string } | null;
  }[]
): ExportTable {
  return {
    title: 'export.table.opinions',
    columns: ['export.col.number', 'export.col.date', 'export.col.opinion', 'export.col.answer'],
    rows: opinions.map((o) => [o.number, new Date(o.submittedOn).toISOString().slice(0, 10), o.text, o.answer?.text ?? null]),
  };
}

/**
 * A cell safe to open in a spreadsheet (OWASP CSV injection): text that starts with = + - @, a tab
 * or a carriage return would be read as a formula, so it gets a leading apostrophe. Numbers stay numbers.
 */
export function safeCell(v: Cell): Cell {
  return typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** A meeting's attendance and each agenda item's tally, as its minutes show them (staff pages). */
export function minutesTables(m: {
  present: readonly string[];
  absent: readonly string[];
  presentCount?: number;
  expected: number;
  items: readonly { index: number; title: string; tally?: { present: number; yes: number; no: number; abstain: number }; outcomeKey: string; recused: readonly string[] }[];
}): ExportTable[] {
  const attendance: ExportTable =
    m.presentCount !== undefined
      ? { title: 'export.table.attendance', columns: ['export.col.present', 'export.col.expected'], rows: [[m.presentCount, m.expected]] }
      : {
          title: 'export.table.attendance',
          columns: ['export.col.name', 'export.col.attended'],
          rows: [...m.present.map((n) => [n, 'export.yes']), ...m.absent.map((n) => [n, 'export.no'])],
          translate: [1],
        };
  const items: ExportTable = {
    title: 'export.table.agenda',
    columns: ['export.col.number', 'export.col.item', 'export.col.present', 'export.col.yes', 'export.col.no', 'export.col.abstain', 'export.col.outcome', 'export.col.recused'],
    rows: m.items.map((it) => [it.index, it.title, it.tally?.present ?? null, it.tally?.yes ?? null, it.tally?.no ?? null, it.tally?.abstain ?? null, it.outcomeKey, it.recused.join('、') || null]),
    translate: [6],
  };
  return [attendance, items];
}

/** A meeting's named votes as the motion page shows them to this viewer (already filtered by §3.8). */
export function namedVotesTable(votes: readonly { name: string; choice: string | null; voted: boolean; method: string | null }[]): ExportTable {
  return {
    title: 'export.table.namedVotes',
    columns: ['export.col.name', 'export.col.choice', 'export.col.method'],
    rows: votes.map((v) => [v.name, v.choice ? `motion.choice.${v.choice}` : v.voted ? 'export.votedHidden' : 'export.choice.notVoted', v.method ? `motion.attendanceMethod.${v.method}` : null]),
    translate: [1, 2],
  };
}
