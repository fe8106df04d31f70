/**
 * What the public sees of a motion (DOMAIN.md §6): title, category, stage dates, resolution text,
 * meeting date, body and mode, attendance, quorum required, tally, outcome; for results the budget
 * against actual spending with lines; objections without identity, with replies. Never names,
 * phones or addresses of people. Pure: db/ reads the rows, this decides the content.
 */
import type { DisclosureContent } from '../disclosure';
import type { MeetingOutcome } from './meetings';
import { publishedReview } from './review';
import type { MotionSnapshot } from './stages';

export type MotionDisclosureKind = 'resolution' | 'implementation_result' | 'withdrawal';

/** The rows a disclosure is made of (amounts in fen as text, as PostgreSQL returns bigints). */
export interface DisclosureSources {
  motion: {
    number: number;
    title: string;
    category: string;
    catalogueItemId: string | null;
    proposalText: string;
    snapshot: MotionSnapshot;
    estimatedCostFen: string;
  };
  objections: { raisedAs: string; body: string; reply: string | null; status: string; ruling: string | null; blocking: boolean }[];
  /** The latest resolution meeting that passed or failed (not an inquorate one). */
  meeting?: {
    body: string;
    mode: string | null;
    online: boolean;
    heldOn: string | null;
    opensAt: Date | null;
    closesAt: Date | null;
    outcome: MeetingOutcome | null;
    resolutionText: string | null;
    textVersion: number;
  };
  /** The text version the meeting voted on. */
  votedText?: string | undefined;
  progress: {
    entryDate: string;
    work: string;
    amountFen: string;
    contractorOrganization: string | null;
    isFinal: boolean;
    finalLines: { item: string; amountYuan: number }[] | null;
    acceptanceRecord: string | null;
  }[];
}

type Json = DisclosureContent['body'];

const yuan = (fen: number | string | null | undefined) => (fen === null || fen === undefined ? 0 : Number(fen) / 100);
const iso = (at: number | Date | null | undefined) => (at === null || at === undefined ? null : new Date(at).toISOString());

function resolutionPart(src: DisclosureSources): Record<string, unknown> {
  const { meeting } = src;
  const o = meeting?.outcome;
  if (!meeting || !o || o.kind === 'inquorate') return {};
  return {
    resolution: {
      passed: o.kind === 'passed',
      text: meeting.resolutionText ?? src.votedText ?? src.motion.proposalText,
      textVersion: meeting.textVersion,
    },
    meeting: {
      body: meeting.body,
      mode: meeting.mode,
      online: meeting.online,
      date: meeting.heldOn ?? iso(meeting.opensAt)?.slice(0, 10) ?? null,
      opensAt: iso(meeting.opensAt),
      closesAt: iso(meeting.closesAt),
    },
    attendance: { expected: o.expected, present: o.present },
    quorumRequired: o.quorumNeeded,
    yesNeeded: o.yesNeeded,
    tally: { agree: o.yes, disagree: o.no, abstain: o.abstain, notVoted: o.notVoted },
    outcome: o.kind,
  };
}

/** The disclosure body of this kind, from its rows. */
export function motionDisclosureContent(kind: MotionDisclosureKind, src: DisclosureSources): Json {
  const m = src.motion;
  const s = m.snapshot;
  const base: Record<string, unknown> = {
    motionNumber: m.number,
    title: m.title,
    category: m.category,
    catalogueItemId: m.catalogueItemId,
    stageDates: s.history.map((h) => ({ state: h.state, at: iso(h.at) })),
    objections: src.objections.map((o) => ({ ...o })),
  };
  if (kind === 'withdrawal') {
    const w = s.withdrawal;
    const before = s.history.length >= 2 ? s.history[s.history.length - 2]!.state : 'draft';
    return {
      ...base,
      withdrawnAt: iso(w?.at),
      stateWhenWithdrawn: before,
      reason: w?.reason ?? '',
      partyCommitteeDecisionRef: w?.decisionRef ?? '',
    } as Json;
  }
  // §3.7.3: whether the supervision committee reviewed it, hash-chained with the rest (decision 074).
  const resolution = { ...resolutionPart(src), review: publishedReview(s) };
  if (kind === 'resolution') return { ...base, ...resolution } as Json;
  const final = [...src.progress].reverse().find((p) => p.isFinal);
  return {
    ...base,
    ...resolution,
    completedOn: final?.entryDate ?? null,
    summary: final?.work ?? null,
    acceptanceRecord: final?.acceptanceRecord ?? null,
    budget: {
      approvedYuan: yuan(s.implementation?.approvedBudgetFen ?? s.budgetFen),
      actualYuan: yuan(s.implementation?.spentFen ?? 0),
    },
    lines: final?.finalLines ?? [],
    progress: src.progress
      .filter((p) => !p.isFinal)
      .map((p) => ({ date: p.entryDate, work: p.work, amountYuan: yuan(p.amountFen), contractorOrganization: p.contractorOrganization })),
  } as Json;
}
