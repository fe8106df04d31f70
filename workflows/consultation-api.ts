/**
 * Messages of the consultation workflow 协商 (`consultation-<uuid>`), declared once and imported by
 * the workflow and by app/consultations.server.ts. Opinions and answers are not here: they are
 * many, so they go to PostgreSQL guarded by the consultation's state row (see db/consultations.server.ts).
 * `consultationCompleted` and `motionWorkflowId`, which this workflow sends to a motion, are the
 * motion's messages (workflows/api.ts); a refusal is workflows/refusal.ts.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Unlisted } from './kit';
import type {
  Actor,
  CatalogueItem,
  ConsultationCommand,
  ConsultationPeriods,
  ConsultationSnapshot,
  ConsultationState,
} from '../domain/consultation';

export const consultationWorkflowId = (consultationId: string) => `consultation-${consultationId}`;

export interface StartConsultation {
  consultationId: string;
  communityId: string;
  proposer: Actor;
  title: string;
  description: string;
  origin?: 'party_organization' | 'committee' | 'petition';
  /** The item as the catalogue version in force at the start says it; the consultation keeps it. */
  item: CatalogueItem | null;
  catalogueItemId: string | null;
  catalogueYear: number | null;
  catalogueVersion: number | null;
  /** The 四议两公开 motion waiting in `consulting` for this outcome, if any. */
  motionId: string | null;
  /** Length of a day in ms (community setting; 86 400 000 in production). */
  dayMs: number;
  periods: Partial<ConsultationPeriods>;
}

/** Commands that go through the workflow; opinions and answers do not (see above). */
export type WorkflowCommand = Exclude<ConsultationCommand, { action: 'leaveOpinion' } | { action: 'answerOpinion' }>;
export type WorkflowAction = WorkflowCommand['action'];

/** Every action the Update accepts (the schema's list; the type check keeps it complete). */
export const WORKFLOW_ACTIONS = [
  'fixParties',
  'publishTopic',
  'openCollection',
  'scheduleMeeting',
  'recordMeeting',
  'draftOutcome',
  'reviewOutcome',
  'publishOutcome',
  'startFeedback',
  'reportFeedback',
  'close',
  'cancel',
] as const satisfies readonly WorkflowAction[];
export const allActionsListed: Unlisted<WorkflowAction, typeof WORKFLOW_ACTIONS> extends never ? true : false = true;

export interface CommandEnvelope {
  /** The person acting, with the roles the web's guard found for them in this community today. */
  actor: Actor;
  command: WorkflowCommand;
}

export interface ConsultationView {
  state: ConsultationState;
  /** Steps written to the read model so far. */
  step: number;
  snapshot: Omit<ConsultationSnapshot, 'opinions'>;
}

/** A committee (or supervisor, or secretary) command; refused early by its validator with an i18n key. */
export const consultationCommand = defineUpdate<ConsultationView, [CommandEnvelope]>('consultationCommand');
/** Completes once the start has been written to the read model (the page can then be shown). */
export const consultationReady = defineUpdate<ConsultationView, []>('consultationReady');
export const consultationState = defineQuery<ConsultationView>('consultationState');

