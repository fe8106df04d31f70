/**
 * A representative's online vote and an item's recusals, written by guarded SQL (db/motion-votes.server.ts,
 * decision 060) instead of a Temporal Update: the caller's role and the motion's stage are checked here
 * by the domain (`availability`), the meeting's own rules under its row lock. The motion workflow is
 * then signalled (`votesChanged`) so it can close early once everyone has voted; a copy of a stored
 * submission does not signal. Part of `./motions.server`.
 */
import { isUuid, motionById } from '../db/motions.server';
import { castRepresentativeVote, nextOpenVoteFor, openVoteRoster, recordVoteRecusals, type OpenVoteRoster } from '../db/motion-votes.server';
import { holdsAny } from '../domain/motion/permissions';
import type { CastVote } from '../domain/motion/schemas';
import { availability } from '../domain/motion/stages';
import { motionWorkflowId, votesChanged } from '../workflows/api';
import { actorOf, actorRef, refusal, sqlOf, type Caller, type CommandResult } from './motion-access.server';
import { temporal } from './temporal.server';

async function signalVotes(motionId: string, meetingId: string): Promise<void> {
  try {
    const client = await temporal();
    await client.workflow.getHandle(motionWorkflowId(motionId)).signal(votesChanged, { meetingId });
  } catch {
    // The vote is stored; without the signal the workflow reads it when the window closes.
  }
}

/** One ballot in the representatives' online vote; resubmission inside the window replaces it. */
export async function castVote(
  caller: Caller,
  motionId: string,
  input: CastVote,
): Promise<CommandResult<{ version: number; replaced: boolean }>> {
  const sql = sqlOf();
  const motion = isUuid(motionId) && isUuid(input.questionId) ? await motionById(sql, motionId) : undefined;
  if (!motion || motion.communityId !== caller.communityId) return refusal('motion.errors.notPermitted');
  const actor = actorOf(await actorRef(sql, caller, motion.communityId));
  const now = Date.now();
  const v = availability(motion.snapshot, 'castVote', actor, { now, settings: motion.settings });
  if (!v.ok) return refusal(v.key, v.params);
  const r = await castRepresentativeVote(sql, {
    motionId,
    meetingId: input.questionId,
    voterId: caller.userId,
    choice: input.choice,
    idempotencyKey: input.idempotencyKey,
    now,
  });
  if (!r.ok) return r;
  if (r.fresh) await signalVotes(motionId, input.questionId);
  return { ok: true, version: r.version, replaced: r.replaced };
}

/** The director (or a committee member) records who is recused from an item's online vote (§8 #12). */
export async function recordOnlineRecusals(
  caller: Caller,
  motionId: string,
  input: { meetingId: string; personIds: string[] },
): Promise<CommandResult<{ recusedIds: string[] }>> {
  const sql = sqlOf();
  const motion = isUuid(motionId) && isUuid(input.meetingId) ? await motionById(sql, motionId) : undefined;
  if (!motion || motion.communityId !== caller.communityId) return refusal('motion.errors.notPermitted');
  if (!holdsAny({ roles: caller.roles }, ['committee_member'])) return refusal('motion.errors.notPermitted');
  const r = await recordVoteRecusals(sql, { motionId, meetingId: input.meetingId, personIds: input.personIds, actorUserId: caller.userId });
  if (r.ok) await signalVotes(motionId, input.meetingId);
  return r;
}

/** The online vote's roster for the recusal page: committee members of the motion's community only. */
export async function onlineVoteRoster(caller: Caller, motionId: string): Promise<{ title: string; vote: OpenVoteRoster } | undefined> {
  const sql = sqlOf();
  const motion = isUuid(motionId) ? await motionById(sql, motionId) : undefined;
  if (!motion || motion.communityId !== caller.communityId || !holdsAny({ roles: caller.roles }, ['committee_member'])) return undefined;
  const vote = await openVoteRoster(sql, motionId);
  return vote ? { title: motion.title, vote } : undefined;
}

/** The next agenda item open to this representative after `motionId`, for the vote page's "next". */
export async function nextVoteFor(caller: Caller, motionId: string): Promise<{ motionId: string; title: string } | undefined> {
  return nextOpenVoteFor(sqlOf(), { communityId: caller.communityId, userId: caller.userId, afterMotionId: motionId });
}
