/**
 * What a motion workflow step established, for the read model: domain facts and outcomes, never
 * table rows. The workflow emits them with each step; db/motions.server.ts (the one place that knows
 * the columns) projects them into `motions`, `motion_meetings`, votes, objections and progress.
 */
import type { AttendanceMark, MeetingBody, MeetingOutcome, Tally, VoteChoice } from './meetings';
import type { RosterPerson } from './roster';
import type { DraftMotion } from './schemas';
import type { MotionSnapshot, MotionState } from './stages';

/** A draft's fields as the proposer entered them (the parsed form without its idempotency key). */
export type DraftFields = Omit<DraftMotion, 'idempotencyKey'> & {
  /** From the linked catalogue item (looked up by the web), not from the form. */
  consultationMandatory?: boolean;
};

/** A meeting's notice: when, where, how, and the roster frozen at notice (edge #4). */
export type MeetingNotice = {
  id: string;
  body: MeetingBody;
  noticeAt?: number;
  opensAt?: number;
  closesAt?: number;
  online: boolean;
  mode?: string;
  location?: string;
  agenda?: string;
  textVersion: number;
  roster: RosterPerson[];
  details?: Record<string, unknown>;
};

/** What the minutes (or the closed online vote) say: attendance, tally, outcome, texts. */
export type MeetingMinutes = {
  heldOn?: string;
  attendance?: unknown;
  tally?: Tally;
  outcome?: MeetingOutcome;
  minutes?: string;
  opinions?: string;
  amendments?: string;
  conclusion?: string;
  resolutionText?: string;
  recordedBy: string | null;
  recordedAt: number;
  details?: Record<string, unknown>;
};

/** Who is marked present at an open meeting, and paper marks waiting for a second person. */
export type MeetingAttendance = {
  marks: AttendanceMark[];
  unconfirmedPaper: { enteredBy: string; scanRef: string; marks: AttendanceMark[] }[];
};

export type MotionFact =
  | { type: 'draftEdited'; draft: DraftFields }
  | { type: 'meetingConvened'; notice: MeetingNotice }
  /** `notice` for meetings recorded without one (the party committee). */
  | { type: 'meetingRecorded'; meetingId: string; notice?: MeetingNotice; minutes: MeetingMinutes }
  | { type: 'attendanceChanged'; meetingId: string; attendance: MeetingAttendance }
  | {
      type: 'voteCast';
      meetingId: string;
      voterId: string;
      choice: VoteChoice;
      method: 'online' | 'in_person' | 'paper';
      version: number;
      castAt: number;
    }
  | {
      type: 'objectionRaised';
      id: string;
      raisedBy: string;
      raisedAs: 'supervisor' | 'resident';
      blocking: boolean;
      body: string;
      raisedAt: number;
      replyDueAt: number;
    }
  | { type: 'objectionReplied'; id: string; reply: string; repliedBy: string; repliedAt: number }
  | { type: 'objectionSettled'; id: string }
  | { type: 'objectionRuled'; id: string; ruling: 'upheld' | 'dismissed'; reasons: string; ruledBy: string; ruledAt: number }
  | {
      type: 'progressRecorded';
      id: string;
      entryDate: string;
      work: string;
      amountYuan: number;
      contractorOrganization: string | null;
      isFinal: boolean;
      finalLines: { item: string; amountYuan: number }[] | null;
      acceptanceRecord: string | null;
      recordedBy: string;
    };

/** One workflow step: the new snapshot, its timeline entry, and the facts it established. */
export type MotionStep = {
  motionId: string;
  communityId: string;
  workflowId: string;
  step: number;
  at: number;
  action: string;
  fromState: MotionState;
  toState: MotionState;
  actorUserId: string | null;
  snapshot: MotionSnapshot;
  details: Record<string, unknown>;
  facts: MotionFact[];
  /** Change note of a new text version, if this step creates one. */
  versionNote?: string | null;
};
