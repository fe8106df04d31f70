/**
 * Proxies, voting codes, the secret ballot and tally-sheet scans.
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
import { createHash, randomInt } from 'node:crypto';
import { allowed, refuse, type Refusal, type Verdict } from '../domain/errors';
import { checkBallotIssue, checkOnlineBallot, countPaperBallot, tallyBallots, type Ballot, type BallotChannel, type BallotForm, type BallotTotals, type SectionCount } from '../domain/election/ballot';
import { checkProxy } from '../domain/election/proxy';
import { checkProxyApplicationTime } from '../domain/election/timeline';
import type { ElectorateCounts } from '../domain/election/tally';
import type { Queryable, Sql } from './client.server';
import { claimAttempt, codeBuckets, settleAttempt } from './throttle.server';
import { decrypt, encrypt, newDigitCode, normalizeDigitCode, receiptHash, votingCodeHash } from './election-keys.server';
import { audit, electionById } from './election-rows.server';
import { electorateCounts, lockElection, lockElectionWithSnapshot, voterById } from './election-register.server';

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

/** The scan's own check (type and size), before anything is stored or sent. */
export function checkScan(a: { contentType: string; bytes: Buffer }): Verdict {
  if (!(SCAN_TYPES as readonly string[]).includes(a.contentType) || a.bytes.length === 0) return refuse('election.errors.scanRequired');
  if (a.bytes.length > 10 * 1024 * 1024) return refuse('election.errors.scanTooLarge');
  return allowed;
}

/**
 * The attachment id of the scan sent with the command `idempotencyKey`: the same form sent again
 * names the same attachment, so it is stored once (decision 047).
 */
export function scanAttachmentIdFor(electionId: string, idempotencyKey: string): string {
  const h = createHash('sha256').update(`minyi:election-scan:${electionId}:${idempotencyKey}`, 'utf8').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Stores a checked scan under its id; a second store of the same id changes nothing. */
export async function storeScan(
  q: Queryable,
  a: { id: string; communityId: string; electionId: string; actor: string; filename: string; contentType: string; bytes: Buffer },
): Promise<{ ok: true; attachmentId: string } | Refusal> {
  const checked = checkScan(a);
  if (!checked.ok) return checked;
  await q`
    insert into attachments (id, community_id, uploaded_by, subject_type, subject_id, filename, content_type, size_bytes, sha256, content)
    values (${a.id}, ${a.communityId}, ${a.actor}, 'election', ${a.electionId}, ${a.filename.slice(0, 200)}, ${a.contentType}, ${a.bytes.length},
            ${createHash('sha256').update(a.bytes).digest('hex')}, ${a.bytes})
    on conflict (id) do nothing`;
  return { ok: true, attachmentId: a.id };
}
