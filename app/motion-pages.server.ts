/**
 * What the motion pages read (SQL only, never Temporal), filtered for the viewer (DOMAIN.md §3.8, §6).
 * Part of `./motions.server` (decision 048).
 */
import { currentItems } from '../db/consultations.server';
import { disclosuresOf } from '../db/disclosures.server';
import {
  eventsOfMotion,
  isUuid,
  meetingsOfMotion,
  motionById,
  motionsOf,
  objectionsOfMotion,
  openTasksOf,
  opinionsOfMotion,
  progressOfMotion,
  relatedMotions,
  representativeVotesOf,
  versionsOfMotion,
  type MeetingRow,
  type MotionRow,
  type RepVoteRow,
} from '../db/motions.server';
import type { VoteChoice } from '../domain/motion/meetings';
import { HIDDEN_FROM_PUBLIC, motionViewRights, voteVisibility, type Actor } from '../domain/motion/permissions';
import type { MotionSettings } from '../domain/motion/settings';
import {
  STEP_OF_STATE,
  motionDeadlines,
  nextActions,
  overdue,
  stageDueAt,
  timeline,
  type MotionDeadlines,
  type MotionSnapshot,
  type MotionState,
  type Step,
  TERMINAL_STATES,
} from '../domain/motion/stages';
import type { RosterPerson } from '../domain/motion/roster';

import {
  actorOf,
  actorRef,
  mayPrepare,
  sqlOf,
  type Caller,
  type CurrentVote,
  type MeetingItem,
  type MotionDetail,
  type MotionListItem,
  type NamedVote,
  type TaskItem,
} from './motion-access.server';

// ─── Queries (SQL only) ─────────────────────────────────────────────────────────────────────────

function nextDueOf(snapshot: MotionSnapshot, settings: MotionSettings, now: number): MotionListItem['nextDue'] {
  const d = motionDeadlines(snapshot, settings);
  let best: MotionListItem['nextDue'] = null;
  for (const [what, at] of Object.entries(d) as [keyof MotionDeadlines, number | undefined][]) {
    if (at === undefined || at <= now) continue;
    if (!best || at < best.at.getTime()) best = { at: new Date(at), what };
  }
  return best;
}

/**
 * Motions of a community, most recently changed first. Drafts (酝酿, not public) are listed only when
 * `viewer` prepares motions (party organization, committee, supervisors, street office); without a
 * viewer they are left out. `ended` lists the finished ones (closed, rejected, withdrawn, lapsed).
 */
export async function listMotions(
  communityId: string,
  opts: { state?: MotionState; step?: Step; ended?: boolean; viewer?: Caller | null } = {},
): Promise<MotionListItem[]> {
  if (!isUuid(communityId)) return [];
  const viewer = opts.viewer ?? null;
  const includeDrafts = viewer !== null && viewer.communityId === communityId && mayPrepare(viewer.roles);
  const states = opts.state ? [opts.state] : opts.ended ? [...TERMINAL_STATES] : undefined;
  const rows = await motionsOf(sqlOf(), communityId, { ...(states ? { states } : {}), includeDrafts });
  const now = Date.now();
  return rows
    .filter((r) => !opts.step || STEP_OF_STATE[r.state] === opts.step)
    .map((r) => {
      const level = overdue(r.snapshot, { now, settings: r.settings });
      const due = stageDueAt(r.snapshot, r.settings);
      return {
        id: r.id,
        number: r.number,
        title: r.title,
        category: r.category,
        state: r.state,
        step: STEP_OF_STATE[r.state],
        updatedAt: r.updatedAt,
        dueAt: due === undefined ? null : new Date(due),
        overdue: level !== 'onTime',
        overdueLevel: level,
        nextDue: nextDueOf(r.snapshot, r.settings, now),
      };
    });
}

/** Items of the community's consultation catalogue in force, for the motion form's select. */
export async function catalogueItemsForMotion(
  communityId: string,
): Promise<{ id: string; code: string; title: string; mandatory: boolean }[]> {
  if (!isUuid(communityId)) return [];
  const items = await currentItems(sqlOf(), communityId);
  return items.map((i) => ({ id: i.id, code: i.code, title: i.title, mandatory: i.mandatory }));
}

/** One meeting of the motion as the viewer may see it: outcome, tally and named votes by visibility. */
function meetingItemOf(m: MeetingRow, actor: Actor | null, member: Caller | null, repVotes: RepVoteRow[]): MeetingItem {
  const visibility = voteVisibility(m.body, actor);
  const recorded = m.recordedAt !== null;
  const o = m.outcome;
  const outcome: MeetingItem['outcome'] = !o
    ? null
    : o.kind === 'inquorate'
      ? { kind: 'inquorate', ...(visibility === 'outcome' ? {} : { quorumNeeded: o.needed }) }
      : {
          kind: o.kind,
          ...(visibility === 'outcome' ? {} : { quorumNeeded: o.quorumNeeded, yesNeeded: o.yesNeeded, passBase: o.passBase }),
        };
  const tally: MeetingItem['tally'] =
    visibility === 'outcome' || !o
      ? null
      : o.kind === 'inquorate'
        ? { expected: o.expected, present: o.present, yes: 0, no: 0, abstain: 0, notVoted: 0 }
        : { expected: o.expected, present: o.present, yes: o.yes, no: o.no, abstain: o.abstain, notVoted: o.notVoted };
  let votes: NamedVote[] | null = null;
  if (visibility === 'named' && m.roster.length > 0) {
    if (m.body === 'representatives_meeting') {
      const byVoter = new Map(repVotes.filter((v) => v.meetingId === m.id).map((v) => [v.voterId, v]));
      votes = m.roster.map((p: RosterPerson) => {
        const v = byVoter.get(p.personId);
        // While an online vote is open, show who voted but not how (no live influence).
        const showChoice = recorded;
        return {
          personId: p.personId,
          name: p.name,
          choice: v && showChoice ? v.choice : null,
          voted: v !== undefined,
          castAt: v?.castAt ?? null,
          method: v?.method ?? null,
          version: v && showChoice ? v.version : null,
        };
      });
    } else if (recorded) {
      const named = ((m.details as { votes?: { personId: string; choice: VoteChoice }[] }).votes ?? []) as {
        personId: string;
        choice: VoteChoice;
      }[];
      const byVoter = new Map(named.map((v) => [v.personId, v.choice]));
      votes = m.roster.map((p) => ({
        personId: p.personId,
        name: p.name,
        choice: byVoter.get(p.personId) ?? null,
        voted: byVoter.has(p.personId),
        castAt: m.recordedAt,
        method: byVoter.has(p.personId) ? ('in_person' as const) : null,
        version: null,
      }));
    }
  }
  const insider = visibility === 'named';
  return {
    id: m.id,
    body: m.body,
    noticeAt: m.noticeAt,
    opensAt: m.opensAt,
    closesAt: m.closesAt,
    online: m.online,
    mode: m.mode,
    location: m.location,
    agenda: m.agenda,
    textVersion: m.textVersion,
    rosterSize: m.roster.length,
    heldOn: m.heldOn,
    recorded,
    recordedAt: m.recordedAt,
    visibility,
    outcome,
    tally,
    votes,
    minutes: insider ? m.minutes : null,
    opinions: insider ? m.opinions : null,
    amendments: insider || member ? m.amendments : null,
    conclusion: m.conclusion,
    resolutionText: m.resolutionText,
  };
}

const recusedIn = (m: MeetingRow): string[] =>
  Array.isArray(m.details.recusedIds) ? m.details.recusedIds.filter((x): x is string => typeof x === 'string') : [];

/** The online vote now open on this motion, if any, with the member's own ballot. */
function currentVoteOf(
  row: MotionRow,
  meetings: MeetingRow[],
  repVotes: RepVoteRow[],
  member: Caller | null,
  now: number,
): CurrentVote | null {
  const pm = row.snapshot.pendingMeeting;
  if (!pm?.online || pm.closesAt === undefined) return null;
  const meeting = [...meetings].reverse().find((m) => m.body === pm.body && m.online && m.recordedAt === null);
  if (!meeting) return null;
  const votesHere = repVotes.filter((v) => v.meetingId === meeting.id);
  const mine = member ? votesHere.find((v) => v.voterId === member.userId) : undefined;
  const seat = member ? meeting.roster.find((p) => p.personId === member.userId) : undefined;
  return {
    meetingId: meeting.id,
    opensAt: new Date(pm.opensAt),
    closesAt: new Date(pm.closesAt),
    // Sealed by the workflow (closed early once everyone had voted, decision 060) counts as closed.
    open: now >= pm.opensAt && now < pm.closesAt && meeting.details.votingClosedAt === undefined,
    rosterSize: meeting.roster.length,
    votedCount: votesHere.length,
    onRoster: seat !== undefined,
    // Left office before the window opened, or during it (§8 #4): a ballot cast before stands, no new one.
    leftOffice: seat?.leftAt !== undefined && (seat.leftAt <= pm.opensAt || now >= seat.leftAt),
    recused: member ? recusedIn(meeting).includes(member.userId) : false,
    myBallot: mine ? { choice: mine.choice, version: mine.version, castAt: mine.castAt } : null,
  };
}

const INTERNAL_DETAILS = new Set(['idempotencyKey', 'result']);

/**
 * Everything the motion page shows, filtered for the viewer (DOMAIN.md §3.8, §6): named votes by
 * visibility, authors of opinions and objectors only for those who may see them, drafts only for
 * those who prepare motions. `viewer: null` is the public. Undefined if the motion is not in this
 * community or not visible.
 */
export async function motionDetail(communityId: string, motionId: string, viewer: Caller | null): Promise<MotionDetail | undefined> {
  const sql = sqlOf();
  if (!isUuid(communityId) || !isUuid(motionId)) return undefined;
  const row = await motionById(sql, motionId);
  if (!row || row.communityId !== communityId) return undefined;
  const member = viewer && viewer.communityId === communityId ? viewer : null;
  const actor: Actor | null = member ? actorOf(await actorRef(sql, member, communityId)) : null;
  if (row.state === 'draft' && !(member && mayPrepare(member.roles))) return undefined;
  const now = Date.now();
  const ctx = { now, settings: row.settings };
  const { seesAuthors, seesObjectors, seesRecorders: oversight } = motionViewRights(actor);

  const [events, versions, meetings, repVotes, opinions, objections, progress, disclosures, related] = await Promise.all([
    eventsOfMotion(sql, motionId),
    versionsOfMotion(sql, motionId),
    meetingsOfMotion(sql, motionId),
    representativeVotesOf(sql, motionId),
    opinionsOfMotion(sql, motionId),
    objectionsOfMotion(sql, motionId),
    progressOfMotion(sql, motionId),
    disclosuresOf(sql, 'motion', motionId),
    relatedMotions(sql, motionId),
  ]);

  const meetingItems = meetings.map((m) => meetingItemOf(m, actor, member, repVotes));
  const currentVote = currentVoteOf(row, meetings, repVotes, member, now);

  const { snapshot: _s, settings: _st, estimatedCostFen, ...motionFields } = row;
  return {
    motion: { ...motionFields, estimatedCostYuan: estimatedCostFen / 100 },
    snapshot: row.snapshot,
    settings: row.settings,
    timeline: {
      steps: timeline(row.snapshot),
      events: events
        .filter((e) => member || !HIDDEN_FROM_PUBLIC.has(e.action))
        .map((e) => ({
          step: e.step,
          at: e.at,
          action: e.action,
          fromState: e.fromState,
          toState: e.toState,
          actorName: member ? e.actorName : null,
          details: member
            ? Object.fromEntries(Object.entries(e.details).filter(([k]) => !INTERNAL_DETAILS.has(k)))
            : {},
        })),
    },
    versions: versions.map((v) => ({ ...v })),
    meetings: meetingItems,
    currentVote,
    opinions: opinions.map((o) => ({
      id: o.id,
      body: o.body,
      createdAt: o.createdAt,
      authorName: seesAuthors ? o.authorName : null,
      mine: member?.userId === o.authorUserId,
      answer: o.answer,
      answeredAt: o.answeredAt,
      answeredByName: member ? o.answeredByName : null,
    })),
    objections: objections.map((o) => ({
      id: o.id,
      raisedAs: o.raisedAs,
      blocking: o.blocking,
      body: o.body,
      raisedAt: o.raisedAt,
      replyDueAt: o.replyDueAt,
      reply: o.reply,
      repliedAt: o.repliedAt,
      status: o.status,
      ruling: o.ruling,
      rulingReasons: o.rulingReasons,
      raisedByName: seesObjectors ? o.raisedByName : null,
      mine: member?.userId === o.raisedBy,
    })),
    progress: progress.map((p) => ({
      id: p.id,
      entryDate: p.entryDate,
      work: p.work,
      amountYuan: p.amountFen / 100,
      contractorOrganization: p.contractorOrganization,
      isFinal: p.isFinal,
      finalLines: p.finalLines,
      acceptanceRecord: p.acceptanceRecord,
      recordedByName: oversight ? p.recordedByName : null,
    })),
    disclosures,
    related: related.filter((r) => r.state !== 'draft' || (member !== null && mayPrepare(member.roles))),
    deadlines: motionDeadlines(row.snapshot, row.settings),
    overdue: overdue(row.snapshot, ctx),
    actions: actor ? nextActions(row.snapshot, actor, ctx) : [],
  };
}

/** Open tasks for a person or for the roles they hold in their communities (and street). */
export async function myTasks(userId: string): Promise<TaskItem[]> {
  const rows = await openTasksOf(sqlOf(), userId);
  return rows.map((t) => ({
    id: t.id,
    kind: t.kind,
    params: t.params,
    communityId: t.communityId,
    communitySlug: t.communitySlug,
    subjectType: t.subjectType,
    subjectId: t.subjectId,
    subjectTitle: t.subjectTitle,
    subjectNumber: t.subjectNumber,
    dueAt: t.dueAt,
    overdue: t.overdue,
    escalated: t.escalatedAt !== null,
  }));
}
