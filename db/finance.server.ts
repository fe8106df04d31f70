/**
 * 财务公开 in PostgreSQL: quarterly account versions, their review and their publication on the
 * disclosure chain (domain/finance/account.ts has the rules). Each command runs in one transaction
 * with the account row locked, checks its rule there, and writes an audit entry; publication is
 * idempotent by account id, so a repeated or interrupted "publish" appends one disclosure.
 */
import { accountDisclosureBody, mayPublish, mayReview, maySubmit, totals, type AccountLine, type AccountState, type Quarter } from '../domain/finance/account';
import { allowed, refuse, type Refusal, type Verdict } from '../domain/errors';
import { writeAudit } from './admin.server';
import type { Queryable, Sql } from './client.server';
import { publishDisclosure } from './disclosures.server';

export type Account = {
  id: string;
  year: number;
  quarter: Quarter['quarter'];
  version: number;
  state: AccountState;
  openingYuan: number;
  lines: AccountLine[];
  sourceFile: string | null;
  draftedBy: string;
  draftedByName: string;
  draftedAt: Date;
  submittedAt: Date | null;
  reviewedByName: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  publishedAt: Date | null;
  disclosureId: string | null;
  corrects: string | null;
  correctionReason: string | null;
};

const columns = (q: Queryable) => q`
  a.id, a.year, a.quarter, a.version, a.state, a.opening_yuan::float8 as "openingYuan", a.lines, a.source_file as "sourceFile",
  a.drafted_by as "draftedBy", d.display_name as "draftedByName", a.drafted_at as "draftedAt", a.submitted_at as "submittedAt",
  r.display_name as "reviewedByName", a.reviewed_at as "reviewedAt", a.review_note as "reviewNote", a.published_at as "publishedAt",
  a.disclosure_id as "disclosureId", a.corrects, a.correction_reason as "correctionReason"`;

export async function accountsOf(q: Queryable, communityId: string): Promise<Account[]> {
  return q<Account[]>`
    select ${columns(q)} from finance_accounts a
      join users d on d.id = a.drafted_by left join users r on r.id = a.reviewed_by
     where a.community_id = ${communityId}
     order by a.year desc, a.quarter desc, a.version desc`;
}

async function locked(tx: Queryable, communityId: string, id: string): Promise<Account | undefined> {
  const [a] = await tx<Account[]>`
    select ${columns(tx)} from finance_accounts a
      join users d on d.id = a.drafted_by left join users r on r.id = a.reviewed_by
     where a.community_id = ${communityId} and a.id = ${id}
     for update of a`;
  return a;
}

type Ok<T> = { ok: true } & T;

/**
 * A new draft for a quarter from imported lines, or the lines of an open (draft/returned) one
 * replaced. A quarter already published gets a correction draft only with a reason.
 */
export async function saveDraft(
  sql: Sql,
  c: {
    communityId: string;
    actor: string;
    quarter: Quarter;
    openingYuan: number;
    lines: AccountLine[];
    sourceFile: string;
    correctionReason?: string;
  }
): Promise<Ok<{ id: string }> | Refusal> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtextextended(${`finance:${c.communityId}:${c.quarter.year}:${c.quarter.quarter}`}, 0))`;
    const versions = await tx<{ id: string; version: number; state: AccountState }[]>`
      select id, version, state from finance_accounts
       where community_id = ${c.communityId} and year = ${c.quarter.year} and quarter = ${c.quarter.quarter} order by version desc`;
    const open = versions.find((v) => ['draft', 'submitted', 'returned', 'approved'].includes(v.state));
    const published = versions.find((v) => v.state === 'published');
    if (open && !['draft', 'returned'].includes(open.state)) return refuse('finance.refused.underReview');
    if (!open && published && !c.correctionReason) return refuse('finance.errors.correctionReason');
    const body = {
      openingYuan: c.openingYuan,
      lines: c.lines,
      sourceFile: c.sourceFile,
    };
    let id: string;
    if (open) {
      await tx`update finance_accounts set state = 'draft', opening_yuan = ${c.openingYuan}, lines = ${tx.json(c.lines as never)},
                 source_file = ${c.sourceFile}, drafted_by = ${c.actor}, drafted_at = now(), submitted_by = null, submitted_at = null
               where id = ${open.id}`;
      id = open.id;
    } else {
      const [row] = await tx<{ id: string }[]>`
        insert into finance_accounts (community_id, year, quarter, version, state, opening_yuan, lines, source_file, drafted_by, corrects, correction_reason)
        values (${c.communityId}, ${c.quarter.year}, ${c.quarter.quarter}, ${(versions[0]?.version ?? 0) + 1}, 'draft', ${c.openingYuan},
                ${tx.json(c.lines as never)}, ${c.sourceFile}, ${c.actor}, ${published?.id ?? null}, ${published ? c.correctionReason! : null})
        returning id`;
      id = row!.id;
    }
    await writeAudit(tx, {
      communityId: c.communityId,
      actor: c.actor,
      action: 'finance.draft',
      subjectType: 'finance_account',
      subjectId: id,
      details: {
        new: {
          quarter: `${c.quarter.year}Q${c.quarter.quarter}`,
          lines: c.lines.length,
          ...totals(c.openingYuan, c.lines),
          file: body.sourceFile,
        },
      },
    });
    return { ok: true as const, id };
  });
}

async function transition(
  sql: Sql,
  communityId: string,
  id: string,
  actor: string,
  action: string,
  check: (a: Account) => Verdict,
  apply: (tx: Queryable, a: Account) => Promise<unknown>,
  details: Record<string, unknown> = {}
): Promise<Ok<{ account: Account }> | Refusal> {
  return sql.begin(async (tx) => {
    const a = await locked(tx, communityId, id);
    if (!a) return refuse('finance.refused.notFound');
    const v = check(a);
    if (!v.ok) return v;
    await apply(tx, a);
    await writeAudit(tx, {
      communityId,
      actor,
      action,
      subjectType: 'finance_account',
      subjectId: id,
      details: { old: a.state, ...details },
    });
    return { ok: true as const, account: a };
  });
}

export const submitAccount = (sql: Sql, communityId: string, id: string, actor: string) =>
  transition(
    sql,
    communityId,
    id,
    actor,
    'finance.submit',
    (a) => maySubmit(a),
    (tx) => tx`update finance_accounts set state = 'submitted', submitted_by = ${actor}, submitted_at = now() where id = ${id}`
  );

export const reviewAccount = (sql: Sql, communityId: string, id: string, actor: string, decision: 'approve' | 'return', note: string | null) =>
  transition(
    sql,
    communityId,
    id,
    actor,
    `finance.${decision}`,
    (a) =>
      mayReview(
        {
          state: a.state,
          draftedBy: a.draftedBy,
          submittedAt: a.submittedAt?.getTime() ?? null,
        },
        actor
      ),
    (tx) =>
      tx`update finance_accounts set state = ${decision === 'approve' ? 'approved' : 'returned'}, reviewed_by = ${actor},
           reviewed_at = now(), review_note = ${note} where id = ${id}`,
    { new: decision === 'approve' ? 'approved' : 'returned', note }
  );

/** Publishes an approved account (or one the supervisors left unreviewed for two working days). */
export async function publishAccount(
  sql: Sql,
  communityId: string,
  id: string,
  actor: string,
  now = new Date()
): Promise<Ok<{ disclosureId: string }> | Refusal> {
  const [a] = await sql<Account[]>`
    select ${columns(sql)} from finance_accounts a join users d on d.id = a.drafted_by left join users r on r.id = a.reviewed_by
     where a.community_id = ${communityId} and a.id = ${id}`;
  if (!a) return refuse('finance.refused.notFound');
  if (a.state === 'published') return { ok: true, disclosureId: a.disclosureId! };
  const v = mayPublish(
    {
      state: a.state,
      draftedBy: a.draftedBy,
      submittedAt: a.submittedAt?.getTime() ?? null,
    },
    now.getTime()
  );
  if (!v.ok) return v;
  const q = { year: a.year, quarter: a.quarter };
  const [previous] = a.corrects
    ? await sql<{ disclosureId: string }[]>`select disclosure_id as "disclosureId" from finance_accounts where id = ${a.corrects}`
    : [];
  const d = await publishDisclosure(sql, {
    communityId,
    kind: 'finance',
    subjectType: 'finance_account',
    subjectId: `${a.year}Q${a.quarter}`,
    title: `${a.year}年第${a.quarter}季度财务公开`,
    body: accountDisclosureBody(q, a.openingYuan, a.lines, v.reviewed) as never,
    ...(previous
      ? {
          corrects: previous.disclosureId,
          correctionReason: a.correctionReason!,
          substantive: true,
        }
      : {}),
    publishedAt: now,
    idempotencyKey: `finance:${a.id}`,
  });
  const done = await transition(
    sql,
    communityId,
    id,
    actor,
    'finance.publish',
    (x) => (x.state === 'published' ? refuse('finance.refused.published') : allowed),
    async (tx) => {
      await tx`update finance_accounts set state = 'published', published_by = ${actor}, published_at = ${now}, disclosure_id = ${d.id} where id = ${id}`;
      if (a.corrects) await tx`update finance_accounts set state = 'superseded' where id = ${a.corrects}`;
    },
    { new: 'published', reviewed: v.reviewed, disclosureId: d.id }
  );
  if (!done.ok && done.key !== 'finance.refused.published') return done;
  return { ok: true, disclosureId: d.id };
}
