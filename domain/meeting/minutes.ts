/**
 * Minutes 会议记录 of a meeting with an agenda (issue 12): what the printable page and the PDF carry —
 * the notice, attendance with names, the agenda, each item's tally and outcome with recusals, who
 * typed and who confirmed the numbers, and a signatures block. Pure: names are passed in, words are
 * i18n keys and parameters (the renderer translates).
 */
import { decide, type BodyRule, type MeetingOutcome } from '../motion/meetings';
import type { RosterPerson } from '../motion/roster';
import { itemTally, type AgendaBody, type AttendanceCounts, type ItemCounts } from './agenda';
import { confirmedCounts, type Confirmation } from './confirmation';

export interface MinutesInput {
  title: string;
  body: AgendaBody;
  opensAt: number;
  noticeAt: number;
  channels: readonly string[];
  location: string;
  chairName: string;
  minuteTakerName?: string;
  roster: readonly RosterPerson[];
  attendance: Confirmation<AttendanceCounts>;
  items: readonly {
    title: string;
    number?: string;
    notes?: string | null;
    counts: Confirmation<ItemCounts>;
    /** The motion's own answer, if it took the result. */
    delivered?: { ok: true; outcome: MeetingOutcome['kind'] } | { ok: false; key: string } | null;
  }[];
  /** Display names of the people who typed or confirmed counts. */
  names: Readonly<Record<string, string>>;
  rules?: Partial<Record<AgendaBody, BodyRule>>;
}

export type MinutesItem = {
  index: number;
  title: string;
  number?: string;
  notes?: string;
  status: Confirmation<unknown>['status'];
  tally?: { expected: number; present: number; yes: number; no: number; abstain: number };
  /** Outcome key: meeting.minutes.passed / notPassed / inquorate / pending. */
  outcomeKey: string;
  recused: string[];
  enteredBy?: string;
  confirmedBy?: string;
};

export type Minutes = {
  title: string;
  body: AgendaBody;
  opensAt: number;
  noticeAt: number;
  channels: string[];
  location: string;
  chairName: string;
  minuteTakerName?: string;
  attendanceStatus: Confirmation<unknown>['status'];
  expected: number;
  present: string[];
  absent: string[];
  /** Residents' meetings count in numbers. */
  presentCount?: number;
  items: MinutesItem[];
};

const OUTCOME_KEY: Record<MeetingOutcome['kind'], string> = {
  passed: 'meeting.minutes.passed',
  notPassed: 'meeting.minutes.notPassed',
  inquorate: 'meeting.minutes.inquorate',
};

export function buildMinutes(m: MinutesInput): Minutes {
  const nameOf = (id: string) => m.names[id] ?? m.roster.find((r) => r.personId === id)?.name ?? id;
  const a = confirmedCounts(m.attendance);
  const named = a && 'presentIds' in a ? new Set(a.presentIds) : undefined;
  const items = m.items.map((it, index): MinutesItem => {
    const c = confirmedCounts(it.counts);
    const recusedIds = c?.recusedIds ?? [];
    let tally: MinutesItem['tally'];
    let outcomeKey = 'meeting.minutes.pending';
    if (a && c && m.body !== 'joint_meeting') {
      const { recused: _r, ...t } = itemTally(m.roster, m.opensAt, a, recusedIds, c);
      tally = t;
      outcomeKey = OUTCOME_KEY[decide(m.body, t, m.rules?.[m.body]).kind];
    }
    // The motion's own answer is the result of record.
    if (it.delivered?.ok) outcomeKey = OUTCOME_KEY[it.delivered.outcome];
    const conf = it.counts;
    return {
      index: index + 1,
      title: it.title,
      ...(it.number ? { number: it.number } : {}),
      ...(it.notes ? { notes: it.notes } : {}),
      status: conf.status,
      ...(tally ? { tally } : {}),
      outcomeKey,
      recused: recusedIds.map(nameOf),
      ...(conf.status === 'confirmed' ? { enteredBy: nameOf(conf.entry.enteredBy), confirmedBy: nameOf(conf.confirmedBy) } : {}),
    };
  });
  return {
    title: m.title,
    body: m.body,
    opensAt: m.opensAt,
    noticeAt: m.noticeAt,
    channels: [...m.channels],
    location: m.location,
    chairName: m.chairName,
    ...(m.minuteTakerName ? { minuteTakerName: m.minuteTakerName } : {}),
    attendanceStatus: m.attendance.status,
    expected: a && 'electorate' in a ? a.electorate : m.roster.length,
    present: named ? m.roster.filter((r) => named.has(r.personId)).map((r) => r.name) : [],
    absent: named ? m.roster.filter((r) => !named.has(r.personId)).map((r) => r.name) : [],
    ...(a && 'present' in a ? { presentCount: a.present } : {}),
    items,
  };
}
