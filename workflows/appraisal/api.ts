/**
 * Messages of the two appraisal workflows (DOMAIN.md §9), declared once and imported by the
 * workflows and by app/appraisal.server.ts. Ballots and household ratings are not here: they go to
 * PostgreSQL guarded by the plan's state row (db/appraisal*.server.ts). A refusal is workflows/refusal.ts.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Unlisted } from '../kit';
import type {
  Actor,
  AppraisalRules,
  AppraisalState,
  Overall,
  PaperTotals,
  PlanInput,
  ServiceKind,
  ServiceState,
} from '../../domain/appraisal';

export const appraisalWorkflowId = (planId: string) => `appraisal-${planId}`;
export const serviceAppraisalWorkflowId = (planId: string) => `service-appraisal-${planId}`;

export interface StartAppraisal {
  planId: string;
  communityId: string;
  actor: Actor;
  plan: PlanInput;
  /** The subjects as the roster of the plan date says (checked by the web before the start). */
  subjects: { userId: string; name: string; inOfficeSince: string }[];
  rules: AppraisalRules;
  lastYear: Record<string, Overall>;
  /** Length of a day in ms (community setting; 86 400 000 in production). */
  dayMs: number;
}

/** What the web sends; the workflow adds what its activities read (who left office, online counts). */
export type AppraisalWebCommand =
  | { action: 'submitReport'; subjectId: string; text: string }
  | { action: 'deliverReports' }
  | { action: 'openMeeting' }
  | { action: 'recordQuestion'; subjectId: string; question: string; answer: string }
  | { action: 'openRating' }
  | { action: 'issuePaperForms'; raterIds: string[] }
  | { action: 'recordPaperTotals'; totals: PaperTotals }
  | { action: 'confirmPaperTotals' }
  | { action: 'closeRating' }
  | { action: 'tally' }
  | { action: 'publish' }
  | { action: 'cancel'; reason: string };
export type AppraisalWebAction = AppraisalWebCommand['action'];
export const APPRAISAL_ACTIONS = [
  'submitReport', 'deliverReports', 'openMeeting', 'recordQuestion', 'openRating', 'issuePaperForms',
  'recordPaperTotals', 'confirmPaperTotals', 'closeRating', 'tally', 'publish', 'cancel',
] as const satisfies readonly AppraisalWebAction[];
export const allAppraisalActionsListed: Unlisted<AppraisalWebAction, typeof APPRAISAL_ACTIONS> extends never ? true : false = true;

export interface AppraisalView {
  state: AppraisalState;
  /** Steps written to the read model so far. */
  step: number;
}

export const appraisalCommand = defineUpdate<AppraisalView, [{ actor: Actor; command: AppraisalWebCommand }]>('appraisalCommand');
/** Completes once the plan has been written to the read model. */
export const appraisalReady = defineUpdate<AppraisalView, []>('appraisalReady');
export const appraisalStateQuery = defineQuery<AppraisalView>('appraisalState');

export interface StartServiceAppraisal {
  planId: string;
  communityId: string;
  actor: Actor;
  year: number;
  title: string;
  surveyDays: number;
  subjects: { id: string; name: string; kind: ServiceKind }[];
  dayMs: number;
}

export type ServiceWebCommand =
  | { action: 'closeSurvey' }
  | { action: 'publishResults' }
  | { action: 'recordReply'; subjectId: string; text: string }
  | { action: 'finish' };
export const SERVICE_ACTIONS = ['closeSurvey', 'publishResults', 'recordReply', 'finish'] as const satisfies readonly ServiceWebCommand['action'][];
export const allServiceActionsListed: Unlisted<ServiceWebCommand['action'], typeof SERVICE_ACTIONS> extends never ? true : false = true;

export interface ServiceView {
  state: ServiceState;
  step: number;
}
export const serviceCommand = defineUpdate<ServiceView, [{ actor: Actor; command: ServiceWebCommand }]>('serviceAppraisalCommand');
export const serviceReady = defineUpdate<ServiceView, []>('serviceAppraisalReady');
export const serviceStateQuery = defineQuery<ServiceView>('serviceAppraisalState');
