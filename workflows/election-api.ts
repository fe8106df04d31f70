/**
 * Messages of the election workflow 换届选举 (`election-<uuid>`), declared once and imported by the
 * workflow and by app/elections.server.ts. Committee commands are one Update with a validator
 * (domain/election/process.ts `checkCommand`); ballots never come here — they go to PostgreSQL
 * under the phase row (db/elections.server.ts `castBallot`), so history stays flat whatever the
 * electorate size. A refusal is workflows/refusal.ts.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Unlisted } from './kit';
import type { Actor, CommandAction, ElectionCommand, ElectionSnapshot } from '../domain/election/process';

export const electionWorkflowId = (electionId: string) => `election-${electionId}`;

export interface StartElection {
  /** The first snapshot, as the web wrote it to the elections row (phase `preparation`, step 0). */
  snapshot: ElectionSnapshot;
  createdBy: string;
}

export interface CommandEnvelope {
  /** Checked by the web's guard (`requireRole` + committee seat), re-checked by the validator. */
  actor: Actor;
  command: ElectionCommand;
}

export interface CommandReceipt {
  step: number;
  phase: ElectionSnapshot['phase'];
}

/** Every action the Update accepts (the schema's list; the type check keeps it complete). */
export const COMMAND_ACTIONS = [
  'importRegister',
  'publishRegister',
  'addNominee',
  'removeNominee',
  'finalizeCandidates',
  'enterPaperTotals',
  'confirmPaperTotals',
  'closePolls',
  'tally',
  'openNextRound',
  'objectToResult',
  'ruleOnObjection',
] as const satisfies readonly CommandAction[];
export const allActionsListed: Unlisted<CommandAction, typeof COMMAND_ACTIONS> extends never ? true : false = true;

export const electionCommand = defineUpdate<CommandReceipt, [CommandEnvelope]>('electionCommand');
/** For tests and operators; pages read PostgreSQL. */
export const electionState = defineQuery<ElectionSnapshot>('electionState');
