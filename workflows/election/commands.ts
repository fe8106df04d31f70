/** The committee's commands 换届选举 (DOMAIN.md §4.2), each applied to the snapshot and committed as one step. */
import { checkCandidateList, electionCommitteeAfterNomination, orderCandidateList } from '../../domain/election/candidates';
import { contestMargins } from '../../domain/election/plan';
import { pollsOpenAt, sittingCommittee, type ElectionCommand, type ElectionSnapshot, type Nominee, type RoundRecord } from '../../domain/election/process';
import { afterRound } from '../../domain/election/rounds';
import { combineCounts, decideRound, electorateSize } from '../../domain/election/tally';
import { DomainError } from '../../domain/errors';
import type { CommandEnvelope, CommandReceipt } from '../election-api';
import { acts, commit, follow, openRound } from './steps';

/** One committee command, already allowed by `checkCommand` (asked under the lock). */
export async function handle(s: ElectionSnapshot, env: CommandEnvelope): Promise<CommandReceipt> {
  const actor = env.actor.userId;
  const cmd: ElectionCommand = env.command;
  const now = Date.now();
  switch (cmd.action) {
    case 'importRegister':
      s.importsRunning.push(cmd.importId);
      break;
    case 'publishRegister':
      s.phase = 'register_published';
      s.registerPublishedAt = now;
      await commit(s, { actor, action: 'voter_register.published' });
      break;
    case 'addNominee':
      s.nominees.push(cmd.nominee);
      await commit(s, { actor, action: 'nominee.added', details: { voterId: cmd.nominee.voterId, office: cmd.nominee.office, votes: cmd.nominee.nominationVotes } });
      break;
    case 'removeNominee':
      s.nominees = s.nominees.filter((n) => n.voterId !== cmd.voterId);
      await commit(s, { actor, action: 'nominee.removed', details: { voterId: cmd.voterId } });
      break;
    case 'finalizeCandidates': {
      const ordered = orderCandidateList(s.nominees.map((n) => ({ ...n, personId: n.voterId }))).map(({ personId: _p, ...n }) => n as Nominee);
      const check = checkCandidateList(s.plan, ordered.map((n) => ({ personId: n.voterId, office: n.office, gender: n.gender, nominationVotes: n.nominationVotes })));
      const standing = electionCommitteeAfterNomination(sittingCommittee(s), ordered.flatMap((n) => (n.userId ? [n.userId] : [])));
      for (const m of s.committee) if (standing.leaving.includes(m.userId)) m.left = true;
      s.listWarnings = [...check.warnings, ...(standing.leaving.length > 0 && standing.needsReplenishing ? [{ key: 'election.warnings.committeeNeedsMembers' }] : [])];
      s.candidates = ordered;
      s.candidatesPublishedAt = now;
      s.pollsOpenAt = pollsOpenAt(s, now);
      s.phase = 'candidates_published';
      await commit(s, { actor, action: 'candidate_list.published', disclosure: 'candidate_list', committeeLeft: standing.leaving, details: { candidates: ordered.length } });
      break;
    }
    case 'enterPaperTotals': {
      const round = s.round!;
      round.paper = [
        ...round.paper.filter((p) => p.boxId !== cmd.entry.boxId),
        { ...cmd.entry, enteredBy: actor, confirmedBy: null, scanAttachmentId: cmd.scanAttachmentId },
      ];
      await commit(s, { actor, action: 'paper_totals.entered', details: { round: round.no, ...cmd.entry, scanAttachmentId: cmd.scanAttachmentId } });
      break;
    }
    case 'confirmPaperTotals': {
      const entry = s.round!.paper.find((p) => p.boxId === cmd.boxId)!;
      entry.confirmedBy = actor;
      await commit(s, { actor, action: 'paper_totals.confirmed', details: { round: s.round!.no, boxId: cmd.boxId } });
      break;
    }
    case 'closePolls': {
      const round = s.round!;
      round.closedAt = now;
      s.phase = 'counting';
      // Once this write has committed, no ballot can enter: the phase row is no longer 'voting'.
      await commit(s, { actor, action: 'election.polls_closed', details: { round: round.no } });
      await acts.resealBallots({ electionId: s.electionId, roundNo: round.no });
      break;
    }
    case 'tally': {
      const round = s.round!;
      const online = await acts.countOnlineRound({ electionId: s.electionId, roundNo: round.no, form: round.form });
      const combined = combineCounts(
        { issued: online.onlineIssued, totals: online.totals },
        round.paper.map((p) => ({ ...p, scanAttached: p.scanAttachmentId !== null })),
      );
      if (combined.kind !== 'ready') throw new DomainError(combined.boxes[0]!.key, { boxId: combined.boxes[0]!.boxId });
      const electorate = electorateSize(s.plan.mode, online.electorate);
      const outcome = decideRound({ round: round.kind, electorate, count: combined.count, form: round.form, alreadyElected: round.alreadyElected });
      const voidSections = { ...online.totals.voidSections };
      for (const p of round.paper) for (const [o, n] of Object.entries(p.voidSections ?? {})) voidSections[o as keyof typeof voidSections] += n ?? 0;
      const record: RoundRecord = {
        no: round.no,
        kind: round.kind,
        form: round.form,
        electorate,
        count: combined.count,
        onlineIssued: online.onlineIssued,
        onlineReturned: online.totals.returned,
        paper: round.paper,
        voidSections,
        outcome,
        receipts: online.receipts,
        talliedAt: now,
      };
      s.rounds.push(record);
      s.round = null;
      const after = afterRound(s.progress, { kind: round.kind, form: round.form, alreadyElected: round.alreadyElected }, outcome, contestMargins(s.plan));
      s.progress = after.progress;
      await follow(s, after.next, actor);
      break;
    }
    case 'openNextRound': {
      const due = s.nextRound!;
      await openRound(s, due.kind, due.form, due.alreadyElected, actor);
      break;
    }
    case 'objectToResult':
      s.objections.push({ id: cmd.objectionId, raisedBy: actor, raisedAt: now, body: cmd.body.trim(), status: 'open', ruling: null });
      await commit(s, { actor, action: 'result_objection.raised', details: { objectionId: cmd.objectionId } });
      break;
    case 'ruleOnObjection': {
      const o = s.objections.find((x) => x.id === cmd.objectionId)!;
      o.status = cmd.ruling;
      o.ruling = { by: actor, at: now, reasons: cmd.reasons.trim() };
      if (cmd.ruling === 'upheld') {
        s.phase = 'void';
        s.voidReason = { key: 'election.errors.resultObjectionUpheld', params: {} };
        await commit(s, {
          actor,
          action: 'result_objection.upheld',
          details: { objectionId: o.id },
          disclosure: 'election_result',
          ...(s.disclosures.result ? { corrects: { disclosureId: s.disclosures.result, reason: o.ruling.reasons } } : {}),
        });
      } else await commit(s, { actor, action: 'result_objection.dismissed', details: { objectionId: o.id } });
      break;
    }
  }
  return { step: s.step, phase: s.phase };
}
