/**
 * Meetings: the notice (roster frozen, edge #4), the minutes of the joint meeting 两委联席会议, the
 * party members' meeting 党员大会 and the residents' meeting 居民会议, and attendance (a second person
 * confirms paper marks, §3.2).
 */
import { uuid4 } from '@temporalio/workflow';
import { DomainError } from '../../../domain/errors';
import type { MeetingNotice } from '../../../domain/motion/facts';
import { MEETING_BODIES, meetingOutcome, partyMeetingTally, type MeetingRecord } from '../../../domain/motion/meetings';
import { attendanceSummary, namedRecord, splitOutcome } from '../../../domain/motion/minutes';
import { holdsAny, type Actor } from '../../../domain/motion/permissions';
import { bodyRuleFor } from '../../../domain/motion/settings';
import { assertMay, isTerminal, type MotionEvent } from '../../../domain/motion/stages';
import { openVoteBook, recordAttendance as addAttendance } from '../../../domain/motion/votes';
import {
  motionUpdates,
  type Command,
  type ConveneInput,
  type JointMeetingInput,
  type PartyMeetingInput,
  type ResidentsMeetingInput,
} from '../../api';
import { motionActivities, type MotionProcess } from '../process';

function conveneEvent(i: ConveneInput): MotionEvent {
  const noticeAt = i.noticeAt === undefined ? {} : { noticeAt: i.noticeAt };
  switch (i.body) {
    case 'joint_meeting':
      return { type: 'conveneJointMeeting', opensAt: i.opensAt, ...noticeAt };
    case 'party_members_meeting':
      return { type: 'convenePartyMeeting', opensAt: i.opensAt, ...noticeAt };
    case 'residents_meeting':
    case 'representatives_meeting':
      return {
        type: 'scheduleResolutionMeeting',
        body: i.body,
        opensAt: i.opensAt,
        online: i.online,
        ...(i.mode ? { mode: i.mode } : {}),
        ...noticeAt,
      };
  }
}

const partyRecord = (i: PartyMeetingInput): MeetingRecord => ({
  kind: 'counts',
  tally: partyMeetingTally({
    fullMembers: i.fullMembers,
    excused: i.excused.length,
    recused: i.recused,
    present: i.present,
    yes: i.yes,
    no: i.no,
    abstain: i.abstain,
  }),
});

const residentsRecord = (i: ResidentsMeetingInput): MeetingRecord => ({
  kind: 'counts',
  tally: { expected: i.electorate, present: i.present, yes: i.yes, no: i.no, abstain: i.abstain },
});

const jointEvent = (i: JointMeetingInput, record: MeetingRecord): MotionEvent => ({
  type: 'recordJointMeeting',
  record,
  conclusion: i.conclusion,
  amended: Boolean(i.amendments && i.amendments.trim()),
});

/** The notice: the roster is frozen now, and an online representatives' vote opens its vote book. */
function conveneHandler(p: MotionProcess): void {
  const st = p.st;

  p.command(motionUpdates.conveneMeeting, {
    allowed: (cmd, actor, now) => {
      p.check(conveneEvent(cmd.input), actor, now);
      // Residents' meeting choices are never linked to a person (§3.8); online secret voting is not built.
      if (cmd.input.body === 'residents_meeting' && cmd.input.online) {
        throw new DomainError('motion.errors.onlineResidentsMeeting');
      }
    },
    run: async (cmd, actor) => {
      const i = cmd.input;
      const roster = await motionActivities.loadMotionRoster({ communityId: st.communityId, body: i.body });
      const now = Date.now();
      const next = p.apply(conveneEvent(i), actor, now);
      const pm = next.pendingMeeting!;
      const meetingId = uuid4();
      st.meeting = { id: meetingId, body: i.body, roster, attendance: [], unconfirmedPaper: [] };
      st.book =
        i.body === 'representatives_meeting' && pm.online
          ? openVoteBook(
              {
                questionId: meetingId,
                // §8 edge case 4: a representative whose office ends during the window keeps the date.
                roster: roster.map(({ personId, leftAt }) => ({ personId, ...(leftAt === undefined ? {} : { leftAt }) })),
                opensAt: pm.opensAt,
              },
              st.settings,
            )
          : undefined;
      const notice: MeetingNotice = {
        id: meetingId,
        body: i.body,
        noticeAt: pm.noticeAt,
        opensAt: pm.opensAt,
        ...(pm.closesAt !== undefined ? { closesAt: pm.closesAt } : {}),
        online: pm.online,
        ...(pm.mode ? { mode: pm.mode } : {}),
        ...(i.location ? { location: i.location } : {}),
        agenda: i.agenda,
        textVersion: pm.textVersion,
        roster,
        details: {
          channels: i.channels,
          ...(i.materialsRef ? { materialsRef: i.materialsRef } : {}),
          ...(i.chairId ? { chairId: i.chairId } : {}),
          ...(i.minuteTakerId ? { minuteTakerId: i.minuteTakerId } : {}),
        },
      };
      return p.record(cmd, now, {
        action: conveneEvent(i).type,
        next,
        extras: { meetingId },
        details: { meetingId, body: i.body, opensAt: pm.opensAt, noticeAt: pm.noticeAt, online: pm.online },
        facts: [{ type: 'meetingConvened', notice }],
      });
    },
  });
}

export function meetingHandlers(p: MotionProcess): void {
  const st = p.st;
  conveneHandler(p);

  function jointRecord(i: JointMeetingInput) {
    const m = p.currentMeeting('joint_meeting');
    const opensAt = p.pending()!.opensAt;
    const marks = [...m.attendance, ...i.attendeeIds.map((personId) => ({ personId, method: 'in_person' as const, at: opensAt }))];
    return { m, record: namedRecord(m.roster, opensAt, marks, i.votes, i.recusedIds, opensAt) };
  }

  p.command(motionUpdates.recordJointMeeting, {
    allowed: (cmd, actor, now) => {
      assertMay(st.snapshot, 'recordJointMeeting', actor, p.ctx(now));
      p.check(jointEvent(cmd.input, jointRecord(cmd.input).record), actor, now);
    },
    run: async (cmd, actor) => {
      const i = cmd.input;
      const { m, record } = jointRecord(i);
      const now = Date.now();
      const next = p.apply(jointEvent(i, record), actor, now);
      const { outcome, count } = splitOutcome(meetingOutcome('joint_meeting', record, bodyRuleFor('joint_meeting', st.settings)));
      return p.record(cmd, now, {
        action: 'recordJointMeeting',
        next,
        details: { meetingId: m.id, outcome: outcome.kind, conclusion: i.conclusion },
        versionNote: i.amendments?.trim() ? i.amendments : null,
        facts: [
          {
            type: 'meetingRecorded',
            meetingId: m.id,
            minutes: {
              heldOn: i.heldOn,
              attendance: attendanceSummary(count),
              ...(count ? { tally: count.tally } : {}),
              outcome,
              minutes: i.minutes,
              opinions: i.opinions,
              ...(i.amendments ? { amendments: i.amendments } : {}),
              conclusion: i.conclusion,
              recordedBy: cmd.actor.userId,
              recordedAt: now,
              details: {
                votes: i.votes,
                recusedIds: i.recusedIds,
                attachmentRefs: i.attachmentRefs ?? [],
                ...(i.supervisorRemarks ? { supervisorRemarks: i.supervisorRemarks } : {}),
              },
            },
          },
        ],
      });
    },
  });

  p.command(motionUpdates.recordPartyMeeting, {
    allowed: (cmd, actor, now) => p.check({ type: 'recordPartyMeeting', record: partyRecord(cmd.input) }, actor, now),
    run: async (cmd, actor) =>
      recordCounted(p, cmd, actor, {
        body: 'party_members_meeting',
        action: 'recordPartyMeeting',
        record: partyRecord(cmd.input),
        attendance: { present: cmd.input.present, probationaryPresent: cmd.input.probationaryPresent, excused: cmd.input.excused.length },
        details: { fullMembers: cmd.input.fullMembers, excused: cmd.input.excused, recused: cmd.input.recused, scanRef: cmd.input.scanRef },
      }),
  });

  p.command(motionUpdates.recordResidentsMeeting, {
    allowed: (cmd, actor, now) => {
      assertMay(st.snapshot, 'recordResolution', actor, p.ctx(now));
      p.currentMeeting('residents_meeting');
      p.check({ type: 'recordResolution', record: residentsRecord(cmd.input) }, actor, now);
    },
    run: async (cmd, actor) =>
      recordCounted(p, cmd, actor, {
        body: 'residents_meeting',
        action: 'recordResolution',
        record: residentsRecord(cmd.input),
        attendance: { present: cmd.input.present, electorate: cmd.input.electorate, mode: cmd.input.mode },
        details: { scanRef: cmd.input.scanRef, mode: cmd.input.mode },
        resolutionText: cmd.input.resolutionText,
      }),
  });

  attendanceHandlers(p);
}

/** What differs between the party members' and the residents' meetings, whose counts are typed. */
interface CountedMeeting {
  body: 'party_members_meeting' | 'residents_meeting';
  action: 'recordPartyMeeting' | 'recordResolution';
  record: MeetingRecord;
  attendance: Record<string, unknown>;
  details: Record<string, unknown>;
  resolutionText?: string;
}

/** Records the minutes of a meeting whose counts were typed: the motion moves, the minutes are kept. */
function recordCounted(p: MotionProcess, cmd: Command<{ heldOn: string; minutes: string }>, actor: Actor, c: CountedMeeting) {
  const m = p.currentMeeting(c.body);
  const now = Date.now();
  const next = p.apply({ type: c.action, record: c.record }, actor, now);
  const outcome = meetingOutcome(c.body, c.record, bodyRuleFor(c.body, p.st.settings));
  return p.record(cmd, now, {
    action: c.action,
    next,
    details: { meetingId: m.id, outcome: outcome.kind },
    facts: [
      {
        type: 'meetingRecorded',
        meetingId: m.id,
        minutes: {
          heldOn: cmd.input.heldOn,
          attendance: c.attendance,
          tally: c.record.kind === 'counts' ? c.record.tally : undefined,
          outcome,
          minutes: cmd.input.minutes,
          ...(c.resolutionText !== undefined ? { resolutionText: c.resolutionText } : {}),
          recordedBy: cmd.actor.userId,
          recordedAt: now,
          details: c.details,
        },
      },
    ],
  });
}

/** Staff-entered attendance, and the second person's confirmation of paper marks. */
function attendanceHandlers(p: MotionProcess): void {
  const st = p.st;

  p.command(motionUpdates.recordAttendance, {
    allowed: (cmd, actor, now) => {
      p.check({ type: 'recordAttendance' }, actor, now);
      p.currentMeeting(MEETING_BODIES, cmd.input.meetingId);
      if (cmd.input.method === 'paper' && !cmd.input.scanRef) throw new DomainError('motion.errors.scanRequired');
    },
    run: async (cmd, actor) => {
      const i = cmd.input;
      const now = Date.now();
      const m = p.currentMeeting(MEETING_BODIES, i.meetingId);
      const next = p.apply({ type: 'recordAttendance' }, actor, now);
      const marks = i.personIds.map((personId) => ({ personId, method: i.method, at: now }));
      if (i.method === 'paper') m.unconfirmedPaper.push({ enteredBy: cmd.actor.userId, scanRef: i.scanRef!, marks });
      else if (st.book) st.book = addAttendance(st.book, marks);
      else m.attendance.push(...marks);
      return p.record(cmd, now, {
        action: 'recordAttendance',
        next,
        details: { meetingId: m.id, method: i.method, count: marks.length, confirmed: i.method !== 'paper' },
        facts: [{ type: 'attendanceChanged', meetingId: m.id, attendance: p.attendanceNow() }],
      });
    },
  });

  function paperToConfirm(userId: string, meetingId: string) {
    const m = p.currentMeeting(MEETING_BODIES, meetingId);
    const entries = m.unconfirmedPaper.filter((e) => e.enteredBy !== userId);
    if (entries.length === 0) {
      throw new DomainError(
        m.unconfirmedPaper.length > 0 ? 'motion.errors.secondPersonRequired' : 'motion.errors.paperTallyUnconfirmed',
      );
    }
    return { m, entries };
  }

  p.command(motionUpdates.confirmPaperAttendance, {
    allowed: (cmd, actor) => {
      // The second person is a committee member or a supervisor (§3.2).
      if (isTerminal(st.snapshot.state)) throw new DomainError('motion.errors.motionFinished');
      if (!holdsAny(actor, ['committee_member', 'supervisor'])) throw new DomainError('motion.errors.notPermitted');
      paperToConfirm(cmd.actor.userId, cmd.input.meetingId);
    },
    run: async (cmd) => {
      const { m, entries } = paperToConfirm(cmd.actor.userId, cmd.input.meetingId);
      const marks = entries.flatMap((e) => e.marks);
      m.unconfirmedPaper = m.unconfirmedPaper.filter((e) => !entries.includes(e));
      if (st.book) st.book = addAttendance(st.book, marks);
      else m.attendance.push(...marks);
      return p.record(cmd, Date.now(), {
        action: 'confirmPaperAttendance',
        next: st.snapshot,
        details: { meetingId: m.id, count: marks.length, enteredBy: entries.map((e) => e.enteredBy) },
        facts: [{ type: 'attendanceChanged', meetingId: m.id, attendance: p.attendanceNow() }],
      });
    },
  });
}
