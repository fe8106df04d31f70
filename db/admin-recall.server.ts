/**
 * 罢免 recorded as one administration transaction (domain/admin/recall.ts): the petition, the
 * member's reply and the residents' meeting's vote go into the audit log; a passed recall ends the
 * member's committee term on the meeting's date. Not an election workflow: the election plan
 * (5–9 seats, one director) cannot express a single-member vote.
 */
import { checkPetition, recallOutcome, type RecallInput } from '../domain/admin/recall';
import { refuse, type Refusal } from '../domain/errors';
import { writeAudit } from './admin.server';
import type { Sql } from './client.server';
import { endRoleIn } from './roster.server';

export async function recordRecall(sql: Sql, communityId: string, r: RecallInput, actor: string): Promise<{ ok: true; passed: boolean } | Refusal> {
  const petition = checkPetition(r);
  if (!petition.ok) return petition;
  const outcome = recallOutcome(r);
  if (!outcome.ok) return refuse(outcome.key, outcome.params);
  return sql.begin(async (tx) => {
    const [m] = await tx<{ role: string; name: string; office: string | null; startsOn: string }[]>`
      select m.role, u.display_name as name, m.attrs ->> 'office' as office, to_char(m.starts_on, 'YYYY-MM-DD') as "startsOn"
      from memberships m join users u on u.id = m.user_id
      where m.id = ${r.membershipId} and m.community_id = ${communityId} and m.ended_at is null
        and m.starts_on <= ${r.meetingOn}::date and (m.ends_on is null or m.ends_on >= ${r.meetingOn}::date)
      for update of m`;
    if (!m || m.role !== 'committee_member') return refuse('admin.errors.recallNotACommitteeMember');
    if (outcome.passed) {
      const ended = await endRoleIn(tx, communityId, { membershipId: r.membershipId, endsOn: r.meetingOn, reason: `罢免：居民会议 ${r.meetingOn}，到会 ${r.present}，同意 ${r.yes}` }, actor);
      if (!ended.ok) return ended;
    }
    await writeAudit(tx, {
      communityId,
      actor,
      action: 'admin.recallDecided',
      subjectType: 'membership',
      subjectId: r.membershipId,
      details: {
        old: { person: m.name, office: m.office },
        new: { passed: outcome.passed, meetingOn: r.meetingOn },
        petition: { basis: r.petitionBasis, signers: r.petitionSigners, base: r.petitionBase },
        memberReply: r.memberReply,
        meeting: { members: r.meetingMembers, present: r.present, yes: r.yes },
      },
    });
    return { ok: true, passed: outcome.passed };
  });
}
