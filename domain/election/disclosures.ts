/**
 * What the public sees of an election (DOMAIN.md §6): the plan, the formal candidate list and the
 * results (ballots issued / returned / void, votes per candidate, who is elected). Bodies of
 * disclosures in the hash chain: public content only — names of candidates and committee members,
 * never ID numbers, phones, addresses, voters or choices.
 */
import type { Gender } from './idcard';
import { OFFICES, type ElectionMode, type Office, type Seats } from './plan';
import type { ElectionSnapshot, Nominee } from './process';
import { electionDates, type ElectionDates } from './timeline';

export type PlanDisclosure = {
  title: string;
  mode: ElectionMode;
  electionDay: string;
  seats: Seats;
  memberMargin: number;
  pollingPlaces: string[];
  onlineVoting: { enabled: boolean; approvalRef: string | null };
  mobileBox: boolean;
  committee: { name: string; chair: boolean }[];
  timeline: ElectionDates;
  /** A by-election 补选: the by-elected serve to this day, the sitting term's last (§4.8). */
  byElection?: { termEndsOn: string };
};

export type CandidateListDisclosure = {
  title: string;
  electionDay: string;
  offices: { office: Office; seats: number; candidates: { id: string; name: string; gender: Gender }[] }[];
};

export type RoundDisclosure = {
  no: number;
  kind: 'main' | 'runoff' | 'tieRevote';
  electorate: number;
  issued: number;
  returned: number;
  online: { issued: number; returned: number };
  paper: { issued: number; returned: number; boxes: number };
  voidSections: Record<Office, number>;
  outcome: 'decided' | 'void';
  voidKey: string | null;
  offices: { office: Office; seats: number; results: { id: string; name: string; votes: number; elected: boolean }[]; tied: string[] }[];
  receipts: { count: number; digest: string };
};

export type ResultDisclosure = {
  title: string;
  electionDay: string;
  status: 'elected' | 'void';
  voidReason: { key: string; params: Record<string, string | number> } | null;
  rounds: RoundDisclosure[];
  members: { id: string; name: string; office: Office; votes: number }[];
  vacancies: { office: Office; seats: number }[];
  committeeWorks: boolean | null;
};

export function planDisclosure(s: ElectionSnapshot): PlanDisclosure {
  return {
    title: s.title,
    mode: s.plan.mode,
    electionDay: s.plan.electionDay,
    seats: s.plan.seats,
    memberMargin: s.plan.memberMargin,
    pollingPlaces: s.plan.pollingPlaces,
    onlineVoting: s.plan.onlineVoting.enabled ? { enabled: true, approvalRef: s.plan.onlineVoting.approvalRef } : { enabled: false, approvalRef: null },
    mobileBox: s.plan.mobileBox,
    committee: s.committee.map((m) => ({ name: m.name, chair: m.chair })),
    timeline: electionDates(s.plan.electionDay, { candidateListLeadDays: s.plan.candidateListLeadDays }),
    ...(s.plan.byElection ? { byElection: { termEndsOn: s.plan.byElection.termEndsOn } } : {}),
  };
}

export function candidateListDisclosure(s: ElectionSnapshot): CandidateListDisclosure {
  const list = s.candidates ?? [];
  return {
    title: s.title,
    electionDay: s.plan.electionDay,
    offices: OFFICES.filter((o) => s.plan.seats[o] > 0).map((office) => ({
      office,
      seats: s.plan.seats[office],
      candidates: list.filter((c) => c.office === office).map((c) => ({ id: c.voterId, name: c.name, gender: c.gender })),
    })),
  };
}

const nameOf = (people: readonly Nominee[]) => {
  const by = new Map(people.map((p) => [p.voterId, p.name]));
  return (id: string) => by.get(id) ?? '—';
};

export function resultDisclosure(s: ElectionSnapshot): ResultDisclosure {
  const name = nameOf(s.candidates ?? s.nominees);
  const rounds: RoundDisclosure[] = s.rounds.map((r) => {
    const elected = new Set(r.outcome.kind === 'decided' ? r.outcome.offices.flatMap((o) => o.elected.map((e) => e.personId)) : []);
    const paperIssued = r.paper.reduce((n, p) => n + p.issued, 0);
    const paperReturned = r.paper.reduce((n, p) => n + p.returned, 0);
    return {
      no: r.no,
      kind: r.kind,
      electorate: r.electorate,
      issued: r.count.issued,
      returned: r.count.returned,
      online: { issued: r.onlineIssued, returned: r.onlineReturned },
      paper: { issued: paperIssued, returned: paperReturned, boxes: r.paper.length },
      voidSections: r.voidSections,
      outcome: r.outcome.kind,
      voidKey: r.outcome.kind === 'void' ? r.outcome.key : null,
      offices: r.form.sections.map((sec) => {
        const decided = r.outcome.kind === 'decided' ? r.outcome.offices.find((o) => o.office === sec.office) : undefined;
        const ranking = decided
          ? decided.ranking
          : sec.candidateIds.map((id) => ({ personId: id, votes: r.count.votes[sec.office][id] ?? 0 }));
        return {
          office: sec.office,
          seats: sec.seats,
          results: ranking.map((x) => ({ id: x.personId, name: name(x.personId), votes: x.votes, elected: elected.has(x.personId) })),
          tied: decided?.tieAtCutoff?.personIds.map(name) ?? [],
        };
      }),
      receipts: r.receipts,
    };
  });
  const result = s.result;
  return {
    title: s.title,
    electionDay: s.plan.electionDay,
    status: s.phase === 'void' || s.voidReason ? 'void' : 'elected',
    voidReason: s.voidReason,
    rounds,
    members: (result?.members ?? []).map((m) => ({ id: m.personId, name: name(m.personId), office: m.office, votes: m.votes })),
    vacancies: (result?.vacancies ?? []).map((v) => ({ office: v.office, seats: v.seats })),
    committeeWorks: result ? result.committee.works : null,
  };
}
