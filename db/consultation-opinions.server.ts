/** Opinions on a consultation (high volume: SQL guarded by the consultation's state row), one-time codes for residents without an account, answers. */
import { createHash, randomInt } from 'node:crypto';
import { CONSULTATION_TRANSITIONS, opinionSchema, answerOpinionSchema, type ConsultationState, type OpinionRecord } from '../domain/consultation';
import { allowed, refuse, type Verdict } from '../domain/errors';
import type { Queryable, Sql } from './client.server';
import { keyedDigest } from './elections.server';
import { claimAttempt, codeBuckets, settleAttempt } from './throttle.server';
import { isUuid } from './consultation-rows.server';

// ─── Opinions (high volume: SQL guarded by the consultation's state row) ─────────────────────

export type OpinionRow = OpinionRecord & { authorName: string | null; viaCode: boolean };

export async function opinionsOf(sql: Sql, consultationId: string): Promise<OpinionRow[]> {
  const rows = await sql<
    {
      id: string;
      authorId: string | null;
      authorRole: string;
      authorName: string | null;
      body: string;
      submittedAt: Date;
      answer: string | null;
      answeredBy: string | null;
      answeredAt: Date | null;
    }[]
  >`
    select o.id, o.author_user_id as "authorId", o.author_role as "authorRole", u.display_name as "authorName", o.body,
           o.submitted_at as "submittedAt", o.answer, o.answered_by as "answeredBy", o.answered_at as "answeredAt"
    from consultation_opinions o left join users u on u.id = o.author_user_id
    where o.consultation_id = ${consultationId} order by o.submitted_at, o.id`;
  return rows.map((r) => ({
    id: r.id,
    authorId: r.authorId ?? 'code',
    authorRole: r.authorRole === 'resident_representative' ? 'resident_representative' : 'resident',
    authorName: r.authorName,
    viaCode: r.authorRole === 'code',
    text: r.body,
    submittedAt: new Date(r.submittedAt).getTime(),
    ...(r.answer
      ? { answer: { text: r.answer, answeredBy: r.answeredBy!, answeredAt: new Date(r.answeredAt!).getTime() } }
      : {}),
  }));
}

export async function opinionCounts(sql: Queryable, consultationId: string): Promise<{ received: number; answered: number }> {
  const [row] = await sql<{ received: number; answered: number }[]>`
    select count(*)::int as received, count(answer)::int as answered
    from consultation_opinions where consultation_id = ${consultationId}`;
  return row ?? { received: 0, answered: 0 };
}

/** Locks the state row (shared) and says whether opinions may be written now. */
async function openWindow(tx: Queryable, communityId: string, consultationId: string): Promise<Verdict> {
  const [row] = await tx<{ state: ConsultationState; open: boolean; ended: boolean }[]>`
    select state,
           (opinions_open_at is not null and opinions_open_at <= now()) as open,
           (opinions_close_at is not null and opinions_close_at <= now()) as ended
    from consultations where id = ${consultationId} and community_id = ${communityId} for share`;
  if (!row) return refuse('consultation.ui.errors.notFound');
  if (!(CONSULTATION_TRANSITIONS.leaveOpinion.from as readonly string[]).includes(row.state) || !row.open)
    return refuse('consultation.ui.errors.opinionsClosed');
  if (row.ended) return refuse('consultation.ui.errors.opinionWindowEnded');
  return allowed;
}

function checkText(text: string): Verdict & { text?: string } {
  const r = opinionSchema.safeParse({ text });
  return r.success ? { ok: true, text: r.data.text } : refuse(r.error.issues[0]!.message);
}

/**
 * A signed-in resident's opinion. Written in one transaction that holds the consultation's state row,
 * so an opinion is either in before the workflow closes the window or refused. Re-sending the same
 * form (same opinion id) is a no-op.
 */
export async function leaveOpinion(
  sql: Sql,
  o: {
    communityId: string;
    consultationId: string;
    opinionId: string;
    userId: string;
    role: 'resident' | 'resident_representative';
    text: string;
  },
): Promise<Verdict> {
  const t = checkText(o.text);
  if (!t.ok) return t;
  return sql.begin(async (tx) => {
    const [same] = await tx<{ author: string | null }[]>`
      select author_user_id as author from consultation_opinions where id = ${o.opinionId}`;
    if (same) return same.author === o.userId ? allowed : refuse('consultation.errors.duplicateOpinionId');
    const v = await openWindow(tx, o.communityId, o.consultationId);
    if (!v.ok) return v;
    await tx`
      insert into consultation_opinions (id, consultation_id, community_id, author_user_id, author_role, body)
      values (${o.opinionId}, ${o.consultationId}, ${o.communityId}, ${o.userId}, ${o.role}, ${t.text!})
      on conflict (id) do nothing`;
    return allowed;
  });
}

/** Codes: 8 characters of an alphabet without 0/O, 1/I/L, shown as XXXX-XXXX. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const normalizeCode = (code: string) =>
  code
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
/** Codes are secrets that let someone speak: keyed hash under the data key (issue 9, item 1). */
export const hashCode = (consultationId: string, code: string) => keyedDigest('consultation-code', `${consultationId}:${normalizeCode(code)}`);
/** How codes issued before migration 00009 were kept (bare SHA-256); still accepted until used. */
const legacyHashCode = (consultationId: string, code: string) =>
  createHash('sha256').update(`${consultationId}:${normalizeCode(code)}`, 'utf8').digest('hex');

function newCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

/** States in which one-time codes may be issued (before and during the opinion window). */
export const CODE_STATES: readonly ConsultationState[] = ['topic_proposed', 'topic_published', 'collecting'];

/** Issues `count` one-time codes; returns them in clear text once (only their hashes are kept). */
export async function issueAccessCodes(
  sql: Sql,
  a: { communityId: string; consultationId: string; count: number; userId: string },
): Promise<Verdict & { codes?: string[]; batch?: number }> {
  return sql.begin(async (tx) => {
    const [row] = await tx<{ state: ConsultationState }[]>`
      select state from consultations where id = ${a.consultationId} and community_id = ${a.communityId} for share`;
    if (!row) return refuse('consultation.ui.errors.notFound');
    if (!CODE_STATES.includes(row.state)) return refuse('consultation.ui.errors.codesClosed');
    const [b] = await tx<{ batch: number }[]>`
      select coalesce(max(batch), 0)::int + 1 as batch from consultation_access_codes where consultation_id = ${a.consultationId}`;
    const codes = Array.from({ length: a.count }, newCode);
    for (const code of codes)
      await tx`
        insert into consultation_access_codes (consultation_id, community_id, code_hash, batch, issued_by)
        values (${a.consultationId}, ${a.communityId}, ${hashCode(a.consultationId, code)}, ${b!.batch}, ${a.userId})`;
    return { ok: true as const, codes, batch: b!.batch };
  });
}

export async function accessCodeCounts(sql: Sql, consultationId: string): Promise<{ issued: number; used: number }> {
  const [row] = await sql<{ issued: number; used: number }[]>`
    select count(*)::int as issued, count(used_at)::int as used from consultation_access_codes
    where consultation_id = ${consultationId}`;
  return row ?? { issued: 0, used: 0 };
}

/** An opinion left with a one-time code (no account). The code is used up in the same transaction. */
export async function leaveOpinionWithCode(
  sql: Sql,
  o: { communityId: string; consultationId: string; opinionId: string; code: string; text: string; client?: string },
): Promise<Verdict> {
  const t = checkText(o.text);
  if (!t.ok) return t;
  const hashes = [hashCode(o.consultationId, o.code), legacyHashCode(o.consultationId, o.code)];
  // Every try is claimed against the client's and the code prefix's bucket first (decision 022).
  const buckets = codeBuckets(o.consultationId, normalizeCode(o.code), o.client);
  const claim = await claimAttempt(sql, buckets);
  if (!claim.ok) return refuse('security.code.throttled', { seconds: claim.retryAfterSeconds });
  const verdict = await sql.begin(async (tx) => {
    // A resent form: the same opinion id with the same code is already in.
    const [same] = await tx<{ hash: string | null }[]>`
      select c.code_hash as hash from consultation_opinions o left join consultation_access_codes c on c.id = o.access_code_id
      where o.id = ${o.opinionId}`;
    if (same) return same.hash && hashes.includes(same.hash) ? allowed : refuse('consultation.errors.duplicateOpinionId');
    const v = await openWindow(tx, o.communityId, o.consultationId);
    if (!v.ok) return v;
    const [code] = await tx<{ id: string }[]>`
      update consultation_access_codes set used_at = now()
      where code_hash in ${tx(hashes)} and consultation_id = ${o.consultationId} and used_at is null returning id`;
    if (!code) return refuse('consultation.ui.errors.codeInvalid');
    await tx`
      insert into consultation_opinions (id, consultation_id, community_id, access_code_id, author_role, body)
      values (${o.opinionId}, ${o.consultationId}, ${o.communityId}, ${code.id}, 'code', ${t.text!})`;
    return allowed;
  });
  if (verdict.ok || verdict.key !== 'consultation.ui.errors.codeInvalid') await settleAttempt(sql, { refund: buckets.map((b) => b.key) });
  return verdict;
}

/** The committee's answer to one opinion, once, while answers are open (state row held). */
export async function answerOpinion(
  sql: Sql,
  a: { communityId: string; consultationId: string; opinionId: string; text: string; userId: string },
): Promise<Verdict> {
  const r = answerOpinionSchema.safeParse({ opinionId: a.opinionId, text: a.text });
  if (!r.success) return refuse(r.error.issues[0]!.message);
  return sql.begin(async (tx) => {
    const [row] = await tx<{ state: ConsultationState }[]>`
      select state from consultations where id = ${a.consultationId} and community_id = ${a.communityId} for share`;
    if (!row) return refuse('consultation.ui.errors.notFound');
    if (!(CONSULTATION_TRANSITIONS.answerOpinion.from as readonly string[]).includes(row.state))
      return refuse('consultation.errors.wrongState', { state: row.state, action: 'answerOpinion' });
    if (!isUuid(a.opinionId)) return refuse('consultation.errors.opinionNotFound');
    const [o] = await tx<{ answer: string | null; answeredBy: string | null }[]>`
      select answer, answered_by as "answeredBy" from consultation_opinions
      where id = ${a.opinionId} and consultation_id = ${a.consultationId} for update`;
    if (!o) return refuse('consultation.errors.opinionNotFound');
    if (o.answer !== null) return o.answer === r.data.text && o.answeredBy === a.userId ? allowed : refuse('consultation.errors.alreadyAnswered');
    await tx`
      update consultation_opinions set answer = ${r.data.text}, answered_by = ${a.userId}, answered_at = now()
      where id = ${a.opinionId}`;
    return allowed;
  });
}
