/**
 * Elections 换届选举 in PostgreSQL: the read model the workflow writes, the voter register (with
 * encrypted ID numbers), imports, objections, proxies, voting codes, and the secret ballot.
 *
 * Personal data (DOMAIN.md §7). An ID number is stored only as AES-256-GCM ciphertext plus a keyed
 * HMAC-SHA256 hash (de-duplication in this election and across communities, edge #16) and a masked
 * copy for display. The key is `MINYI_DATA_KEY` (32 bytes, hex or base64); without it a key is
 * generated once in `<data dir>/data-key` (mode 0600; the data directory of scripts/lib/paths.ts,
 * `MINYI_DATA_DIR` or `.data/` of the repository the process runs in). Web and worker must see the
 * same key. Back it up with the database: without it the ciphertexts cannot be read and new hashes
 * would not match old ones.
 *
 * Ballot secrecy. `castBallot` writes the participation flag and the ballot in one transaction
 * under `select … for share` of the election's phase row. The two tables share only
 * (election_id, round_no); ballots carry a random id, no time and no voter. Two physical traces
 * could still pair them: the rows' physical order and their `xmin` (the inserting transaction id).
 * `resealBallots` rewrites a round's ballots in random order in one transaction, 8 times per
 * polling day and when polls close, so afterwards both traces say nothing. Residual risk,
 * documented: between two reseals (3 scaled hours) a database superuser reading system columns
 * could pair a ballot with its voter; the WAL (and any logical replica) records both inserts of a
 * vote together until it is recycled. The application, its pages and backups taken after polls
 * close cannot.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, randomInt } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { refuse, type Refusal, type Verdict } from '../domain/errors';
import {
  checkBallotIssue,
  checkOnlineBallot,
  countPaperBallot,
  tallyBallots,
  type Ballot,
  type BallotChannel,
  type BallotForm,
  type BallotTotals,
  type SectionCount,
} from '../domain/election/ballot';
import type { ElectionPlan } from '../domain/election/plan';
import { checkProxy } from '../domain/election/proxy';
import type { ElectionSnapshot } from '../domain/election/process';
import {
  createRegisterValidator,
  validateRegisterRow,
  type RegisterField,
  type RegisterImportRow,
  type RowError,
  type VoterEntry,
} from '../domain/election/register';
import { normalizeIdNumber } from '../domain/election/idcard';
import { checkObjectionFiling, checkProxyApplicationTime, objectionDecisionDueMs, type ElectionSchedule } from '../domain/election/timeline';
import type { ElectorateCounts } from '../domain/election/tally';
import type { Queryable, Sql } from './client.server';
import { readSheet } from './spreadsheet.server';
import { claimAttempt, codeBuckets, settleAttempt } from './throttle.server';
import { assertProductionConfig } from '../app/production.server';

// ─── keys ───────────────────────────────────────────────────────────────────────────────────────

type Keys = { enc: Buffer; idMac: Buffer; codeMac: Buffer };
let keys: Keys | undefined;

function decodeKey(text: string, where: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new Error(`${where} must be 32 bytes, written as 64 hex digits or base64`);
  return key;
}

/**
 * The data directory: `npm start` and `npm test` set MINYI_DATA_DIR for themselves and every process
 * they start (scripts/run.ts), so web, worker and seeds find the same key file. A process started
 * by hand uses `.data/` under its working directory unless MINYI_DATA_KEY is set.
 */
function dataDir(): string {
  return resolve(process.env.MINYI_DATA_DIR ?? join(process.cwd(), '.data'));
}

/**
 * The master key: MINYI_DATA_KEY, else `<data dir>/data-key`, created once (atomically) if missing —
 * except in production (MINYI_PRODUCTION=1, decision 025), where MINYI_DATA_KEY is required.
 */
function masterKey(): Buffer {
  const env = process.env.MINYI_DATA_KEY;
  if (env) return decodeKey(env, 'MINYI_DATA_KEY');
  assertProductionConfig(); // production: the key never lives in (or is made in) the data directory
  const dir = dataDir();
  const file = join(dir, 'data-key');
  try {
    return decodeKey(readFileSync(file, 'utf8'), file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  mkdirSync(dir, { recursive: true }); // the directory's mode is the data directory's business
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
  try {
    linkSync(tmp, file); // fails if another process won the race: then its key is used
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    unlinkSync(tmp);
  }
  return decodeKey(readFileSync(file, 'utf8'), file);
}

function dataKeys(): Keys {
  if (!keys) {
    const master = masterKey();
    const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, 'minyi-elections', info, 32));
    keys = { enc: derive('voter-id-encryption'), idMac: derive('voter-id-hash'), codeMac: derive('voting-code-hash') };
  }
  return keys;
}

/**
 * A key for other personal data (the people register's phone numbers), derived from the same
 * master key as the ID-number keys, one per purpose.
 */
export const derivedDataKey = (purpose: string): Buffer => Buffer.from(hkdfSync('sha256', masterKey(), 'minyi-personal', purpose, 32));

const purposeKeys = new Map<string, Buffer>();
/** A keyed digest (HMAC-SHA-256 under a key derived from the data key for `purpose`). */
export function keyedDigest(purpose: 'consultation-code', message: string): string {
  let key = purposeKeys.get(purpose);
  if (!key) purposeKeys.set(purpose, (key = Buffer.from(hkdfSync('sha256', masterKey(), 'minyi', purpose, 32))));
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}

/** Keyed hash of a normalized ID number (the same in every community, for edge #16). */
export const hashIdNumber = (id: string) => createHmac('sha256', dataKeys().idMac).update(normalizeIdNumber(id), 'utf8').digest('hex');

function encrypt(plain: Buffer): Buffer {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', dataKeys().enc, iv);
  const body = Buffer.concat([c.update(plain), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]);
}

function decrypt(blob: Buffer): Buffer {
  const d = createDecipheriv('aes-256-gcm', dataKeys().enc, blob.subarray(0, 12));
  d.setAuthTag(blob.subarray(12, 28));
  return Buffer.concat([d.update(blob.subarray(28)), d.final()]);
}

export const encryptIdNumber = (id: string) => 'v1:' + encrypt(Buffer.from(id, 'utf8')).toString('base64');
export function decryptIdNumber(cipher: string): string {
  if (!cipher.startsWith('v1:')) throw new Error('unknown ID cipher version');
  return decrypt(Buffer.from(cipher.slice(3), 'base64')).toString('utf8');
}

/** 12 digits, shown as `1234 5678 9012`: voting codes and receipt codes. */
export function newDigitCode(): string {
  let s = '';
  for (let i = 0; i < 12; i++) s += String(randomInt(10));
  return s;
}
export const normalizeDigitCode = (raw: string) => raw.replace(/[\s-]/g, '');
export const formatDigitCode = (code: string) => code.replace(/(\d{4})(?=\d)/g, '$1 ');

/** Receipts use a plain SHA-256, so anyone can recompute the published digest. */
export const receiptHash = (electionId: string, code: string) =>
  createHash('sha256').update(`${electionId}:${normalizeDigitCode(code)}`, 'utf8').digest('hex');
/** Voting codes are secrets that let someone vote: keyed hash. */
const votingCodeHash = (electionId: string, code: string) =>
  createHmac('sha256', dataKeys().codeMac).update(`${electionId}:${normalizeDigitCode(code)}`, 'utf8').digest('hex');

// ─── audit ──────────────────────────────────────────────────────────────────────────────────────

export async function audit(
  q: Queryable,
  e: { communityId: string; actor: string | null; action: string; electionId: string; subjectType?: string; subjectId?: string; details?: object; workflowStep?: number },
) {
  await q`insert into audit_log (community_id, actor_user_id, action, subject_type, subject_id, workflow_id, step, details)
          values (${e.communityId}, ${e.actor}, ${e.action}, ${e.subjectType ?? 'election'}, ${e.subjectId ?? e.electionId},
                  ${e.workflowStep !== undefined ? `election-${e.electionId}` : null},
                  ${e.workflowStep !== undefined ? String(e.workflowStep) : null}, ${q.json((e.details ?? {}) as never)})
          on conflict do nothing`;
}

// ─── elections ──────────────────────────────────────────────────────────────────────────────────

export type ElectionRow = {
  id: string;
  communityId: string;
  title: string;
  plan: ElectionPlan;
  dayMs: number;
  schedule: ElectionSchedule;
  phase: ElectionSnapshot['phase'];
  roundNo: number;
  ballotForm: BallotForm | null;
  step: number;
  snapshot: ElectionSnapshot;
  createdAt: Date;
};

const electionColumns = (q: Queryable) => q`
  id, community_id as "communityId", title, plan, day_ms::float8 as "dayMs", schedule, phase,
  round_no as "roundNo", ballot_form as "ballotForm", step, snapshot, created_at as "createdAt"`;

export async function insertElection(
  sql: Sql,
  e: { snapshot: ElectionSnapshot; createdBy: string; committee: { userId: string; chair: boolean }[] },
): Promise<{ created: boolean }> {
  const s = e.snapshot;
  return sql.begin(async (tx) => {
    const inserted = await tx`
      insert into elections (id, community_id, title, plan, day_ms, schedule, phase, step, snapshot, created_by)
      values (${s.electionId}, ${s.communityId}, ${s.title}, ${tx.json(s.plan as never)}, ${s.dayMs},
              ${tx.json(s.schedule as never)}, ${s.phase}, 0, ${tx.json(s as never)}, ${e.createdBy})
      on conflict (id) do nothing returning id`;
    if (inserted.length === 0) return { created: false };
    for (const m of e.committee) {
      await tx`insert into election_committee_members (election_id, user_id, is_chair) values (${s.electionId}, ${m.userId}, ${m.chair})`;
      // The role 选举委员会成员 in this community, if the person does not hold it yet.
      await tx`insert into memberships (user_id, role, community_id)
               select ${m.userId}, 'election_committee', ${s.communityId}
               where not exists (select 1 from memberships where user_id = ${m.userId} and role = 'election_committee'
                                 and community_id = ${s.communityId} and starts_on <= current_date
                                 and (ends_on is null or ends_on >= current_date))`;
    }
    await audit(tx, { communityId: s.communityId, actor: e.createdBy, action: 'election.created', electionId: s.electionId, details: { title: s.title, mode: s.plan.mode, seats: s.plan.seats, onlineVoting: s.plan.onlineVoting } });
    return { created: true };
  });
}

/** Who set the election up (its workflow input names them). */
export async function electionCreator(q: Queryable, electionId: string): Promise<string> {
  const [row] = await q<{ createdBy: string }[]>`select created_by as "createdBy" from elections where id = ${electionId}`;
  return row!.createdBy;
}

/** Marks an election whose workflow never started as void (phase row only; audited). */
export async function voidOrphanElection(sql: Sql, a: { electionId: string; actor: string }): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ communityId: string }[]>`
      update elections set phase = 'void' where id = ${a.electionId} and step = 0 and phase not in ('results', 'closed', 'void')
      returning community_id as "communityId"`;
    if (!row) return false;
    await audit(tx, { communityId: row.communityId, actor: a.actor, action: 'election.orphan_voided', electionId: a.electionId });
    return true;
  });
}

export async function electionById(q: Queryable, electionId: string): Promise<ElectionRow | undefined> {
  const [row] = await q<ElectionRow[]>`select ${electionColumns(q)} from elections where id = ${electionId}`;
  return row;
}

export async function electionIn(q: Queryable, communityId: string, electionId: string): Promise<ElectionRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(electionId)) return undefined;
  const [row] = await q<ElectionRow[]>`select ${electionColumns(q)} from elections where id = ${electionId} and community_id = ${communityId}`;
  return row;
}

export async function electionsOf(q: Queryable, communityId: string): Promise<ElectionRow[]> {
  return q<ElectionRow[]>`select ${electionColumns(q)} from elections where community_id = ${communityId} order by created_at desc`;
}

export async function runningElectionOf(q: Queryable, communityId: string): Promise<string | null> {
  const [row] = await q<{ id: string }[]>`
    select id from elections where community_id = ${communityId} and phase not in ('results', 'closed', 'void') limit 1`;
  return row?.id ?? null;
}

/**
 * The workflow's write after each step: phase row, round, snapshot; one audit entry per step.
 * A write carrying an older step never overwrites a newer one (activities may be retried).
 */
export async function writeElectionState(
  sql: Sql,
  w: { snapshot: ElectionSnapshot; audit?: { actor: string | null; action: string; details?: object }; committeeLeft?: string[] },
): Promise<void> {
  const s = w.snapshot;
  await sql.begin(async (tx) => {
    const updated = await tx`
      update elections set phase = ${s.phase}, round_no = ${s.round?.no ?? s.rounds.at(-1)?.no ?? 0},
             ballot_form = ${s.round ? tx.json(s.round.form as never) : null}, step = ${s.step},
             snapshot = ${tx.json(s as never)}, updated_at = now()
      where id = ${s.electionId} and step < ${s.step} returning id`;
    if (updated.length === 0) return;
    for (const userId of w.committeeLeft ?? [])
      await tx`update election_committee_members set left_at = now(), left_reason = 'candidate'
               where election_id = ${s.electionId} and user_id = ${userId} and left_at is null`;
    if (w.audit)
      await audit(tx, { communityId: s.communityId, actor: w.audit.actor, action: w.audit.action, electionId: s.electionId, details: w.audit.details, workflowStep: s.step });
  });
}

export async function committeeUserIds(q: Queryable, electionId: string): Promise<string[]> {
  const rows = await q<{ userId: string }[]>`
    select user_id as "userId" from election_committee_members where election_id = ${electionId} and left_at is null`;
  return rows.map((r) => r.userId);
}

/** People of the community (any role there today), for choosing the election committee. */
export async function communityPeople(q: Queryable, communityId: string): Promise<{ userId: string; name: string; roles: string[] }[]> {
  return q<{ userId: string; name: string; roles: string[] }[]>`
    select u.id as "userId", u.display_name as name, array_agg(distinct m.role order by m.role) as roles
    from memberships m join users u on u.id = m.user_id
    where m.community_id = ${communityId} and m.starts_on <= current_date and (m.ends_on is null or m.ends_on >= current_date)
    group by u.id, u.display_name order by u.display_name`;
}

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
async function hashesRegisteredElsewhere(q: Queryable, communityId: string, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await q<{ h: string }[]>`
    select distinct v.id_hash as h from voters v join elections e on e.id = v.election_id
    where v.status = 'active' and v.id_hash = any(${hashes}::text[]) and e.community_id <> ${communityId}
      and e.phase not in ('closed', 'void')`;
  return new Set(rows.map((r) => r.h));
}

async function insertVoterRows(
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
async function linkAccounts(tx: Queryable, electionId: string, communityId: string): Promise<void> {
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
async function lockElection(tx: Queryable, electionId: string) {
  const [row] = await tx<{ phase: ElectionSnapshot['phase']; roundNo: number; ballotForm: BallotForm | null; plan: ElectionPlan; communityId: string }[]>`
    select phase, round_no as "roundNo", ballot_form as "ballotForm", plan, community_id as "communityId"
    from elections where id = ${electionId} for share`;
  return row;
}

async function lockElectionWithSnapshot(tx: Queryable, electionId: string) {
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

// ─── register import (CSV / XLSX) ───────────────────────────────────────────────────────────────

export const IMPORT_MAX_BYTES = 5 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 50_000;
const CHUNK = 500;

const HEADERS: Record<RegisterField, string[]> = {
  name: ['姓名', 'name'],
  idNumber: ['身份证号码', '身份证号', '公民身份号码', '身份证', 'idnumber', 'id number', 'id_number'],
  gender: ['性别', 'gender', 'sex'],
  group: ['居民小组', '所在居民小组', '小组', 'group'],
  householdId: ['户号', '户编号', 'household', 'householdid', 'household id', 'household_id'],
  phone: ['手机号码', '手机号', '手机', '联系电话', '电话', 'phone', 'mobile'],
  basis: ['登记依据', '依据', '登记类型', 'basis'],
};
const REQUIRED: RegisterField[] = ['name', 'idNumber', 'gender', 'group', 'householdId', 'basis'];

export type ParsedRegister = { ok: true; rows: RegisterImportRow[]; headerRow: number } | Refusal;

function rowsFromTable(headerCells: string[], body: string[][], headerRow: number): ParsedRegister {
  const header = headerCells.map((h) => h.trim().toLowerCase());
  const index = {} as Record<RegisterField, number>;
  const missing: string[] = [];
  for (const field of Object.keys(HEADERS) as RegisterField[]) {
    const i = header.findIndex((h) => HEADERS[field].includes(h));
    index[field] = i;
    if (i < 0 && REQUIRED.includes(field)) missing.push(HEADERS[field][0]!);
  }
  if (missing.length > 0) return refuse('election.errors.importMissingColumns', { columns: missing.join('、') });
  if (body.length === 0) return refuse('election.errors.importEmpty');
  if (body.length > IMPORT_MAX_ROWS) return refuse('election.errors.importTooManyRows', { max: IMPORT_MAX_ROWS });
  const cell = (r: string[], f: RegisterField) => (index[f] >= 0 ? (r[index[f]] ?? '').trim() : '');
  return {
    ok: true,
    headerRow,
    rows: body.map((r) => ({
      name: cell(r, 'name'),
      idNumber: cell(r, 'idNumber'),
      gender: cell(r, 'gender'),
      group: cell(r, 'group'),
      householdId: cell(r, 'householdId'),
      phone: cell(r, 'phone') || null,
      basis: cell(r, 'basis'),
    })),
  };
}

export function detectFormat(filename: string, bytes: Buffer): 'csv' | 'xlsx' | null {
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) return 'xlsx';
  // An OLE file (password-protected workbook or old .xls): the reader says which.
  if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0) return 'xlsx';
  if (/\.xlsx$/i.test(filename)) return null; // named .xlsx but not a zip
  if (/\.(csv|txt)$/i.test(filename) || !/\.[a-z0-9]+$/i.test(filename)) return 'csv';
  return null;
}

/**
 * Reads a register file into rows (row n of the result is spreadsheet row headerRow + 1 + n), off
 * the event loop and within the reader's caps (db/spreadsheet.server.ts); a refusal is a `sheet.*` key.
 */
export async function parseRegisterFile(bytes: Buffer, format: 'csv' | 'xlsx'): Promise<ParsedRegister> {
  const sheet = await readSheet(bytes, format === 'xlsx' ? 'register.xlsx' : 'register.csv', {
    maxBytes: IMPORT_MAX_BYTES,
    maxRows: IMPORT_MAX_ROWS + 1, // the header row and the voters
    maxColumns: 64,
    maxCellChars: 500,
  });
  if (!sheet.ok) return refuse(sheet.key, sheet.params);
  if (sheet.header.length === 0) return refuse('election.errors.importEmpty');
  return rowsFromTable(sheet.header, sheet.rows, sheet.headerRow);
}

export type ImportStatus = 'queued' | 'reading' | 'checking' | 'storing' | 'imported' | 'rejected' | 'refused';
export type ImportRow = {
  id: string;
  electionId: string;
  filename: string;
  format: 'csv' | 'xlsx';
  status: ImportStatus;
  totalRows: number | null;
  processedRows: number;
  importedCount: number;
  errorCount: number;
  errors: RowError[];
  failureKey: string | null;
  failureParams: Record<string, string | number> | null;
  createdAt: Date;
  finishedAt: Date | null;
};
export const importFinished = (s: ImportStatus) => s === 'imported' || s === 'rejected' || s === 'refused';

const importColumns = (q: Queryable) => q`
  id, election_id as "electionId", filename, format, status, total_rows as "totalRows", processed_rows as "processedRows",
  imported_count as "importedCount", error_count as "errorCount", errors, failure_key as "failureKey",
  failure_params as "failureParams", created_at as "createdAt", finished_at as "finishedAt"`;

/** Stores an upload (encrypted) to be imported by the workflow's activity. */
export async function createImport(
  sql: Sql,
  a: { importId: string; electionId: string; communityId: string; filename: string; bytes: Buffer; actor: string },
): Promise<{ ok: true; format: 'csv' | 'xlsx' } | Refusal> {
  if (a.bytes.length > IMPORT_MAX_BYTES) return refuse('election.errors.importTooLarge', { maxMb: IMPORT_MAX_BYTES / 1024 / 1024 });
  if (a.bytes.length === 0) return refuse('election.errors.importEmpty');
  const format = detectFormat(a.filename, a.bytes);
  if (!format) return refuse('election.errors.importFileUnreadable');
  await sql`insert into voter_imports (id, election_id, community_id, filename, format, file_cipher, status, created_by)
            values (${a.importId}, ${a.electionId}, ${a.communityId}, ${a.filename.slice(0, 200)}, ${format},
                    ${encrypt(a.bytes)}, 'queued', ${a.actor})
            on conflict (id) do nothing`;
  return { ok: true, format };
}

export async function importById(q: Queryable, electionId: string, importId: string): Promise<ImportRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) return undefined;
  const [row] = await q<ImportRow[]>`select ${importColumns(q)} from voter_imports where id = ${importId} and election_id = ${electionId}`;
  return row;
}

export async function importsOf(q: Queryable, electionId: string): Promise<ImportRow[]> {
  return q<ImportRow[]>`select ${importColumns(q)} from voter_imports where election_id = ${electionId} order by created_at desc limit 20`;
}

/** An import the workflow refused (e.g. registration closed): say so on its page. */
export async function refuseImport(sql: Sql, importId: string, key: string, params?: Record<string, string | number>) {
  await sql`update voter_imports set status = 'refused', failure_key = ${key}, failure_params = ${params ? sql.json(params as never) : null},
                                     file_cipher = null, finished_at = now()
            where id = ${importId} and status = 'queued'`;
}

const MAX_STORED_ERRORS = 2000;

/**
 * Runs one import all or nothing: read, check every row (progress saved every 500 rows), then
 * store every voter in one transaction guarded by the phase row — or nothing if any row is wrong.
 * Idempotent: a finished import is returned as it is; a retried one starts again from the file.
 */
export async function runVoterImport(sql: Sql, importId: string, heartbeat: () => void = () => {}): Promise<ImportRow> {
  const [imp] = await sql<(ImportRow & { fileCipher: Buffer | null; communityId: string; createdBy: string })[]>`
    select ${importColumns(sql)}, file_cipher as "fileCipher", community_id as "communityId", created_by as "createdBy"
    from voter_imports where id = ${importId}`;
  if (!imp) throw new Error(`no import ${importId}`);
  if (importFinished(imp.status)) return imp;
  const finish = async (status: ImportStatus, f: { key?: string; params?: Record<string, string | number>; errors?: RowError[]; imported?: number } = {}) => {
    const errors = f.errors ?? [];
    await sql`update voter_imports set status = ${status}, failure_key = ${f.key ?? null},
                     failure_params = ${f.params ? sql.json(f.params as never) : null},
                     errors = ${sql.json(errors.slice(0, MAX_STORED_ERRORS) as never)}, error_count = ${errors.length},
                     imported_count = ${f.imported ?? 0}, file_cipher = null, finished_at = now()
              where id = ${importId}`;
    return (await importById(sql, imp.electionId, importId))!;
  };
  const progress = (fields: { status?: ImportStatus; total?: number; processed: number }) =>
    sql`update voter_imports set status = coalesce(${fields.status ?? null}, status),
               total_rows = coalesce(${fields.total ?? null}::int, total_rows), processed_rows = ${fields.processed}
        where id = ${importId}`;

  const election = await electionById(sql, imp.electionId);
  if (!election || election.phase !== 'registration')
    return finish('refused', { key: election && election.phase === 'preparation' ? 'election.errors.registrationNotOpen' : 'election.errors.registrationClosed' });
  if (!imp.fileCipher) return finish('refused', { key: 'election.errors.importFileUnreadable' });

  await progress({ status: 'reading', processed: 0 });
  const parsed = await parseRegisterFile(decrypt(imp.fileCipher), imp.format);
  if (!parsed.ok) return finish('rejected', { key: parsed.key, params: parsed.params });
  const rows = parsed.rows;
  await progress({ status: 'checking', total: rows.length, processed: 0 });
  heartbeat();

  const shaped = rows.map((r) => normalizeIdNumber(r.idNumber ?? '')).filter((id) => /^[1-9]\d{16}[\dX]$/.test(id));
  const hashes = [...new Set(shaped.map(hashIdNumber))];
  const here = await sql<{ h: string }[]>`
    select id_hash as h from voters where election_id = ${imp.electionId} and status = 'active' and id_hash = any(${hashes}::text[])`;
  const validator = createRegisterValidator({
    electionDay: election.plan.electionDay,
    hashOf: hashIdNumber,
    registeredHashes: new Set(here.map((r) => r.h)),
    registeredElsewhereHashes: await hashesRegisteredElsewhere(sql, imp.communityId, hashes),
    firstRowNumber: parsed.headerRow + 1, // the row after the header
  });
  for (let i = 0; i < rows.length; i += CHUNK) {
    validator.add(rows.slice(i, i + CHUNK));
    await progress({ processed: Math.min(rows.length, i + CHUNK) });
    heartbeat();
  }
  const result = validator.result();
  if (result.errors.length > 0 || result.entries.length === 0)
    return finish('rejected', result.errors.length > 0 ? { errors: result.errors } : { key: 'election.errors.importEmpty' });

  await progress({ status: 'storing', processed: 0 });
  try {
    const stored = await sql.begin(async (tx) => {
      const e = await lockElection(tx, imp.electionId);
      if (!e || e.phase !== 'registration') return refuse('election.errors.registrationClosed');
      for (let i = 0; i < result.entries.length; i += CHUNK) {
        await insertVoterRows(tx, { electionId: imp.electionId, communityId: imp.communityId }, result.entries.slice(i, i + CHUNK), {
          source: 'import',
          importId,
          addedBy: imp.createdBy,
        });
        await progress({ processed: Math.min(result.entries.length, i + CHUNK) }); // on the pool, outside this transaction
        heartbeat();
      }
      await linkAccounts(tx, imp.electionId, imp.communityId);
      await audit(tx, { communityId: imp.communityId, actor: imp.createdBy, action: 'voter_register.imported', electionId: imp.electionId, subjectType: 'voter_import', subjectId: importId, details: { rows: result.entries.length, filename: imp.filename } });
      return { ok: true as const };
    });
    if (!stored.ok) return finish('refused', { key: stored.key });
  } catch (e) {
    if ((e as { code?: string }).code === '23505') return finish('rejected', { key: 'election.errors.importConflict' });
    throw e;
  }
  return finish('imported', { imported: result.entries.length });
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

// ─── proxies ────────────────────────────────────────────────────────────────────────────────────

export async function recordProxy(
  sql: Sql,
  a: { electionId: string; actor: string; giverVoterId: string; holderVoterId: string; relationship: string; written: boolean; now?: number },
): Promise<Verdict> {
  if (!a.written) return refuse('election.errors.proxyWrittenRequired');
  return sql.begin(async (tx) => {
    const e = await lockElectionWithSnapshot(tx, a.electionId);
    if (!e) return refuse('election.errors.electionNotFound');
    await tx`select pg_advisory_xact_lock(hashtextextended(${'election-proxies:' + a.electionId}, 0))`;
    const s = e.snapshot;
    if (s.registerPublishedAt === null || !['register_published', 'nomination', 'candidates_published'].includes(s.phase))
      return refuse('election.errors.wrongPhase', { phase: s.phase });
    const time = checkProxyApplicationTime(s.schedule, a.now ?? Date.now());
    if (!time.ok) return time;
    const active = async (id: string) =>
      /^[0-9a-f-]{36}$/i.test(id) &&
      (await tx`select 1 from voters where id = ${id} and election_id = ${a.electionId} and status = 'active'`).length > 0;
    const [counts] = await tx<{ held: number; given: number; holderGave: number }[]>`
      select (select count(*)::int from election_proxies where election_id = ${a.electionId} and holder_voter_id::text = ${a.holderVoterId}) as held,
             (select count(*)::int from election_proxies where election_id = ${a.electionId} and giver_voter_id::text = ${a.giverVoterId}) as given,
             (select count(*)::int from election_proxies where election_id = ${a.electionId} and giver_voter_id::text = ${a.holderVoterId}) as "holderGave"`;
    const { held, given, holderGave } = counts!;
    const verdict = checkProxy({
      mode: s.plan.mode,
      giverId: a.giverVoterId,
      holderId: a.holderVoterId,
      giverRegistered: await active(a.giverVoterId),
      holderRegistered: await active(a.holderVoterId),
      closeRelatives: a.relationship.trim() !== '',
      holderProxyCount: held,
      giverHasProxy: given > 0,
      holderHasGivenProxy: holderGave > 0,
    });
    if (!verdict.ok) return verdict;
    await tx`insert into election_proxies (election_id, giver_voter_id, holder_voter_id, relationship, recorded_by)
             values (${a.electionId}, ${a.giverVoterId}, ${a.holderVoterId}, ${a.relationship.trim()}, ${a.actor})`;
    await audit(tx, { communityId: e.communityId, actor: a.actor, action: 'proxy.recorded', electionId: a.electionId, subjectType: 'voter', subjectId: a.giverVoterId, details: { holder: a.holderVoterId, relationship: a.relationship.trim() } });
    return { ok: true as const };
  });
}

export async function proxiesOf(q: Queryable, electionId: string) {
  return q<{ giverVoterId: string; giverName: string; holderVoterId: string; holderName: string; relationship: string }[]>`
    select p.giver_voter_id as "giverVoterId", g.name as "giverName", p.holder_voter_id as "holderVoterId", h.name as "holderName", p.relationship
    from election_proxies p join voters g on g.id = p.giver_voter_id join voters h on h.id = p.holder_voter_id
    where p.election_id = ${electionId} order by h.name, g.name`;
}

// ─── voting codes ───────────────────────────────────────────────────────────────────────────────

/**
 * Issues a voter's one-time code; returns it once. Refused for a voter linked to an account (they
 * vote signed in, so no one else can hold a code for them). A voter who already has a code gets a
 * new one only when a *second* committee member confirms the first one's request (issue 9, item 9);
 * the request and the confirmation are audited and put before the supervision committee as a task.
 */
export async function issueVotingCode(
  sql: Sql,
  a: { electionId: string; actor: string; voterId: string },
): Promise<{ ok: true; code: string } | Refusal> {
  const e = await electionById(sql, a.electionId);
  if (!e) return refuse('election.errors.electionNotFound');
  if (!['candidates_published', 'voting', 'awaiting_round'].includes(e.phase)) return refuse('election.errors.wrongPhase', { phase: e.phase });
  if (!e.plan.onlineVoting.enabled) return refuse('election.errors.onlineVotingOff');
  if (!/^[0-9a-f-]{36}$/i.test(a.voterId)) return refuse('election.errors.voterNotFound');
  const voter = await voterById(sql, a.electionId, a.voterId);
  if (!voter || voter.status !== 'active') return refuse('election.errors.voterNotFound');
  if (voter.userId) return refuse('security.code.voterHasAccount');
  return sql.begin(async (tx) => {
    // One issuer at a time per voter (a request and its confirmation must not race).
    await tx`select pg_advisory_xact_lock(hashtextextended(${`code-issue:${a.voterId}`}, 727100))`;
    const [existing] = await tx`select 1 from voting_codes where election_id = ${a.electionId} and voter_id = ${a.voterId}`;
    let detail: Record<string, string> = {};
    if (existing) {
      const [open] = await tx<{ id: string; requestedBy: string }[]>`
        select id, requested_by as "requestedBy" from voting_code_reissues
        where election_id = ${a.electionId} and voter_id = ${a.voterId} and confirmed_at is null`;
      if (!open) {
        await tx`insert into voting_code_reissues (election_id, voter_id, requested_by) values (${a.electionId}, ${a.voterId}, ${a.actor})`;
        await audit(tx, { communityId: e.communityId, actor: a.actor, action: 'voting_code.reissue_requested', electionId: a.electionId, subjectType: 'voter', subjectId: a.voterId });
        return refuse('security.code.reissueRequested');
      }
      if (open.requestedBy === a.actor) return refuse('security.code.reissueNeedsSecond');
      await tx`update voting_code_reissues set confirmed_by = ${a.actor}, confirmed_at = now() where id = ${open.id}`;
      detail = { requestedBy: open.requestedBy, confirmedBy: a.actor };
      const [names] = await tx<{ requested: string; confirmed: string }[]>`
        select (select display_name from users where id = ${open.requestedBy}) as requested, (select display_name from users where id = ${a.actor}) as confirmed`;
      await tx`insert into tasks (community_id, assignee_role, kind, subject_type, subject_id, params, idempotency_key)
               values (${e.communityId}, 'supervisor', 'security.code.reissueTask', 'election', ${a.electionId},
                       ${tx.json({ voter: voter.name, requestedBy: names!.requested, confirmedBy: names!.confirmed })}, ${`code-reissue-${open.id}`})`;
    }
    const code = newDigitCode();
    await tx`insert into voting_codes (election_id, voter_id, code_hash, issued_by) values (${a.electionId}, ${a.voterId}, ${votingCodeHash(a.electionId, code)}, ${a.actor})
             on conflict (election_id, voter_id) do update set code_hash = excluded.code_hash, issued_by = excluded.issued_by, issued_at = now()`;
    await audit(tx, { communityId: e.communityId, actor: a.actor, action: existing ? 'voting_code.reissued' : 'voting_code.issued', electionId: a.electionId, subjectType: 'voter', subjectId: a.voterId, details: detail });
    return { ok: true as const, code };
  });
}

/** The voter a code belongs to; every try is claimed against the client's and the prefix's bucket first. */
export async function voterForCode(
  sql: Sql,
  electionId: string,
  code: string,
  client?: string,
): Promise<{ ok: true; voterId: string } | Refusal> {
  const clean = normalizeDigitCode(code).slice(0, 40);
  const buckets = codeBuckets(electionId, clean, client);
  const claim = await claimAttempt(sql, buckets);
  if (!claim.ok) return refuse('election.errors.codeThrottled', { seconds: claim.retryAfterSeconds });
  const [row] = /^\d{12}$/.test(clean)
    ? await sql<{ voterId: string }[]>`
        select c.voter_id as "voterId" from voting_codes c join voters v on v.id = c.voter_id
        where c.election_id = ${electionId} and c.code_hash = ${votingCodeHash(electionId, clean)} and v.status = 'active'`
    : [];
  if (!row) return refuse('election.errors.codeInvalid');
  await settleAttempt(sql, { refund: buckets.map((b) => b.key) });
  return { ok: true, voterId: row.voterId };
}

// ─── the secret ballot ──────────────────────────────────────────────────────────────────────────

export type CastResult = { ok: true; roundNo: number } | Refusal;

/**
 * One online ballot: in ONE transaction, under a share lock of the phase row (phase must be
 * 'voting', round as expected), the participation flag (primary key = one per voter and round)
 * and the ballot (no voter, no time). A refused ballot changes nothing.
 */
export async function castBallot(
  sql: Sql,
  a: { electionId: string; voterId: string; roundNo: number; ballot: Ballot; receiptHash: string },
): Promise<CastResult> {
  const cast = await sql.begin(async (tx): Promise<CastResult> => {
    const e = await lockElection(tx, a.electionId);
    if (!e) return refuse('election.errors.electionNotFound');
    if (e.phase !== 'voting' || !e.ballotForm)
      return refuse(['preparation', 'registration', 'register_published', 'nomination', 'candidates_published'].includes(e.phase) ? 'election.errors.votingNotOpen' : 'election.errors.votingClosed');
    if (e.roundNo !== a.roundNo) return refuse('election.errors.votingClosed');
    if (!/^[0-9a-f-]{36}$/i.test(a.voterId)) return refuse('election.errors.notOnRegister');
    const [voter] = await tx<{ status: string }[]>`select status from voters where id = ${a.voterId} and election_id = ${a.electionId}`;
    if (!voter || voter.status !== 'active') return refuse('election.errors.notOnRegister');
    const [proxy] = await tx`select 1 from election_proxies where election_id = ${a.electionId} and giver_voter_id = ${a.voterId}`;
    const [prior] = await tx<{ channel: BallotChannel | 'proxy' }[]>`
      select channel from election_participation where election_id = ${a.electionId} and round_no = ${a.roundNo} and voter_id = ${a.voterId}`;
    if (prior?.channel === 'online') return refuse('election.errors.alreadyVoted');
    const issue = checkBallotIssue({ votedBy: prior ? 'paper' : null, proxyGiven: !!proxy }, 'online', e.plan.onlineVoting.enabled);
    if (!issue.ok) return issue;
    // Online ballots carry no write-ins (they are for paper): nobody is eligible as a write-in here.
    const valid = checkOnlineBallot(a.ballot, e.ballotForm, () => false);
    if (!valid.ok) return valid;
    const flagged = await tx`
      insert into election_participation (election_id, round_no, voter_id, channel)
      values (${a.electionId}, ${a.roundNo}, ${a.voterId}, 'online') on conflict do nothing returning 1`;
    if (flagged.length === 0) {
      // A concurrent submission of the same voter won: this one changes nothing.
      const [won] = await tx<{ channel: string }[]>`
        select channel from election_participation where election_id = ${a.electionId} and round_no = ${a.roundNo} and voter_id = ${a.voterId}`;
      return refuse(won?.channel === 'online' ? 'election.errors.alreadyVoted' : 'election.errors.alreadyVotedOnPaper');
    }
    // Sealed into the buffer in this transaction (durable before the voter is told), moved to
    // `ballots` later in a shuffled batch (flushBallotBuffer): see decision 026.
    await tx`insert into ballot_buffer (election_id, round_no, sealed)
             values (${a.electionId}, ${a.roundNo}, ${sealBallot(a.ballot, a.receiptHash)})`;
    return { ok: true as const, roundNo: a.roundNo };
  });
  if (cast.ok) await flushBallotBuffer(sql, a.electionId, a.roundNo);
  return cast;
}

/** Ballots move from the buffer to `ballots` in batches of at least this many while voting is open. */
export const BALLOT_BATCH = 20;

const sealBallot = (ballot: Ballot, receiptHash: string) => encrypt(Buffer.from(JSON.stringify({ ballot, receiptHash }), 'utf8'));
const unsealBallot = (sealed: Buffer) => JSON.parse(decrypt(sealed).toString('utf8')) as { ballot: Ballot; receiptHash: string };

/**
 * Moves a round's buffered ballots into `ballots`, in random order, in ONE transaction (delete from
 * the buffer and insert, so a ballot is never lost or doubled): while the round is open only when
 * at least BALLOT_BATCH are waiting (each batch shares one xmin, so a ballot hides among ≥ 20
 * voters); once it is closed, all of them. Returns how many moved. The re-seals vacuum the
 * buffer's dead (chronologically placed) copies.
 */
export async function flushBallotBuffer(sql: Sql, electionId: string, roundNo: number, opts: { vacuum?: boolean } = {}): Promise<number> {
  // Cheap look first: most casts find fewer than a batch waiting and do nothing more.
  const [peek] = await sql<{ open: boolean; waiting: number }[]>`
    select (phase = 'voting' and round_no = ${roundNo}) as open,
           (select count(*)::int from ballot_buffer where election_id = ${electionId} and round_no = ${roundNo}) as waiting
    from elections where id = ${electionId}`;
  if (!peek || peek.waiting === 0 || (peek.open && peek.waiting < BALLOT_BATCH)) return 0;
  const moved = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`ballot-buffer:${electionId}`}, 727100))`;
    const [e] = await tx<{ open: boolean; waiting: number }[]>`
      select (phase = 'voting' and round_no = ${roundNo}) as open,
             (select count(*)::int from ballot_buffer where election_id = ${electionId} and round_no = ${roundNo}) as waiting
      from elections where id = ${electionId}`;
    if (!e || e.waiting === 0 || (e.open && e.waiting < BALLOT_BATCH)) return 0;
    const rows = await tx<{ sealed: Buffer }[]>`
      delete from ballot_buffer where election_id = ${electionId} and round_no = ${roundNo} returning sealed`;
    const ballots = rows.map((r) => unsealBallot(r.sealed));
    for (let i = ballots.length - 1; i > 0; i--) {
      const j = randomInt(i + 1); // Fisher–Yates with a CSPRNG
      [ballots[i], ballots[j]] = [ballots[j]!, ballots[i]!];
    }
    const values = ballots.map((b) => ({ election_id: electionId, round_no: roundNo, choices: b.ballot, receipt_hash: b.receiptHash }));
    await tx`insert into ballots ${tx(values as never, 'election_id', 'round_no', 'choices', 'receipt_hash')}`;
    return ballots.length;
  });
  if (moved > 0 && opts.vacuum) {
    try {
      await sql`vacuum (skip_locked) ballot_buffer`; // drop the dead, chronologically placed copies
    } catch {
      // not the table owner: autovacuum will do it
    }
  }
  return moved;
}

/**
 * A paper ballot handed to a voter at the polling station (or to a proxy holder for the giver):
 * sets the participation flag so the voter cannot also vote online (edge #24).
 */
export async function issuePaperBallot(
  sql: Sql,
  a: { electionId: string; actor: string; voterId: string; viaProxy: boolean },
): Promise<Verdict> {
  return sql.begin(async (tx) => {
    const e = await lockElection(tx, a.electionId);
    if (!e) return refuse('election.errors.electionNotFound');
    if (e.phase !== 'voting') return refuse('election.errors.paperIssueWrongPhase');
    const [voter] = await tx<{ status: string }[]>`select status from voters where id = ${a.voterId} and election_id = ${a.electionId}`;
    if (!voter || voter.status !== 'active') return refuse('election.errors.voterNotFound');
    const [proxy] = await tx`select 1 from election_proxies where election_id = ${a.electionId} and giver_voter_id = ${a.voterId}`;
    const [prior] = await tx<{ channel: string }[]>`
      select channel from election_participation where election_id = ${a.electionId} and round_no = ${e.roundNo} and voter_id = ${a.voterId}`;
    const issue = checkBallotIssue({ votedBy: prior ? (prior.channel === 'online' ? 'online' : 'paper') : null, proxyGiven: !!proxy && !a.viaProxy }, 'paper', e.plan.onlineVoting.enabled);
    if (!issue.ok) return issue;
    if (a.viaProxy && !proxy) return refuse('election.errors.proxyGiverNotVoter');
    await tx`insert into election_participation (election_id, round_no, voter_id, channel)
             values (${a.electionId}, ${e.roundNo}, ${a.voterId}, ${a.viaProxy ? 'proxy' : 'paper'})`;
    await audit(tx, { communityId: e.communityId, actor: a.actor, action: a.viaProxy ? 'paper_ballot.issued_to_proxy' : 'paper_ballot.issued', electionId: a.electionId, subjectType: 'voter', subjectId: a.voterId, details: { round: e.roundNo } });
    return { ok: true as const };
  });
}

export async function participationOf(q: Queryable, electionId: string, roundNo: number, voterId: string): Promise<string | null> {
  const [row] = await q<{ channel: string }[]>`
    select channel from election_participation where election_id = ${electionId} and round_no = ${roundNo} and voter_id = ${voterId}`;
  return row?.channel ?? null;
}

export async function participationCounts(q: Queryable, electionId: string, roundNo: number) {
  const rows = await q<{ channel: string; n: number }[]>`
    select channel, count(*)::int as n from election_participation where election_id = ${electionId} and round_no = ${roundNo} group by channel`;
  const by = Object.fromEntries(rows.map((r) => [r.channel, r.n])) as Record<string, number>;
  return { online: by.online ?? 0, paper: by.paper ?? 0, proxy: by.proxy ?? 0 };
}

/**
 * Rewrites a round's ballots in random order in one transaction: every ballot gets the same new
 * xmin and a random physical place, so neither says which participation row it came with.
 */
export async function resealBallots(sql: Sql, electionId: string, roundNo: number): Promise<number> {
  await flushBallotBuffer(sql, electionId, roundNo, { vacuum: true }); // all of them once the round is closed
  const rows = await sql`
    with old as (delete from ballots where election_id = ${electionId} and round_no = ${roundNo}
                 returning id, election_id, round_no, choices, receipt_hash)
    insert into ballots (id, election_id, round_no, choices, receipt_hash)
    select id, election_id, round_no, choices, receipt_hash from old order by random()
    returning 1`;
  try {
    await sql`vacuum (skip_locked) ballots`; // drop the dead copies (old places and xmins)
  } catch {
    // not the table owner: autovacuum will do it
  }
  return rows.length;
}

export type OnlineRoundCount = {
  onlineIssued: number;
  totals: BallotTotals;
  electorate: ElectorateCounts;
  receipts: { count: number; digest: string };
  paperFlags: { paper: number; proxy: number };
};

/** Counts a closed round's online ballots with the same rules as a paper count (domain/ballot.ts). */
export async function countOnlineRound(sql: Sql, electionId: string, roundNo: number, form: BallotForm): Promise<OnlineRoundCount> {
  await flushBallotBuffer(sql, electionId, roundNo); // the round is closed: every buffered ballot moves
  const counted: SectionCount[][] = [];
  const digest = createHash('sha256');
  let receipts = 0;
  await sql<{ choices: Ballot; receiptHash: string }[]>`
    select choices, receipt_hash as "receiptHash" from ballots where election_id = ${electionId} and round_no = ${roundNo}
    order by receipt_hash`.cursor(1000, (rows) => {
    for (const r of rows) {
      counted.push(countPaperBallot(r.choices, form, () => false));
      digest.update(r.receiptHash + '\n');
      receipts++;
    }
  });
  const flags = await participationCounts(sql, electionId, roundNo);
  return {
    onlineIssued: flags.online,
    totals: tallyBallots(counted),
    electorate: await electorateCounts(sql, electionId),
    receipts: { count: receipts, digest: digest.digest('hex') },
    paperFlags: { paper: flags.paper, proxy: flags.proxy },
  };
}

/** Public receipt check: is a ballot with this receipt in the count? Says which round, never the choice. */
export async function findReceipt(q: Queryable, electionId: string, code: string): Promise<{ roundNo: number } | null> {
  const clean = normalizeDigitCode(code);
  if (!/^\d{12}$/.test(clean)) return null;
  const hash = receiptHash(electionId, clean);
  const [row] = await q<{ roundNo: number }[]>`
    select round_no as "roundNo" from ballots where election_id = ${electionId} and receipt_hash = ${hash}`;
  if (row) return row;
  // Still waiting for its batch (fewer than BALLOT_BATCH rows): look among the sealed ones.
  const waiting = await q<{ roundNo: number; sealed: Buffer }[]>`
    select round_no as "roundNo", sealed from ballot_buffer where election_id = ${electionId}`;
  const found = waiting.find((w) => unsealBallot(w.sealed).receiptHash === hash);
  return found ? { roundNo: found.roundNo } : null;
}

// ─── scans of tally sheets ──────────────────────────────────────────────────────────────────────

export const SCAN_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'] as const;

export async function storeScan(
  sql: Sql,
  a: { communityId: string; electionId: string; actor: string; filename: string; contentType: string; bytes: Buffer },
): Promise<{ ok: true; attachmentId: string } | Refusal> {
  if (!(SCAN_TYPES as readonly string[]).includes(a.contentType) || a.bytes.length === 0) return refuse('election.errors.scanRequired');
  if (a.bytes.length > 10 * 1024 * 1024) return refuse('election.errors.scanTooLarge');
  const [row] = await sql<{ id: string }[]>`
    insert into attachments (community_id, uploaded_by, subject_type, subject_id, filename, content_type, size_bytes, sha256, content)
    values (${a.communityId}, ${a.actor}, 'election', ${a.electionId}, ${a.filename.slice(0, 200)}, ${a.contentType}, ${a.bytes.length},
            ${createHash('sha256').update(a.bytes).digest('hex')}, ${a.bytes})
    returning id`;
  return { ok: true, attachmentId: row!.id };
}

// ─── public pages ───────────────────────────────────────────────────────────────────────────────

export async function publicElection(q: Queryable, communitySlug: string, electionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(electionId)) return undefined;
  const [row] = await q<{ id: string; communityId: string; nameZh: string; nameEn: string; title: string; phase: string; plan: ElectionPlan }[]>`
    select e.id, e.community_id as "communityId", c.name_zh as "nameZh", c.name_en as "nameEn", e.title, e.phase, e.plan
    from elections e join communities c on c.id = e.community_id where c.slug = ${communitySlug} and e.id = ${electionId}`;
  return row;
}

export async function publicElectionsOf(q: Queryable, communitySlug: string) {
  return q<{ id: string; title: string; phase: string; electionDay: string; nameZh: string; nameEn: string }[]>`
    select e.id, e.title, e.phase, e.plan->>'electionDay' as "electionDay", c.name_zh as "nameZh", c.name_en as "nameEn"
    from elections e join communities c on c.id = e.community_id
    where c.slug = ${communitySlug} order by e.created_at desc`;
}
