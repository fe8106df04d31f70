/**
 * The meeting workflow's messages (issue 12, decision 043), declared once and imported by the
 * workflow and by app/meetings.server.ts. Each Update takes `{ idempotencyKey, actor, input }` like a
 * motion command; the schemas are domain/meeting/commands.ts.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { AgendaBody, AgendaItem, AttendanceCounts, ItemCounts } from '../domain/meeting/agenda';
import type { Confirmation } from '../domain/meeting/confirmation';
import type { MeetingConvene } from '../domain/meeting/schemas';
import type { RosterPerson } from '../domain/motion/roster';
import type { ActorRef, Command, Receipt } from './api';

export const meetingWorkflowId = (meetingId: string) => `meeting-${meetingId}`;

export type AddItemInput = { motionId: string; noticeAt?: number };
export type AttendanceInput = { presentIds?: string[]; present?: number; electorate?: number; scanRef: string };
export type ItemCountInput = { motionId: string; yes: number; no: number; abstain: number; recusedIds: string[]; scanRef: string };
export type ItemNotesInput = { motionId: string; notes: string };

/** Where a typed count stands after this entry: awaiting a second person, confirmed, or a mismatch. */
export type EntryReceipt = Receipt & { status: Confirmation<unknown>['status'] };
export type AddItemReceipt = Receipt & { motionMeetingId: string };

const update = <I, R extends Receipt = Receipt>(name: string) => defineUpdate<R, [Command<I>]>(name);

export const meetingUpdates = {
  addAgendaItem: update<AddItemInput, AddItemReceipt>('addAgendaItem'),
  enterAttendance: update<AttendanceInput, EntryReceipt>('enterAttendance'),
  enterItemCount: update<ItemCountInput, EntryReceipt>('enterItemCount'),
  recordItemNotes: update<ItemNotesInput>('recordItemNotes'),
};
export type MeetingUpdateName = keyof typeof meetingUpdates;

export interface MeetingWorkflowInput {
  meetingId: string;
  communityId: string;
  convene: MeetingConvene;
  /** The convener as the web's guard found them; agenda motions are convened and recorded in their name. */
  convenedBy: ActorRef;
  /** When the notice was posted (epoch ms). */
  noticeAt: number;
  /** Set by continueAsNew. */
  carried?: MeetingState;
}

export interface MeetingState {
  meetingId: string;
  communityId: string;
  body: AgendaBody;
  convene: MeetingConvene;
  convenedBy: ActorRef;
  noticeAt: number;
  /** Frozen at notice (edge #4). */
  roster: RosterPerson[];
  attendance: Confirmation<AttendanceCounts>;
  items: AgendaItem[];
  step: number;
  seen: [string, Receipt][];
}

export const meetingStateQuery = defineQuery<MeetingState>('meetingState');

export type { ItemCounts };
