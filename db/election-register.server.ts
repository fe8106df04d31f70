/** The voter register 选民名单 (encrypted ID numbers, see election-keys.server.ts) and objections to it. */
import { refuse, type Refusal, type Verdict } from '../domain/errors';
import type { BallotForm } from '../domain/election/ballot';
import type { ElectionPlan } from '../domain/election/plan';
import type { ElectionSnapshot } from '../domain/election/process';
import { validateRegisterRow, type RowError, type VoterEntry } from '../domain/election/register';
import { normalizeIdNumber } from '../domain/election/idcard';
import { checkObjectionFiling, objectionDecisionDueMs } from '../domain/election/timeline';
import type { ElectorateCounts } from '../domain/election/tally';
import type { Queryable, Sql } from './client.server';
import { encryptIdNumber, hashIdNumber } from './election-keys.server';
import { audit, electionById } from './election-rows.server';

// ─── voter register ─────────────────────────────────────────────────────────────────────────────

export type VoterRow = {
  id: string;
  name: string;
  gender: 'male' | 'female';
  group: string;
  householdId: string;
  idMasked: string;
  basis: string;
  hasAccount: boolean;
  source: string;
  status: 'active' | 'removed';
  removedReason: string | null;
};

const voterColumns = (q: Queryable) => q`
  id, name, gender, group_name as "group", household_id as "householdId", id_masked as "idMasked", basis,
  user_id is not null as "hasAccount", source, status, removed_reason as "removedReason"`;

export async function searchVoters(
  q: Queryable,
  electionId: string,
  opts: { query?: string; limit?: number; offset?: number; includeRemoved?: boolean } = {},
): Promise<{ voters: VoterRow[]; total: number }> {
  const text = (opts.query ?? '').trim();
  const like = `%${text.replace(/[%_\\]/g, (c) => '\\' + c)}%`;
  const where = () => q`election_id = ${electionId}
    ${opts.includeRemoved ? q`` : q`and status = 'active'`}
    ${text ? q`and (name like ${like} or group_name like ${like} or household_id like ${like})` : q``}`;
  const voters = await q<VoterRow[]>`
    select ${voterColumns(q)} from voters where ${where()}
    order by status, group_name, household_id, name limit ${opts.limit ?? 50} offset ${opts.offset ?? 0}`;
  const [count] = await q<{ n: number }[]>`select count(*)::int as n from voters where ${where()}`;
  return { voters, total: count!.n };
}

export async function voterById(q: Queryable, electionId: string, voterId: string): Promise<(VoterRow & { userId: string | null }) | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(voterId)) return undefined;
  const [row] = await q<(VoterRow & { userId: string | null })[]>`
    select ${voterColumns(q)}, user_id as "userId" from voters where election_id = ${electionId} and id = ${voterId}`;
  return row;
}

/** The active register entry of a signed-in person in this election, if any. */
export async function voterOfUser(q: Queryable, electionId: string, userId: string): Promise<string | null> {
  const [row] = await q<{ id: string }[]>`
    select id from voters where election_id = ${electionId} and user_id = ${userId} and status = 'active'`;
  return row?.id ?? null;
}

export async function electorateCounts(q: Queryable, electionId: string): Promise<ElectorateCounts> {
  const [row] = await q<{ voters: number; households: number }[]>`
    select count(*)::int as voters, count(distinct household_id)::int as households
    from voters where election_id = ${electionId} and status = 'active'`;
  return { registeredVoters: row!.voters, registeredHouseholds: row!.households, groupRepresentatives: row!.voters };
}

/** Registrations of these hashes in other communities' running elections (edge #16). */
export async function hashesRegisteredElsewhere(q: Queryable, communityId: string, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await q<{ h: string }[]>`
    select distinct v.id_hash as h from voters v join elections e on e.id = v.election_id
    where v.status = 'active' and v.id_hash = any(${hashes}::text[]) and e.community_id <> ${communityId}
      and e.phase not in ('closed', 'void')`;
  return new Set(rows.map((r) => r.h));
}

export async function insertVoterRows(
  tx: Queryable,
  e: { electionId: string; communityId: string },
  entries: readonly VoterEntry[],
  meta: { source: 'import' | 'manual' | 'objection'; importId?: string; addedBy: string },
): Promise<string[]> {
  if (entries.length === 0) return [];
  const rows = entries.map((v) => ({
    election_id: e.electionId,
    community_id: e.communityId,
    name: v.name,
    gender: v.gender,
    group_name: v.group,
    household_id: v.householdId,
    phone: v.phone,
    basis: v.basis,
    id_cipher: encryptIdNumber(v.idNumber),
    id_hash: v.idHash,
    id_masked: v.maskedId,
    source: meta.source,
    import_id: meta.importId ?? null,
    added_by: meta.addedBy,
  }));
  const ids = await tx<{ id: string }[]>`insert into voters ${tx(rows)} returning id`;
  return ids.map((r) => r.id);
}

/**
 * Links register entries to accounts of people of the community with the same phone AND name, so
 * they can vote online when signed in. A phone shared by several voters links nobody.
 */
export async function linkAccounts(tx: Queryable, electionId: string, communityId: string): Promise<void> {
  await tx`
    update voters v set user_id = u.id
    from users u
    where v.election_id = ${electionId} and v.status = 'active' and v.user_id is null and v.phone is not null
      and u.phone = v.phone and u.display_name = v.name
      and exists (select 1 from memberships m where m.user_id = u.id and m.community_id = ${communityId}
                  and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date))
      and (select count(*) from voters w where w.election_id = v.election_id and w.status = 'active' and w.phone = v.phone) = 1
      and not exists (select 1 from voters w where w.election_id = v.election_id and w.status = 'active' and w.user_id = u.id)`;
}

/** Locks the phase row for the rest of the transaction and returns it. */
export async function lockElection(tx: Queryable, electionId: string) {
  const [row] = await tx<{ phase: ElectionSnapshot['phase']; roundNo: number; ballotForm: BallotForm | null; plan: ElectionPlan; communityId: string }[]>`
    select phase, round_no as "roundNo", ballot_form as "ballotForm", plan, community_id as "communityId"
    from elections where id = ${electionId} for share`;
  return row;
}

export async function lockElectionWithSnapshot(tx: Queryable, electionId: string) {
  const [row] = await tx<{ phase: ElectionSnapshot['phase']; plan: ElectionPlan; communityId: string; snapshot: ElectionSnapshot }[]>`
    select phase, plan, community_id as "communityId", snapshot from elections where id = ${electionId} for share`;
  return row;
}

/**
 * May the register be edited now? During registration freely; after publication only to carry out
 * an upheld objection, and only until objections must be decided (E−2).
 */
function registerEditable(s: ElectionSnapshot, now: number, viaObjection: boolean): Verdict {
  if (s.phase === 'preparation') return refuse('election.errors.registrationNotOpen');
  if (s.phase === 'registration') return { ok: true };
  if (!viaObjection) return refuse('election.errors.registerLocked');
  if (now >= s.schedule.objectionDecisionsBy) return refuse('election.errors.objectionDecisionClosed');
  return { ok: true };
}

export type ManualVoter = { name: string; idNumber: string; gender: string; group: string; householdId: string; phone?: string; basis: string };

/** Adds one voter (manually in registration, or for an upheld objection). Refusals carry row errors. */
export async function addVoter(
  sql: Sql,
  a: { electionId: string; actor: string; voter: ManualVoter; objectionId?: string; now?: number },
): Promise<{ ok: true; voterId: string } | (Refusal & { rowErrors?: RowError[] })> {
  return sql.begin(async (tx) => {
    const e = await lockElectionWithSnapshot(tx, a.electionId);
    if (!e) return refuse('election.errors.electionNotFound');
    const now = a.now ?? Date.now();
    if (a.objectionId) {
      const ok = await upheldObjection(tx, a.electionId, a.objectionId, 'missing');
      if (!ok.ok) return ok;
    }
    const editable = registerEditable(e.snapshot, now, !!a.objectionId);
    if (!editable.ok) return editable;
    const id = normalizeIdNumber(a.voter.idNumber);
    const hash = /^[1-9]\d{16}[\dX]$/.test(id) ? hashIdNumber(id) : '';
    const here = await tx<{ h: string }[]>`select id_hash as h from voters where election_id = ${a.electionId} and status = 'active' and id_hash = ${hash}`;
    const elsewhere = await hashesRegisteredElsewhere(tx, e.communityId, hash ? [hash] : []);
    const { entry, errors } = validateRegisterRow(a.voter, 1, {
      electionDay: e.plan.electionDay,
      hashOf: hashIdNumber,
      registeredHashes: new Set(here.map((r) => r.h)),
      registeredElsewhereHashes: elsewhere,
    });
    if (!entry) return { ...refuse(errors[0]!.key, errors[0]!.params), rowErrors: errors };
    const [voterId] = await insertVoterRows(tx, { electionId: a.electionId, communityId: e.communityId }, [entry], {
      source: a.objectionId ? 'objection' : 'manual',
      addedBy: a.actor,
    });
    await linkAccounts(tx, a.electionId, e.communityId);
    await audit(tx, { communityId: e.communityId, actor: a.actor, action: 'voter.added', electionId: a.electionId, subjectType: 'voter', subjectId: voterId!, details: { objectionId: a.objectionId ?? null, masked: entry.maskedId } });
    return { ok: true as const, voterId: voterId! };
  });
}

export async function removeVoter(
  sql: Sql,
  a: { electionId: string; actor: string; voterId: string; reason: string; objectionId?: string; now?: number },
): Promise<Verdict> {
  if (a.reason.trim() === '') return refuse('election.errors.reasonRequired');
  return sql.begin(async (tx) => {
    const e = await lockElectionWithSnapshot(tx, a.electionId);
    if (!e) return refuse('election.errors.electionNotFound');
    if (a.objectionId) {
      const ok = await upheldObjection(tx, a.electionId, a.objectionId, 'wrongly_listed');
      if (!ok.ok) return ok;
    }
    const editable = registerEditable(e.snapshot, a.now ?? Date.now(), !!a.objectionId);
    if (!editable.ok) return editable;
    const done = await tx`
      update voters set status = 'removed', removed_by = ${a.actor}, removed_at = now(), removed_reason = ${a.reason.trim()}
      where election_id = ${a.electionId} and id = ${a.voterId} and status = 'active' returning id`;
    if (done.length === 0) return refuse('election.errors.voterNotFound');
    await audit(tx, { communityId: e.communityId, actor: a.actor, action: 'voter.removed', electionId: a.electionId, subjectType: 'voter', subjectId: a.voterId, details: { reason: a.reason.trim(), objectionId: a.objectionId ?? null } });
    return { ok: true as const };
  });
}

/** Logs a staff read of personal data (§7.4): who looked at the register with masked ID numbers. */
export async function logRegisterRead(q: Queryable, a: { communityId: string; electionId: string; actor: string; query: string }) {
  await audit(q, { communityId: a.communityId, actor: a.actor, action: 'voter_register.read', electionId: a.electionId, details: { query: a.query } });
}


// ─── objections to the voter list ───────────────────────────────────────────────────────────────

export type VoterObjection = {
  id: string;
  kind: 'missing' | 'wrongly_listed' | 'details_wrong';
  voterId: string | null;
  voterName: string | null;
  body: string;
  raisedBy: string;
  raisedByName: string;
  raisedAt: Date;
  decideBy: Date;
  decision: 'upheld' | 'dismissed' | null;
  decisionReason: string | null;
  decidedAt: Date | null;
};

export async function raiseObjection(
  sql: Sql,
  a: { electionId: string; actor: string; kind: VoterObjection['kind']; voterId?: string | null; body: string; now?: number },
): Promise<{ ok: true; objectionId: string } | Refusal> {
  const e = await electionById(sql, a.electionId);
  if (!e) return refuse('election.errors.electionNotFound');
  const now = a.now ?? Date.now();
  const s = e.snapshot;
  if (s.registerPublishedAt === null) return refuse('election.errors.objectionsNotOpen');
  const window = checkObjectionFiling({ ...s.schedule, objectionsOpenAt: Math.min(s.schedule.objectionsOpenAt, s.registerPublishedAt) }, now);
  if (!window.ok) return window;
  if (a.body.trim() === '') return refuse('election.errors.objectionBodyRequired');
  if (a.kind !== 'missing') {
    if (!a.voterId || !(await voterById(sql, a.electionId, a.voterId))) return refuse('election.errors.objectionVoterRequired');
  }
  const [row] = await sql<{ id: string }[]>`
    insert into voter_objections (election_id, community_id, raised_by, kind, voter_id, body, decide_by)
    values (${a.electionId}, ${e.communityId}, ${a.actor}, ${a.kind}, ${a.kind === 'missing' ? null : a.voterId!},
            ${a.body.trim().slice(0, 2000)}, ${new Date(objectionDecisionDueMs(s.schedule, now))})
    returning id`;
  await audit(sql, { communityId: e.communityId, actor: a.actor, action: 'voter_objection.raised', electionId: a.electionId, subjectType: 'voter_objection', subjectId: row!.id, details: { kind: a.kind } });
  return { ok: true, objectionId: row!.id };
}

export async function decideObjection(
  sql: Sql,
  a: { electionId: string; actor: string; objectionId: string; decision: 'upheld' | 'dismissed'; reason: string; now?: number },
): Promise<Verdict> {
  if (a.reason.trim() === '') return refuse('election.errors.reasonRequired');
  const e = await electionById(sql, a.electionId);
  if (!e) return refuse('election.errors.electionNotFound');
  if ((a.now ?? Date.now()) >= e.snapshot.schedule.objectionDecisionsBy) return refuse('election.errors.objectionDecisionClosed');
  const done = await sql`
    update voter_objections set decision = ${a.decision}, decision_reason = ${a.reason.trim()}, decided_by = ${a.actor}, decided_at = now()
    where id = ${a.objectionId} and election_id = ${a.electionId} and decision is null returning id`;
  if (done.length === 0) return refuse('election.errors.objectionAlreadyDecided');
  await audit(sql, { communityId: e.communityId, actor: a.actor, action: 'voter_objection.decided', electionId: a.electionId, subjectType: 'voter_objection', subjectId: a.objectionId, details: { decision: a.decision, reason: a.reason.trim() } });
  return { ok: true };
}

async function upheldObjection(q: Queryable, electionId: string, objectionId: string, kind: VoterObjection['kind']): Promise<Verdict> {
  const [o] = await q<{ decision: string | null; kind: string }[]>`
    select decision, kind from voter_objections where id = ${objectionId} and election_id = ${electionId}`;
  return o && o.decision === 'upheld' && o.kind === kind ? { ok: true } : refuse('election.errors.objectionNotFound');
}

export async function objectionsOf(q: Queryable, electionId: string, onlyBy?: string): Promise<VoterObjection[]> {
  return q<VoterObjection[]>`
    select o.id, o.kind, o.voter_id as "voterId", v.name as "voterName", o.body, o.raised_by as "raisedBy",
           u.display_name as "raisedByName", o.raised_at as "raisedAt", o.decide_by as "decideBy", o.decision,
           o.decision_reason as "decisionReason", o.decided_at as "decidedAt"
    from voter_objections o join users u on u.id = o.raised_by left join voters v on v.id = o.voter_id
    where o.election_id = ${electionId} ${onlyBy ? q`and o.raised_by = ${onlyBy}` : q``}
    order by o.raised_at`;
}
