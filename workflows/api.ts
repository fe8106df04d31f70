/**
 * The motion workflow's messages (四议两公开), declared once and imported by the workflow and by the
 * web's server module (app/motions.server.ts). Commands from people are Updates with validators;
 * the consultation workflow reports back with a signal; the query is for tests and operators (pages
 * read PostgreSQL, never Temporal).
 *
 * Every Update takes one `Command`: the form's idempotency key, the actor (checked by the web with
 * `requireRole`, re-checked here by the domain) and the command's input — the parsed form without its
 * idempotency key, with date-times already converted to epoch milliseconds. Each command's zod
 * schema is in domain/motion/commands.ts; a refusal is workflows/refusal.ts.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CommitteeOffice } from '../domain/motion/permissions';
import type { MeetingBody, AttendanceMark } from '../domain/motion/meetings';
import type {
  ConveneMeeting,
  FinalReport,
  JointMeetingMinutes,
  PartyMeetingMinutes,
  ProgressEntry,
  ResidentsMeetingMinutes,
  Withdraw,
} from '../domain/motion/schemas';
import type { MotionSettings } from '../domain/motion/settings';
import type { MotionSnapshot } from '../domain/motion/stages';
import type { VoteBook } from '../domain/motion/votes';
import type { VoteChoice } from '../domain/motion/meetings';
import type { Role } from '../domain/roles';
import type { DraftFields } from '../domain/motion/facts';
import type { RosterPerson } from '../domain/motion/roster';
import type { AgendaOutcome } from '../domain/meeting/schemas';

export type { DraftFields, RosterPerson };

/** Workflow id of a motion: derived from the motions row, so a retried start is a no-op. */
export const motionWorkflowId = (motionId: string) => `motion-${motionId}`;

// ─── Envelope ───────────────────────────────────────────────────────────────────────────────────

export interface ActorRef {
  userId: string;
  /** Roles held in the motion's community today (from the web's requireRole). */
  roles: Role[];
  /** memberships.attrs.office of the person's committee_member membership, if any. */
  committeeOffice?: CommitteeOffice;
}

export interface Command<I> {
  idempotencyKey: string;
  actor: ActorRef;
  input: I;
}

/** What every accepted command returns (a repeated idempotency key returns the first one). */
export interface Receipt {
  step: number;
}

type Form<T> = Omit<T, 'idempotencyKey'>;

// ─── Inputs ─────────────────────────────────────────────────────────────────────────────────────

export type PartyCommitteeDecisionInput = {
  heldOn: string;
  attendeeIds: string[];
  votes: { personId: string; choice: VoteChoice }[];
  recusedIds: string[];
  minutes: string;
  attachmentRefs: string[];
};

export type ConveneInput = Omit<Form<ConveneMeeting>, 'opensAt'> & {
  /** Meeting start or online window opening, epoch ms. */
  opensAt: number;
  /** When the notice was posted, if earlier than now (a paper notice entered afterwards). */
  noticeAt?: number;
};

export type JointMeetingInput = Form<JointMeetingMinutes>;
export type PartyMeetingInput = Form<PartyMeetingMinutes>;
export type ResidentsMeetingInput = Form<ResidentsMeetingMinutes>;
export type HandVotesInput = {
  questionId: string;
  votes: { personId: string; choice: VoteChoice }[];
  recusedIds: string[];
};
export type AttendanceInput = {
  meetingId: string;
  personIds: string[];
  method: 'in_person' | 'paper';
  scanRef?: string;
};
export type ConfirmPaperInput = { meetingId: string };
export type CheckInInput = { meetingId: string };
export type CastVoteInput = { questionId: string; choice: VoteChoice };
export type ObjectionInput = { text: string; blocking: boolean };
export type ObjectionReplyInput = { objectionId: string; text: string };
export type AcceptReplyInput = { objectionId: string };
export type RulingInput = { objectionId: string; ruling: 'upheld' | 'dismissed'; reasons: string };
export type ProgressInput = Form<ProgressEntry>;
export type CompletionInput = Form<FinalReport>;
export type ContestInput = { reasons: string };
export type ResumeInput = { reasons: string };
/** From an amending motion's workflow once its resolution is in force (§3.5, decision 062). */
export type AmendmentResolved = { amendingMotionId: string; approvedBudgetYuan: number };
export type WithdrawInput = Form<Withdraw>;
export type OpenConsultationInput = { consultationId: string };
export type CorrectionInput = { reason: string; substantive: boolean };
/** The supervision committee's review before publication (§3.7.3, decision 074). */
export type ApproveDisclosureInput = { remark?: string };
export type RequestCorrectionInput = { correctionReason: string };
export type ResubmitDisclosureInput = { correctionNote: string };
export type PublishUnreviewedInput = { confirmed: true };

/** An agenda item's confirmed numbers, sent by a meeting workflow (decision 043). */
export type AgendaOutcomeInput = AgendaOutcome;

export type VoteReceipt = Receipt & { version: number; replaced: boolean };
export type ObjectionReceipt = Receipt & { objectionId: string };
export type MeetingReceipt = Receipt & { meetingId: string };
/** The motion's own decision on the item: its outcome kind and the stage it is in now. */
export type AgendaOutcomeReceipt = Receipt & { outcome: 'inquorate' | 'passed' | 'notPassed'; state: string };

// ─── Messages ───────────────────────────────────────────────────────────────────────────────────

const update = <I, R extends Receipt = Receipt>(name: string) => defineUpdate<R, [Command<I>]>(name);

export const motionUpdates = {
  editDraft: update<DraftFields>('editDraft'),
  recordPartyCommitteeDecision: update<PartyCommitteeDecisionInput, MeetingReceipt>('recordPartyCommitteeDecision'),
  /** Joint meeting, party members' meeting or the resolution meeting, by `input.body`. */
  conveneMeeting: update<ConveneInput, MeetingReceipt>('conveneMeeting'),
  recordJointMeeting: update<JointMeetingInput>('recordJointMeeting'),
  recordPartyMeeting: update<PartyMeetingInput>('recordPartyMeeting'),
  recordResidentsMeeting: update<ResidentsMeetingInput>('recordResidentsMeeting'),
  /** Named votes by show of hands at a representatives' meeting held in person. */
  recordHandVotes: update<HandVotesInput>('recordHandVotes'),
  recordAttendance: update<AttendanceInput>('recordAttendance'),
  /** A second person confirms staff-entered paper attendance (§3.2); until then it does not count. */
  confirmPaperAttendance: update<ConfirmPaperInput>('confirmPaperAttendance'),
  checkIn: update<CheckInInput>('checkIn'),
  raiseObjection: update<ObjectionInput, ObjectionReceipt>('raiseObjection'),
  replyToObjection: update<ObjectionReplyInput>('replyToObjection'),
  acceptObjectionReply: update<AcceptReplyInput>('acceptObjectionReply'),
  ruleOnObjection: update<RulingInput>('ruleOnObjection'),
  recordProgress: update<ProgressInput>('recordProgress'),
  reportCompletion: update<CompletionInput>('reportCompletion'),
  contestResolution: update<ContestInput>('contestResolution'),
  /** The street office lifts its contest (edge #22); a budget overrun resumes only by an amending motion. */
  resumeImplementation: update<ResumeInput>('resumeImplementation'),
  withdraw: update<WithdrawInput>('withdraw'),
  openConsultation: update<OpenConsultationInput>('openConsultation'),
  /** Publishes a corrected disclosure (after an upheld objection, §3.7.5 / §6). */
  correctDisclosure: update<CorrectionInput>('correctDisclosure'),
  /** A supervisor approves the disclosure waiting for review: it is published, labelled reviewed. */
  approveDisclosure: update<ApproveDisclosureInput>('approveDisclosure'),
  /** A supervisor asks for a correction (with a reason); the committee corrects and resubmits. */
  requestDisclosureCorrection: update<RequestCorrectionInput>('requestDisclosureCorrection'),
  resubmitDisclosure: update<ResubmitDisclosureInput>('resubmitDisclosure'),
  /** After 2 working days without review: published labelled "not reviewed by the supervision committee". */
  publishUnreviewed: update<PublishUnreviewedInput>('publishUnreviewed'),
  /** A shared meeting's confirmed result for this motion's item (decision 043). */
  recordAgendaOutcome: update<AgendaOutcomeInput, AgendaOutcomeReceipt>('recordAgendaOutcome'),
};
export type MotionUpdateName = keyof typeof motionUpdates;

/**
 * From the web, after a representative's online vote was stored by guarded SQL (decision 060): the
 * workflow reads the ballots again (to close early once everyone has voted). Cheap and idempotent —
 * a lost signal only delays an early close; the window's end reads them anyway.
 */
export const votesChanged = defineSignal<[{ meetingId: string }]>('votesChanged');

/** From the consultation workflow: its outcome is published (§5.2 step 7). */
export const consultationCompleted = defineSignal<[{ consultationId: string }]>('consultationCompleted');

/** From an amending motion (§3.5): it passed and its resolution window ended — resume with its budget. */
export const amendmentResolved = defineSignal<[AmendmentResolved]>('amendmentResolved');

export const motionStateQuery = defineQuery<MotionWorkflowState>('motionState');

// ─── Workflow input and state ───────────────────────────────────────────────────────────────────

/** The meeting convened and not yet recorded (mirrors `snapshot.pendingMeeting`). */
export interface OpenMeeting {
  id: string;
  body: MeetingBody;
  /** Frozen at notice (edge #4). */
  roster: RosterPerson[];
  /** In-person marks entered by staff (and confirmed paper marks). */
  attendance: AttendanceMark[];
  /** Paper marks waiting for a second person's confirmation; they do not count yet. */
  unconfirmedPaper: { enteredBy: string; scanRef: string; marks: AttendanceMark[] }[];
}

export interface MotionWorkflowState {
  motionId: string;
  communityId: string;
  settings: MotionSettings;
  createdBy: string;
  snapshot: MotionSnapshot;
  /** Monotonic: one per change, written with it to the read model. */
  step: number;
  /** The step that entered the current state (keys the disclosure of that state). */
  stateEnteredStep: number;
  meeting?: OpenMeeting;
  /** The representatives' online vote (questionId = meeting id); ballots as last read from SQL. */
  book?: VoteBook;
  /** Set by `votesChanged`: the ballots must be read again. */
  votesDirty?: boolean;
  /** Results of recent commands by idempotency key, oldest first (bounded). */
  seen: [string, Receipt][];
  /** Id of the latest disclosure of this motion (a correction references it). */
  lastDisclosureId?: string;
  withdrawalPublished: boolean;
  /** Digest of the open tasks last written, so unchanged sets are not rewritten. */
  taskDigest: string;
  pendingConsultations: string[];
  /** Amending motions that resolved (signals), applied by the next system pass; absent in older runs. */
  pendingAmendments?: AmendmentResolved[];
  /** continueAsNew once history is longer than this. */
  historyLimit: number;
}

export interface MotionWorkflowInput {
  motionId: string;
  communityId: string;
  settings: MotionSettings;
  snapshot: MotionSnapshot;
  createdBy: string;
  /** Override of the history length that triggers continueAsNew (tests use a small one). */
  historyLimit?: number;
  /** Set by continueAsNew: everything the next run needs. */
  carried?: MotionWorkflowState;
}

export interface MotionWorkflowResult {
  state: MotionSnapshot['state'];
  step: number;
}
